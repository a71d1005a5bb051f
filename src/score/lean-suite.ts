// Loads a suite for scoring with built-in scorers only: validated line by line like loadSuite, keeping no prompts.
import { createHash } from 'node:crypto';
import { loadSuite, type Suite } from '../suite/load-suite.ts';
import type { ConverseInput, SuiteRecord } from '../types/suite.ts';
import { validateRecord } from '../suite/validate-record.ts';
import { readLinesSync } from '../suite/suite-stream.ts';

/** Every lean record shares this input: nothing in scoring or the main thread's reports reads a prompt. */
export const NO_PROMPT: ConverseInput = Object.freeze({ messages: [] }) as ConverseInput;

/**
 * The suite as loadSuite returns it (same records, order, index and sha256) except that every `modelInput` is
 * empty: the file is never held whole, and each prompt is garbage as soon as its line is validated, so the main
 * thread stays small while workers score (prompts for reports are read back from the file, see suite-stream.ts).
 * Any problem (invalid line, duplicate id, empty suite) defers to loadSuite, which throws its usual error.
 */
export function loadLeanSuite(file: string): Suite {
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
      const { record, problems } = validateRecord(line === 1 ? body.replace(/^\uFEFF/, '') : body, line, file);
      if (!record || problems.length || index.has(record.recordId)) return loadSuite(file);
      index.set(record.recordId, records.length);
      records.push({ ...record, modelInput: NO_PROMPT });
    }
  } catch {
    // Unreadable file and the like: loadSuite reports it the usual way.
    return loadSuite(file);
  }
  if (records.length === 0) return loadSuite(file);
  return { path: file, sha256: hash.digest('hex'), records, index };
}
