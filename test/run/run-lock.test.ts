// The run lock on its own: taken, refused, stale, released.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE, liveHolder, lockHolder, lockRun } from '../../src/run/run-lock.ts';
import { tempDir } from '../helpers/temp-dir.ts';

function writeLock(dir: string, holder: Record<string, unknown>): void {
  fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify(holder));
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe('lockRun', () => {
  it('writes the holder, takes over a leftover lock of this very process, and release removes only its own lock', () => {
    const dir = tempDir('lock');
    const lock = lockRun(dir, 'collect');
    expect(lockHolder(dir)).toMatchObject({ pid: process.pid, host: os.hostname(), command: 'collect' });
    // A lock of this very process is a leftover (in-process retries): taken over, not refused.
    const again = lockRun(dir, 'score');
    expect(lockHolder(dir)?.command).toBe('score');
    lock.release(); // no longer its lock: left in place
    expect(lockHolder(dir)?.command).toBe('score');
    again.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    again.release();
  });

  it('refuses a live holder on this host and any holder on another host, naming it', () => {
    const dir = tempDir('lock');
    writeLock(dir, { pid: process.ppid, host: os.hostname(), command: 'run', since: 'then' });
    expect(() => lockRun(dir, 'cancel')).toThrow(`is in use by \`beval run\` (process ${process.ppid} on ${os.hostname()}, since then)`);
    expect(liveHolder(dir)?.pid).toBe(process.ppid);
    writeLock(dir, { pid: 1, host: 'elsewhere', command: 'collect', since: 'then' });
    expect(() => lockRun(dir, 'cancel')).toThrow(`If no such process exists, delete ${path.join(dir, LOCK_FILE)}`);
  });

  it('takes over the lock of a process that died, and a torn lock file', async () => {
    const dir = tempDir('lock');
    writeLock(dir, { pid: await deadPid(), host: os.hostname(), command: 'run', since: 'then' });
    expect(liveHolder(dir)).toBeUndefined();
    lockRun(dir, 'collect').release();
    fs.writeFileSync(path.join(dir, LOCK_FILE), '{"pid":12');
    const lock = lockRun(dir, 'collect');
    expect(lockHolder(dir)?.command).toBe('collect');
    lock.release();
  });
});
