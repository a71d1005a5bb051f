// SyncFileStream: the report files' writer writes every chunk in order and reports a bad path as a stream error.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SyncFileStream } from '../../src/engine/sync-file-stream.ts';
import { endStream, writeChunk } from '../../src/engine/sink.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-sync-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('SyncFileStream', () => {
  it('writes strings and buffers in order, UTF-8, and closes on end', async () => {
    const file = path.join(dir, 'out.txt');
    const out = new SyncFileStream(file);
    for (let i = 0; i < 1000; i++) await writeChunk(out, `line ${i} é😀\n`);
    out.write(Buffer.from('raw bytes\n'));
    await endStream(out, 'last');
    const expected = `${Array.from({ length: 1000 }, (_, i) => `line ${i} é😀\n`).join('')}raw bytes\nlast`;
    expect(fs.readFileSync(file, 'utf8')).toBe(expected);
    expect(out.writableFinished).toBe(true);
  });

  it('rejects with the file system error when the file cannot be opened', async () => {
    const out = new SyncFileStream(path.join(dir, 'no-such-dir', 'out.txt'));
    await expect(endStream(out, 'x')).rejects.toThrow(/ENOENT/);
  });
});
