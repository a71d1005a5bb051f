// A full disk: write(2) writes what fits and returns a short count, then fails with ENOSPC. Every writer of the run
// directory must notice, and the ledger must stay the old one (it was torn at 4,096 bytes and then refused as
// "changed outside beval", leaving completed, billed jobs with nothing to resume from).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { readLedger, writeLedger, type Ledger } from '../../src/run/ledger.ts';
import { CellWriter } from '../../src/engine/cell-store.ts';
import { SyncFileStream } from '../../src/engine/sync-file-stream.ts';
import { writeAllSync } from '../../src/write-all.ts';
import { smallDisk } from '../helpers/small-disk.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const disk = smallDisk(4);
afterAll(() => disk?.dispose());
afterEach(() => {
  vi.restoreAllMocks();
  disk?.free();
});

function ledgerOf(models: number): Ledger {
  return {
    version: 2, runId: '20261206-101010-abcd', createdAt: 'then', updatedAt: 'then', phase: 'submitted', configPath: 'c', target: 'emulator',
    suite: { path: 's', sha256: 'x', records: 1 },
    models: Array.from({ length: models }, (_, i) => ({ key: `m${i}`, id: `model-${i}`, label: `model ${i} ${'l'.repeat(200)}`, shards: [] })),
  };
}

/** Where tmpfs is unavailable: write(2) as a full disk answers it, a short count and then ENOSPC. */
function injectShortWrites(allowed: number): void {
  const real = fs.writeSync;
  let left = allowed;
  vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buf: Uint8Array, off: number, len: number, pos?: number | null) => {
    if (left <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
    const n = Math.min(left, len);
    left -= n;
    return (real as (...a: unknown[]) => number)(fd, buf, off, n, pos);
  }) as typeof fs.writeSync);
}

/** A folder on a full disk (tmpfs) leaving ~`leave` bytes, or a temp folder with short writes injected. */
function fullDir(leave: number): string {
  if (disk) {
    const dir = fs.mkdtempSync(path.join(disk.dir, 'run-'));
    disk.fill(leave);
    return dir;
  }
  const dir = tempDir('full');
  injectShortWrites(leave);
  return dir;
}

describe('writes on a full disk', () => {
  it('writeAllSync loops over short writes and throws ENOSPC when nothing more fits', () => {
    const dir = tempDir('short');
    const fd = fs.openSync(path.join(dir, 'f'), 'w');
    const real = fs.writeSync;
    // A disk that takes 3 bytes per call: every byte still arrives.
    vi.spyOn(fs, 'writeSync').mockImplementation(((f: number, b: Uint8Array, o: number, l: number, p?: number | null) =>
      (real as (...a: unknown[]) => number)(f, b, o, Math.min(3, l), p)) as typeof fs.writeSync);
    expect(writeAllSync(fd, 'hello, full disk')).toBe(16);
    fs.closeSync(fd);
    vi.restoreAllMocks();
    expect(fs.readFileSync(path.join(dir, 'f'), 'utf8')).toBe('hello, full disk');
  });

  it('writeLedger throws ENOSPC and leaves the previous ledger whole, with no temp file', () => {
    const base = disk ? fs.mkdtempSync(path.join(disk.dir, 'run-')) : tempDir('ledger');
    const before = ledgerOf(1);
    writeLedger(base, before);
    const text = fs.readFileSync(path.join(base, 'ledger.json'), 'utf8');
    if (disk) disk.fill(4096);
    else injectShortWrites(4096);
    expect(() => writeLedger(base, ledgerOf(200))).toThrow(/ENOSPC/);
    vi.restoreAllMocks();
    expect(fs.readFileSync(path.join(base, 'ledger.json'), 'utf8')).toBe(text);
    expect(readLedger(base).models).toHaveLength(1);
    expect(fs.readdirSync(base)).toEqual(['ledger.json']);
  });

  it('CellWriter fails with ENOSPC instead of indexing frames it did not write', () => {
    const dir = fullDir(4096);
    const w = new CellWriter(path.join(dir, 'cells'), 10);
    expect(() => {
      // One cell larger than a chunk is written at once: a short write used to be indexed as if whole.
      w.add(0, { status: 'ok', text: 'x'.repeat(100_000), scores: [] } as never);
      w.close();
    }).toThrow(/ENOSPC/);
  });

  it('SyncFileStream fails the stream with ENOSPC instead of dropping the tail of a chunk', async () => {
    const dir = fullDir(4096);
    const stream = new SyncFileStream(path.join(dir, 'report.csv'));
    const done = new Promise<unknown>((resolve) => { stream.on('error', resolve); stream.on('finish', () => resolve(undefined)); });
    stream.write('y'.repeat(200_000));
    stream.end();
    expect(String(await done)).toMatch(/ENOSPC/);
  });
});
