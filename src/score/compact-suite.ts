// The suite as scoring workers get it: ids, expected answers and assertions, without prompts (performance and memory).
import type { Suite } from '../suite/load-suite.ts';
import type { SuiteRecord } from '../types/suite.ts';
import { NO_PROMPT } from './lean-suite.ts';

/** The suite fields built-in scorers read (expected answers, assertions and where they came from). */
export type CompactRecord = Pick<SuiteRecord, 'recordId' | 'expected' | 'assert' | 'line'>;

/** A suite without prompts, tags or meta: a tenth of the full suite's memory, and nothing to re-parse. */
export interface CompactSuite {
  path: string;
  sha256: string;
  records: CompactRecord[];
}

export function compactSuite(suite: Suite): CompactSuite {
  return {
    path: suite.path,
    sha256: suite.sha256,
    records: suite.records.map((r) => ({
      recordId: r.recordId,
      line: r.line,
      ...(r.expected !== undefined ? { expected: r.expected } : {}),
      ...(r.assert !== undefined ? { assert: r.assert } : {}),
    })),
  };
}

const NO_TAGS = Object.freeze([]) as unknown as string[];

/**
 * The compact suite as a Suite for scoring: built-in scorers never read the prompt or tags, so every record shares one
 * frozen empty input (lean-suite's) and tag list. Built field by field in a plain loop: spreading structured-cloned records and
 * mapping them into index pairs was a visible part of each scoring worker's start.
 */
export function asSuite(c: CompactSuite): Suite {
  const records = new Array<SuiteRecord>(c.records.length);
  const index = new Map<string, number>();
  for (let i = 0; i < c.records.length; i++) {
    const r = c.records[i]!;
    const record: SuiteRecord = { recordId: r.recordId, modelInput: NO_PROMPT, tags: NO_TAGS, line: r.line };
    if (r.expected !== undefined) record.expected = r.expected;
    if (r.assert !== undefined) record.assert = r.assert;
    records[i] = record;
    index.set(r.recordId, i);
  }
  return { path: c.path, sha256: c.sha256, records, index };
}

