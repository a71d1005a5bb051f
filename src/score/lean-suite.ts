// Loads a suite for scoring with built-in scorers only: validated line by line like loadSuite, keeping no prompts.
import { createHash } from 'node:crypto';
import { loadSuite, type Suite } from '../suite/load-suite.ts';
import type { ConverseInput, SuiteRecord } from '../types/suite.ts';
import { validatedRecord, validateRecord } from '../suite/validate-record.ts';
import { readLinesSync } from '../suite/suite-stream.ts';

/** Every lean record shares this input: nothing in scoring or the main thread's reports reads a prompt. */
export const NO_PROMPT: ConverseInput = Object.freeze({ messages: [] }) as ConverseInput;

/**
 * The suite as loadSuite returns it (same records, order, index and sha256) except that every `modelInput` is
 * empty: the file is never held whole, and each prompt is garbage as soon as its line is read, so the main thread
 * stays small while workers score (prompts for reports are read back from the file, see suite-stream.ts). Given the
 * sha256 the run recorded for the suite it validated (`ledger.suite.sha256`), lines are only parsed, not checked
 * again, and the result is kept only if the file still hashes to it; otherwise every line is validated. Any problem
 * (invalid line, duplicate id, empty suite) defers to loadSuite, which throws its usual error.
 */
export function loadLeanSuite(file: string, validatedSha256?: string): Suite {
  if (validatedSha256) {
    const suite = readLean(file, true);
    if (suite?.sha256 === validatedSha256) return suite;
  }
  return readLean(file, false) ?? loadSuite(file);
}

/** One pass over the file; undefined when anything is wrong with it (then loadSuite says what). */
function readLean(file: string, validated: boolean): Suite | undefined {
  const hash = createHash('sha256');
  const records: SuiteRecord[] = [];
  const index = new Map<string, number>();
  try {
    for (const [line, raw, ended] of readLinesSync(file)) {
      // checkSuiteText hashes the decoded text; lines are whole UTF-8 sequences, so hashing them in turn is the same.
      hash.update(raw);
      if (ended) hash.update('\n');
      const body = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (body.trim() === '') continue;
      const text = line === 1 ? body.replace(/^\uFEFF/, '') : body;
      let record: SuiteRecord | undefined;
      if (validated) record = validatedRecord(text, line);
      else {
        const checked = validateRecord(text, line, file);
        if (checked.problems.length) return undefined;
        record = checked.record;
      }
      if (!record || index.has(record.recordId)) return undefined;
      index.set(record.recordId, records.length);
      records.push({ ...record, modelInput: NO_PROMPT });
    }
  } catch {
    // Unreadable file and the like: loadSuite reports it the usual way.
    return undefined;
  }
  if (records.length === 0) return undefined;
  return { path: file, sha256: hash.digest('hex'), records, index };
}
