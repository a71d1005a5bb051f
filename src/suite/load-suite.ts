// Reads a suite file and validates every line before anything is uploaded; reports all problems at once.
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { BevalError, ProblemsError, type Problem } from '../errors.ts';
import type { SuiteRecord } from '../types/suite.ts';
import { validateRecord } from './validate-record.ts';

export interface Suite {
  path: string;
  sha256: string;
  records: SuiteRecord[];
  /** recordId → index in `records`. */
  index: Map<string, number>;
  /** One line per request field whose batch support is unconfirmed, with how many records use it and the first line. */
  warnings?: string[];
  /** Set when only some of the file's records run (--limit, --sample): their lines, and how they were chosen. */
  selection?: { text: string; description: string };
}

export interface SuiteCheck {
  suite?: Suite;
  problems: Problem[];
}

/** Validates a suite's text; never throws. Lines are split on '\n' only (U+2028 and U+0085 are content). */
export function checkSuiteText(text: string, file: string): SuiteCheck {
  const problems: Problem[] = [];
  const records: SuiteRecord[] = [];
  const index = new Map<string, number>();
  const firstLine = new Map<string, number>();
  const unconfirmed = new Map<string, { count: number; line: number }>();
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = i + 1;
    const body = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (body.trim() === '') return;
    const { record, recordId, problems: found, unconfirmed: fields } = validateRecord(i === 0 ? body.replace(/^\uFEFF/, '') : body, line, file);
    problems.push(...found);
    for (const f of fields ?? []) {
      const seen = unconfirmed.get(f);
      if (seen) seen.count++;
      else unconfirmed.set(f, { count: 1, line });
    }
    const id = record?.recordId ?? recordId;
    if (id === undefined) return;
    const seen = firstLine.get(id);
    if (seen !== undefined) {
      problems.push({ file, line, field: 'recordId', message: `duplicate recordId ${JSON.stringify(id)} (first on line ${seen}); outputs are joined by recordId, so ids must be unique` });
      return;
    }
    firstLine.set(id, line);
    if (!record) return;
    index.set(record.recordId, records.length);
    records.push(record);
  });
  if (records.length === 0 && problems.length === 0) problems.push({ file, line: 1, field: '(file)', message: 'the suite has no records' });
  if (problems.length) return { problems };
  const sha256 = createHash('sha256').update(text).digest('hex');
  const warnings = [...unconfirmed].map(([f, { count, line }]) => `${file}:${line}: ${f} (${count} record${count === 1 ? '' : 's'}): whether batch jobs accept it is unconfirmed, and a record Bedrock refuses fails with a 400 after the job ran; see docs/aws-smoke-test.md`);
  return { suite: { path: file, sha256, records, index, ...(warnings.length ? { warnings } : {}) }, problems };
}

/** The OS's reason in the user's words; the raw message otherwise (it names the path again, so it is the fallback). */
function reason(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder, not a .jsonl file';
  if (code === 'EACCES') return 'permission denied';
  return (cause as Error).message;
}

/** `configPath`: the config whose `suite` field named the file, so the message says where to fix the path. */
export function readSuiteText(file: string, configPath?: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (cause) {
    const from = configPath ? ` (\`suite\` in ${configPath})` : '';
    throw new BevalError('SUITE', `Cannot read suite ${file}${from}: ${reason(cause)}`, { cause });
  }
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    // Decoding with replacement would turn the bytes into U+FFFD silently and send the models altered prompts.
    throw new BevalError('SUITE', `${file}:${firstInvalidLine(bytes)}: not valid UTF-8; Bedrock reads JSONL as UTF-8. Re-save the file as UTF-8 (nothing was uploaded).`);
  }
}

// ignoreBOM keeps a leading BOM in the text, as Node's 'utf8' decoding did (checkSuiteText strips it from line 1).
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The 1-based line of the first byte sequence that is not UTF-8 (lines split on '\n', as the suite's are). */
function firstInvalidLine(bytes: Buffer): number {
  let start = 0;
  for (let line = 1; ; line++) {
    const end = bytes.indexOf(0x0a, start);
    const slice = bytes.subarray(start, end < 0 ? bytes.length : end);
    try {
      STRICT_UTF8.decode(slice);
    } catch {
      return line;
    }
    if (end < 0) return line;
    start = end + 1;
  }
}

/** Loads and validates a suite, throwing a ProblemsError that lists every bad line. */
export function loadSuite(file: string, configPath?: string): Suite {
  const { suite, problems } = checkSuiteText(readSuiteText(file, configPath), file);
  if (!suite) throw new ProblemsError('SUITE', `${file}: ${problems.length} problem(s); nothing was uploaded.`, problems);
  return suite;
}
