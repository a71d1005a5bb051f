// LineBuffer splits on '\n' exactly like String.split, whatever the read sizes, line lengths and UTF-8 boundaries.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LineBuffer } from '../../src/outputs/line-buffer.ts';
import { forEachLine, lineAtSpan, readLines } from '../../src/outputs/read-lines.ts';
import { mulberry32 } from '../../src/stats/random.ts';

/** Feeds `bytes` through a LineBuffer of `size` bytes, reading at most `readMax` bytes a time. */
function split(bytes: Buffer, size: number, readMax: number, next: () => number): { lines: string[]; rest: string | undefined } {
  const lb = new LineBuffer(size);
  const lines: string[] = [];
  let at = 0;
  while (at < bytes.length) {
    const [buffer, offset, length] = lb.space();
    const n = Math.min(length, bytes.length - at, 1 + Math.floor(next() * readMax));
    bytes.copy(buffer, offset, at, at + n);
    at += n;
    lb.filled(n);
    for (let line = lb.next(); line !== undefined; line = lb.next()) lines.push(line);
  }
  return { lines, rest: lb.rest() };
}

const PIECES = ['a', 'bc', '\n', '\n\n', '\r\n', 'é', '日本', '😀', '\u2028', '{"x":1}', 'long line '.repeat(30)];

describe('LineBuffer', () => {
  it.each([
    { size: 4, readMax: 3 },
    { size: 16, readMax: 16 },
    { size: 1024, readMax: 700 },
  ])('buffer $size, reads ≤ $readMax: same lines as split("\\n")', ({ size, readMax }) => {
    const next = mulberry32(size * 31 + readMax);
    for (let round = 0; round < 200; round++) {
      const text = Array.from({ length: Math.floor(next() * 30) }, () => PIECES[Math.floor(next() * PIECES.length)]).join('');
      const parts = text.split('\n');
      const last = parts.pop()!;
      const got = split(Buffer.from(text, 'utf8'), size, readMax, next);
      expect(got.lines).toEqual(parts);
      expect(got.rest).toBe(last === '' ? undefined : last);
    }
  });
});

describe('forEachLine', () => {
  it.each([
    ['blank lines, CRLF and no final newline', 'a\n\nb\r\n\n\nc'],
    ['final newline', 'x\ny\n'],
    ['empty file', ''],
    ['one long line', 'z'.repeat(9 * 1024 * 1024)],
  ])('gives the same [line number, text] pairs as readLines: %s', async (_name, text) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'beval-lines-')), 'f.jsonl');
    fs.writeFileSync(file, text);
    const expected: [number, string][] = [];
    for await (const pair of readLines(file)) expected.push(pair);
    const got: [number, string][] = [];
    await forEachLine(file, (lineNo, line) => got.push([lineNo, line]));
    expect(got).toEqual(expected);
    expect(got.map(([, l]) => l)).toEqual(text.split('\n').filter((l) => l !== ''));
    fs.rmSync(path.dirname(file), { recursive: true });
  });
});

describe('lineAtSpan', () => {
  it('reads back the text forEachLine gave for every line: byte order mark, CRLF, multi-byte characters, lines across 4 MiB reads, no final newline', async () => {
    const next = mulberry32(7);
    // ~10 MiB of lines of random lengths, so many lines straddle a 4 MiB read and the buffer's move of its tail.
    const parts: string[] = [];
    for (let size = 0; size < 10 * 1024 * 1024;) {
      const line = `{"i":${parts.length},"t":"${'é日😀x'.repeat(Math.floor(next() * 3000))}"}${next() < 0.3 ? '\r' : ''}`;
      parts.push(line, next() < 0.05 ? '\n\n' : '\n');
      size += Buffer.byteLength(line) + 1;
    }
    parts.push('{"last":true}');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'beval-spans-')), 'f.jsonl');
    fs.writeFileSync(file, `\uFEFF${parts.join('')}`);
    const seen: { text: string; at: number; bytes: number }[] = [];
    await forEachLine(file, (_n, text, span) => seen.push({ text, at: span.at, bytes: span.bytes }));
    expect(seen.length).toBeGreaterThan(500);
    expect(seen[0]!.at).toBe(0);
    expect(seen.at(-1)!.text).toBe('{"last":true}');
    const fd = fs.openSync(file, 'r');
    try {
      for (const s of seen) expect(lineAtSpan(fd, s)).toBe(s.text);
    } finally {
      fs.closeSync(fd);
    }
    fs.rmSync(path.dirname(file), { recursive: true });
  });
});
