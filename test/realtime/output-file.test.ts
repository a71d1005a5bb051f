// The append-only realtime output file: what a resume finds in it, and a torn last line cut off.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openOutputFile, readOutputState } from '../../src/realtime/output-file.ts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-rt-out-'));
  file = path.join(dir, 'outputs', 'm', 'realtime', 'shard-0.jsonl.out');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const ok = (id: string) => ({ recordId: id, modelInput: { messages: [] }, modelOutput: { output: { message: { role: 'assistant', content: [{ text: 'x' }] } } } });
const err = (id: string) => ({ recordId: id, modelInput: { messages: [] }, error: { errorCode: 429, errorMessage: 'throttled' } });

describe('realtime output file', () => {
  it('creates the file and its folders; a fresh file has nothing answered', async () => {
    const out = await openOutputFile(file);
    expect(out.existing).toEqual({ answered: new Set(), ok: 0, errors: 0, truncatedBytes: 0 });
    out.append(ok('a'));
    out.close();
    expect(fs.readFileSync(file, 'utf8')).toBe(`${JSON.stringify(ok('a'))}\n`);
  });

  it('reopening finds every recordId with a line, counting answers and errors', async () => {
    const out = await openOutputFile(file);
    out.append(ok('a'));
    out.append(err('b'));
    out.append(ok('c'));
    out.close();
    const again = await openOutputFile(file);
    expect([...again.existing.answered].sort()).toEqual(['a', 'b', 'c']);
    expect(again.existing).toMatchObject({ ok: 2, errors: 1, truncatedBytes: 0 });
    again.append(ok('d'));
    again.close();
    expect(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { recordId: string }).recordId)).toEqual(['a', 'b', 'c', 'd']);
  });

  it.each([
    ['half a JSON object', '{"recordId":"c","modelInput":{"mess'],
    ['a complete object without its newline', JSON.stringify(ok('c'))],
    ['a single byte', '{'],
  ])('cuts a torn last line (%s) so its record is sent again', async (_name, tail) => {
    const whole = `${JSON.stringify(ok('a'))}\n${JSON.stringify(err('b'))}\n`;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, whole + tail);
    const out = await openOutputFile(file);
    expect(out.existing.truncatedBytes).toBe(Buffer.byteLength(tail));
    expect([...out.existing.answered].sort()).toEqual(['a', 'b']);
    out.append(ok('c'));
    out.close();
    // The new line starts on a line of its own: the file parses line by line with no fragment left.
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => (JSON.parse(l) as { recordId: string }).recordId)).toEqual(['a', 'b', 'c']);
  });

  it('finds the last newline across the 64 KiB backward-scan chunks', async () => {
    const big = { ...ok('big'), modelOutput: { text: 'y'.repeat(200_000) } };
    const tail = `{"recordId":"torn","pad":"${'z'.repeat(70_000)}`;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(big)}\n${tail}`);
    const state = await readOutputState(file);
    expect(state.truncatedBytes).toBe(tail.length);
    expect([...state.answered]).toEqual(['big']);
  });

  it('a file that is only a torn line becomes empty', async () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{"recordId":"a"');
    const state = await readOutputState(file);
    expect(state).toMatchObject({ ok: 0, errors: 0, truncatedBytes: 15 });
    expect(fs.statSync(file).size).toBe(0);
  });

  it('counts a recordId once even when the file repeats it', async () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(ok('a'))}\n${JSON.stringify(ok('a'))}\n`);
    expect(await readOutputState(file)).toMatchObject({ ok: 1, errors: 0 });
  });
});
