// The suite as scoring workers get it: ids, expected answers and assertions, without prompts (performance and memory).
import type { Suite } from '../suite/load-suite.ts';
import type { SuiteRecord } from '../suite/types.ts';

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

/** The compact suite as a Suite for scoring: built-in scorers never read the prompt, so it is left empty. */
export function asSuite(c: CompactSuite): Suite {
  const records: SuiteRecord[] = c.records.map((r) => ({ ...r, modelInput: { messages: [] }, tags: [] }));
  return { path: c.path, sha256: c.sha256, records, index: new Map(records.map((r, i) => [r.recordId, i])) };
}

