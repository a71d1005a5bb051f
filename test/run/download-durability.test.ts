// Durability before the ledger says "downloaded": a downloaded object is fsynced as `.part`, renamed into place, and
// the folders holding the new names are fsynced; writeLedger fsyncs the run folder after its rename.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { createBlobPort } from '../../src/aws/blob-port.ts';
import { writeLedger, type Ledger } from '../../src/run/ledger.ts';
import { fsyncDir } from '../../src/fsync-dir.ts';
import { clients, putText, type Clients } from '../emulator/helpers.ts';

let emu: RunningEmulator;
let c: Clients;
let root: string;

beforeAll(async () => {
  emu = await startEmulator();
  c = clients(emu);
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-durability-'));
});
afterAll(async () => {
  c.s3.destroy();
  await emu.close();
  fs.rmSync(root, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

/** Records fsyncs (by the path their fd was opened on) and renames, in order, for paths under `under`. */
function recordSyncs(under: string): string[] {
  const events: string[] = [];
  const fdPath = new Map<number, string>();
  const real = { open: fs.openSync, fsync: fs.fsyncSync, rename: fs.renameSync };
  vi.spyOn(fs, 'openSync').mockImplementation(((p: fs.PathLike, ...rest: unknown[]) => {
    const fd = (real.open as (...a: unknown[]) => number)(p, ...rest);
    fdPath.set(fd, path.resolve(String(p)));
    return fd;
  }) as typeof fs.openSync);
  vi.spyOn(fs, 'fsyncSync').mockImplementation((fd) => {
    const p = fdPath.get(fd) ?? `fd ${fd}`;
    if (p.startsWith(under)) events.push(`fsync ${path.relative(under, p) || '.'}`);
    real.fsync(fd);
  });
  vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
    if (path.resolve(String(to)).startsWith(under)) events.push(`rename ${path.relative(under, String(from))} -> ${path.relative(under, String(to))}`);
    real.rename(from, to);
  });
  return events;
}

describe('download durability', () => {
  const body = Array.from({ length: 2000 }, (_, i) => `{"recordId":"r${i}","modelOutput":"${'x'.repeat(100)}"}\n`).join('');

  it('fsyncs the .part file before the rename, then the folder and every folder it created; the file is complete', async () => {
    await putText(c, 's3://out/job/a.jsonl.out', body);
    await putText(c, 's3://out/job/b.jsonl.out', 'second\n');
    const blobs = createBlobPort(c.s3);
    const base = path.join(root, 'run');
    fs.mkdirSync(base);
    const events = recordSyncs(root);

    await blobs.download('s3://out/job/a.jsonl.out', path.join(base, 'outputs', 'm1', 'a.jsonl.out'));
    expect(events).toEqual([
      `fsync ${path.join('run', 'outputs', 'm1', 'a.jsonl.out.part')}`,
      `rename ${path.join('run', 'outputs', 'm1', 'a.jsonl.out.part')} -> ${path.join('run', 'outputs', 'm1', 'a.jsonl.out')}`,
      `fsync ${path.join('run', 'outputs', 'm1')}`,
      `fsync ${path.join('run', 'outputs')}`,
      'fsync run', // holds the new folder `outputs`; nothing above it was created, so nothing above it is fsynced
    ]);

    events.length = 0;
    await blobs.download('s3://out/job/b.jsonl.out', path.join(base, 'outputs', 'm1', 'b.jsonl.out'));
    expect(events).toEqual([
      `fsync ${path.join('run', 'outputs', 'm1', 'b.jsonl.out.part')}`,
      `rename ${path.join('run', 'outputs', 'm1', 'b.jsonl.out.part')} -> ${path.join('run', 'outputs', 'm1', 'b.jsonl.out')}`,
      `fsync ${path.join('run', 'outputs', 'm1')}`,
    ]);

    expect(fs.readFileSync(path.join(base, 'outputs', 'm1', 'a.jsonl.out'), 'utf8')).toBe(body);
    expect(fs.readFileSync(path.join(base, 'outputs', 'm1', 'b.jsonl.out'), 'utf8')).toBe('second\n');
    expect(fs.readdirSync(path.join(base, 'outputs', 'm1')).sort()).toEqual(['a.jsonl.out', 'b.jsonl.out']);
  });

  it('writeLedger fsyncs the run folder after renaming the ledger into place', () => {
    const dir = fs.mkdtempSync(path.join(root, 'ledger-'));
    const events = recordSyncs(root);
    writeLedger(dir, { version: 1, runId: 'r1', models: [] } as unknown as Ledger);
    const rel = path.relative(root, dir);
    expect(events.at(-2)).toMatch(new RegExp(`^rename ${rel}/ledger\\.json\\.\\d+\\.tmp -> ${rel}/ledger\\.json$`));
    expect(events.at(-1)).toBe(`fsync ${rel}`);
  });
});

describe('fsyncDir', () => {
  const fail = (code: string) => () => { throw Object.assign(new Error(code), { code }); };

  it('ignores platforms that refuse to fsync a directory, and closes what it opened', () => {
    for (const code of ['EISDIR', 'EINVAL', 'EPERM']) {
      vi.spyOn(fs, 'fsyncSync').mockImplementation(fail(code));
      const close = vi.spyOn(fs, 'closeSync');
      expect(() => fsyncDir(root)).not.toThrow();
      expect(close).toHaveBeenCalledTimes(1);
      vi.restoreAllMocks();
    }
    vi.spyOn(fs, 'openSync').mockImplementation(fail('EISDIR'));
    expect(() => fsyncDir(root)).not.toThrow();
  });

  it('throws any other error', () => {
    vi.spyOn(fs, 'fsyncSync').mockImplementation(fail('EIO'));
    const close = vi.spyOn(fs, 'closeSync');
    expect(() => fsyncDir(root)).toThrow(/EIO/);
    expect(close).toHaveBeenCalledTimes(1);
    vi.restoreAllMocks();
    vi.spyOn(fs, 'openSync').mockImplementation(fail('ENOENT'));
    expect(() => fsyncDir(path.join(root, 'missing'))).toThrow(/ENOENT/);
  });
});
