// Streams a file's lines split on '\n' only (U+2028, U+0085 and '\r' inside strings are content, not line breaks).
import fs from 'node:fs';

const CHUNK = 4 * 1024 * 1024;

/** Yields [lineNumber (1-based), text] for every non-empty line, reading 4 MiB at a time. */
export async function* readLines(file: string): AsyncGenerator<[number, string]> {
  const fh = await fs.promises.open(file, 'r');
  try {
    let carry: Buffer | undefined;
    let lineNo = 0;
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      let data = buf.subarray(0, bytesRead);
      if (carry) data = Buffer.concat([carry, data]);
      let start = 0;
      for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
        lineNo++;
        if (nl > start) yield [lineNo, data.toString('utf8', start, nl)];
        start = nl + 1;
      }
      // Copy the tail: `buf` is reused by the next read.
      carry = start < data.length ? Buffer.from(data.subarray(start)) : undefined;
    }
    if (carry && carry.length) yield [lineNo + 1, carry.toString('utf8')];
  } finally {
    await fh.close();
  }
}
