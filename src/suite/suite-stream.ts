// Reads a validated suite.jsonl back record by record (synchronously, a chunk at a time), so report writers need no prompts in memory.
import fs from 'node:fs';
import { validatedRecord, validateRecord } from './validate-record.ts';
import { LineBuffer } from '../outputs/line-buffer.ts';
import type { SuiteRecord } from '../types/suite.ts';

const CHUNK = 1024 * 1024;

/**
 * Yields [lineNumber (1-based), text, ended] for every line split on '\n' only, as checkSuiteText splits the suite;
 * `ended` is false only for a last line with no '\n' after it (an empty one is not yielded).
 */
export function* readLinesSync(file: string): Generator<[number, string, boolean]> {
  const fd = fs.openSync(file, 'r');
  try {
    const lines = new LineBuffer(CHUNK);
    let lineNo = 0;
    for (;;) {
      const [buffer, offset, length] = lines.space();
      const read = fs.readSync(fd, buffer, offset, length, null);
      if (read === 0) break;
      lines.filled(read);
      for (let line = lines.next(); line !== undefined; line = lines.next()) yield [++lineNo, line, true];
    }
    const last = lines.rest();
    if (last !== undefined) yield [lineNo + 1, last, false];
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The records of a suite file in order, exactly as loadSuite builds them (same line rules: '\r' before '\n' dropped,
 * blank lines skipped, a BOM on line 1 ignored). The file must already have passed loadSuite: a line that no longer
 * validates means the file changed since, and throws. `parseOnly`: lines are parsed without the field checks (for a
 * reader that checks each record's id against the scored ones, see streamedRowBase); one that is not even a record
 * is still validated, to throw.
 */
export function* suiteRecords(file: string, parseOnly = false): Generator<SuiteRecord> {
  for (const [line, raw] of readLinesSync(file)) {
    const body = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (body.trim() === '') continue;
    const text = line === 1 ? body.replace(/^\uFEFF/, '') : body;
    const record = (parseOnly ? validatedRecord(text, line) : undefined) ?? validateRecord(text, line, file).record;
    if (!record) throw new Error(`${file}:${line}: the suite no longer validates (was it changed after scoring began?)`);
    yield record;
  }
}
