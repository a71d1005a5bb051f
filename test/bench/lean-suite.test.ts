// The prompt-less suite load and the suite read back line by line must match loadSuite exactly.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/suite/load-suite.ts';
import { loadLeanSuite } from '../../src/score/lean-suite.ts';
import { suiteRecords } from '../../src/suite/suite-stream.ts';
import { streamedRowBase } from '../../src/report/record-rows.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-lean-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const line = (id: string, text: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ recordId: id, modelInput: { messages: [{ role: 'user', content: [{ text }] }] }, ...extra });

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const GOOD: [string, string][] = [
  ['plain', `${line('a', 'one', { expected: '1', tags: ['x'] })}\n${line('b', 'two', { expected: ['2', 'two'] })}\n`],
  ['no final newline', `${line('a', 'one')}\n${line('b', 'two')}`],
  ['CRLF, blank and whitespace lines', `${line('a', 'one')}\r\n\r\n   \n${line('b', 'two', { meta: { k: 1 } })}\r\n\n`],
  ['BOM on line 1', `\uFEFF${line('a', 'one')}\n${line('b', 'two')}\n`],
  ['non-ASCII and U+2028 in strings', `${line('a', 'é\u2028ü ✓ 𝄞')}\n${line('b', 'x\u0085y', { assert: [{ type: 'contains', value: 'y' }] })}\n`],
  ['long lines across read chunks', Array.from({ length: 40 }, (_, i) => line(`r${i}`, 'w'.repeat(60_000 + i))).join('\n')],
];

describe('loadLeanSuite', () => {
  it.each(GOOD)('matches loadSuite without prompts: %s', (name, text) => {
    const file = write(`${name.replace(/\W+/g, '-')}.jsonl`, text);
    const full = loadSuite(file);
    const lean = loadLeanSuite(file);
    expect(lean.sha256).toBe(full.sha256);
    expect([...lean.index]).toEqual([...full.index]);
    expect(lean.records).toEqual(full.records.map((r) => ({ ...r, modelInput: { messages: [] } })));
    expect([...suiteRecords(file)]).toEqual(full.records);
    expect([...suiteRecords(file, true)]).toEqual(full.records);
    // With the run's recorded sha256 the lines are only parsed; with another one every line is validated: the same suite.
    for (const sha of [full.sha256, '0'.repeat(64)]) {
      const known = loadLeanSuite(file, sha);
      expect(known.sha256).toBe(full.sha256);
      expect([...known.index]).toEqual([...full.index]);
      expect(known.records).toEqual(lean.records);
    }
  });

  it.each([
    ['a duplicate id', `${line('a', 'one')}\n${line('a', 'two')}\n`],
    ['an invalid line', `${line('a', 'one')}\n{"recordId":"b"}\n`],
    ['no records', '\n\n'],
  ])('throws loadSuite\'s error for %s', (_, text) => {
    const file = write('bad.jsonl', text);
    const expected = (() => { try { loadSuite(file); } catch (e) { return (e as Error).message; } return 'no error'; })();
    expect(expected).not.toBe('no error');
    expect(() => loadLeanSuite(file)).toThrow(expected);
    // A recorded sha256 the file no longer has: validated again, the same error.
    expect(() => loadLeanSuite(file, '0'.repeat(64))).toThrow(expected);
  });

  it('a parse-only read still refuses a line that is not a record', () => {
    const file = write('not-record.jsonl', `${line('a', 'one')}\n{"recordId":"b"}\n`);
    expect(() => [...suiteRecords(file, true)]).toThrow(/the suite no longer validates/);
  });
});

describe('streamedRowBase', () => {
  it('gives each record\'s prompt in order and refuses a suite that changed', () => {
    const file = write('rows.jsonl', `${line('a', 'one', { expected: ['1', 'uno'] })}\n\n${line('b', 'two')}\n`);
    const base = streamedRowBase(file, ['a', 'b']);
    expect(base(0)).toMatchObject({ recordId: 'a', prompt: expect.stringContaining('one'), expected: '1 | uno' });
    expect(base(1)).toMatchObject({ recordId: 'b', prompt: expect.stringContaining('two') });
    const changed = streamedRowBase(file, ['a', 'c']);
    changed(0);
    expect(() => changed(1)).toThrow(/record 2 is not c/);
  });
});
