// Streams a file's lines split on '\n' only (U+2028, U+0085 and '\r' inside strings are content, not line breaks).
import fs from 'node:fs';
import { LineBuffer } from './line-buffer.ts';

const CHUNK = 4 * 1024 * 1024;

/**
 * One LineBuffer over `file`, yielded after each read of up to 4 MiB: the caller takes the complete lines with
 * `next()` before asking for more, and after the last read finds any unterminated last line with `rest()`.
 */
async function* fills(file: string, onRead?: (bytes: Buffer) => void): AsyncGenerator<LineBuffer> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const lines = new LineBuffer(CHUNK);
    for (;;) {
      const [buffer, offset, length] = lines.space();
      const { bytesRead } = await fh.read(buffer, offset, length, null);
      if (bytesRead === 0) return;
      onRead?.(buffer.subarray(offset, offset + bytesRead));
      lines.filled(bytesRead);
      yield lines;
    }
  } finally {
    await fh.close();
  }
}

/**
 * The line as content, or undefined for a line that holds nothing: empty, or only whitespace (the `\r` left of a
 * CRLF file's trailing blank line was counted as a malformed output line). A UTF-8 byte order mark before line 1
 * (an editor's or Windows tool's copy) is not part of the JSON. JSON lines start with `{`, so the whitespace test
 * costs nothing on real lines.
 */
function content(lineNo: number, line: string): string | undefined {
  if (lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
  if (line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim() === '')) return undefined;
  return line;
}

/** Yields [lineNumber (1-based), text] for every line with content (see content()), reading 4 MiB at a time. */
export async function* readLines(file: string): AsyncGenerator<[number, string]> {
  let lineNo = 0;
  let lines: LineBuffer | undefined;
  for await (lines of fills(file)) {
    for (let line = lines.next(); line !== undefined; line = lines.next()) {
      const text = content(++lineNo, line);
      if (text !== undefined) yield [lineNo, text];
    }
  }
  const last = lines?.rest();
  const text = last === undefined ? undefined : content(lineNo + 1, last);
  if (text !== undefined) yield [lineNo + 1, text];
}

/** Where a line lies in its file: the byte offset of its start and its length in bytes, without the '\n'. */
export interface LineSpan {
  at: number;
  bytes: number;
}

/**
 * Calls `each(lineNumber, text, span)` for every non-empty line, the same lines {@link readLines} yields, with one
 * await per 4 MiB read and none per line: an async generator costs a promise round trip per line, ~2 µs, which at
 * 500,000 output lines was a sixth of a scoring thread's time. `span` is reused from line to line: copy what you keep.
 * {@link lineAtSpan} reads the same text back. `onRead` sees every byte of the file once, in order (to hash it while
 * it is read anyway).
 */
export async function forEachLine(file: string, each: (lineNo: number, line: string, span: LineSpan) => void, onRead?: (bytes: Buffer) => void): Promise<void> {
  let lineNo = 0;
  let lines: LineBuffer | undefined;
  const span: LineSpan = { at: 0, bytes: 0 };
  for await (lines of fills(file, onRead)) {
    for (let line = lines.next(); line !== undefined; line = lines.next()) {
      const text = content(++lineNo, line);
      if (text === undefined) continue;
      span.at = lines.lineStart;
      span.bytes = lines.lineBytes;
      each(lineNo, text, span);
    }
  }
  const last = lines?.rest();
  const text = last === undefined ? undefined : content(lineNo + 1, last);
  if (text === undefined) return;
  span.at = lines!.lineStart;
  span.bytes = lines!.lineBytes;
  each(lineNo + 1, text, span);
}

/**
 * The text {@link forEachLine} gave for the line at `span` of the file open as `fd`: read again when it is needed
 * after all (a second line for one record), instead of kept or hashed for every line. A line at offset 0 is line 1,
 * whose byte order mark content() drops.
 */
export function lineAtSpan(fd: number, span: LineSpan): string {
  const buf = Buffer.allocUnsafe(span.bytes);
  for (let got = 0; got < span.bytes;) {
    const n = fs.readSync(fd, buf, got, span.bytes - got, span.at + got);
    if (n === 0) throw new Error(`the file ended before byte ${span.at + span.bytes} while reading a line back`);
    got += n;
  }
  const line = buf.toString('utf8');
  return span.at === 0 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
}
