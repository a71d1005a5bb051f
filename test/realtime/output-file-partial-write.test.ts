// A write that reaches the disk only in part (a full disk, a quota) must not corrupt the lines after it: a line torn
// in the middle of the file would make a resume send two records again, the torn one and the next.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openOutputFile, readOutputState } from '../../src/realtime/output-file.ts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-rt-partial-'));
  file = path.join(dir, 'shard-0.jsonl.out');
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ok = (id: string) => ({ recordId: id, modelInput: { messages: [] }, modelOutput: { output: { message: { role: 'assistant', content: [{ text: 'x'.repeat(50) }] } } } });
const ids = () => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { recordId: string }).recordId);

/** fs.writeSync on `fd` as a disk that takes at most `chunk` bytes per call, and fails with ENOSPC once `room` is used up. */
function stingyDisk(chunk: number, room = Infinity): void {
  const real = fs.writeSync.bind(fs) as (fd: number, buffer: Uint8Array, offset: number, length: number) => number;
  let used = 0;
  vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: string | Uint8Array, offset?: unknown, length?: unknown) => {
    const buf = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const start = typeof offset === 'number' ? offset : 0;
    const len = typeof length === 'number' ? length : buf.length - start;
    if (used >= room) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const n = Math.min(len, chunk, room - used);
    used += n;
    return real(fd, buf, start, n);
  }) as typeof fs.writeSync);
}

describe('realtime output file on a disk that takes writes in part', () => {
  it('writes every line whole, however few bytes each write call takes', async () => {
    const out = await openOutputFile(file);
    stingyDisk(7);
    for (const id of ['a', 'b', 'c']) out.append(ok(id));
    vi.restoreAllMocks();
    out.close();
    expect(ids()).toEqual(['a', 'b', 'c']);
  });

  it('after a write fails part-way, refuses every later line, so the only damage is a torn tail a resume cuts', async () => {
    const out = await openOutputFile(file);
    out.append(ok('a'));
    const before = fs.statSync(file).size;
    stingyDisk(1 << 20, 40);
    expect(() => out.append(ok('b'))).toThrow(/ENOSPC/);
    vi.restoreAllMocks();
    // Room again (say another process freed some): the next answer must still not land after the torn line.
    expect(() => out.append(ok('c'))).toThrow();
    out.close();
    expect(fs.statSync(file).size).toBe(before + 40);
    const state = await readOutputState(file);
    expect([...state.answered]).toEqual(['a']);
    expect(state.truncatedBytes).toBe(40);
    expect(ids()).toEqual(['a']);
  });
});
