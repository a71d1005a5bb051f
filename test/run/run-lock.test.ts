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

describe('taking over a stale lock', () => {
  // Two processes that find the same dead holder at the same instant: exactly one may take it over. Deleting the
  // stale file and linking a new one let both through (16 of 40 tries): the second deleted the first one's new lock.
  it('never gives two processes the lock, over many simultaneous takeovers', async () => {
    const rounds = 100;
    // Above Linux's largest pid_max (2^22), so never a live process: a recycled pid of a process that died would make
    // the lock live and both contenders (rightly) refuse, on a busy machine.
    const dead = 4_194_305;
    const base = tempDir('lock-race');
    const start = Date.now() + 1500; // both children are loaded by then
    const plan = Array.from({ length: rounds }, (_, i) => {
      const dir = path.join(base, `r${i}`);
      fs.mkdirSync(dir);
      writeLock(dir, { pid: dead, host: os.hostname(), command: 'run', since: 'then' });
      return { dir, at: start + i * 25 };
    });
    const contender = path.join(import.meta.dirname, 'fixtures', 'lock-contender.ts');
    const children = [0, 1].map(() => spawn(process.execPath, ['--import', 'tsx', contender, JSON.stringify(plan)], { stdio: ['pipe', 'pipe', 'inherit'] }));
    // Each reports, then holds its locks until both have reported (stdin closed below).
    const outputs = await Promise.all(children.map((child) => new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.endsWith('done\n')) resolve(out);
      });
      child.once('exit', (code) => reject(new Error(`contender exited ${code} before reporting`)));
    })));
    for (const child of children) child.stdin!.end();
    const got = new Map<string, number>();
    for (const line of outputs.join('').split('\n').filter((l) => l && l !== 'done')) {
      const [dir, what] = line.split(' ');
      got.set(dir!, (got.get(dir!) ?? 0) + (what === 'got' ? 1 : 0));
    }
    expect(got.size).toBe(rounds);
    const twice = [...got].filter(([, n]) => n > 1).length;
    const none = [...got].filter(([, n]) => n === 0).length;
    expect({ twice, none }).toEqual({ twice: 0, none: 0 });
  }, 60_000);
});
