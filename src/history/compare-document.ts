// compare.json: what `beval compare` found, as one versioned document (docs/results-schema.md#comparejson); the same
// document is `--json`'s `compare` field, and compare.html is drawn from it.
import type { ModelInfo } from '../types/results.ts';
import type { StoredResults } from '../results/results-reader.ts';
import type { ChangeCounts, ChangedRecord } from './compare-records.ts';
import type { ComparedPair, CompareRunsResult, PairedRecords } from './compare-runs.ts';

/** Bumped when a field changes meaning or goes away; new fields do not bump it. */
export const COMPARE_SCHEMA_VERSION = 1;

export interface CompareRunRef {
  runId: string;
  /** The run folder (or the folder of the results.json given). */
  dir: string;
  createdAt: string;
  suite: { path: string; sha256: string; records: number };
  models: ModelInfo[];
}

export interface CompareDocument {
  schemaVersion: typeof COMPARE_SCHEMA_VERSION;
  runA: CompareRunRef;
  runB: CompareRunRef;
  /** Records paired by recordId, with the sentence that says so (and what was left out). */
  records: PairedRecords & { statement: string };
  policy: CompareRunsResult['policy'];
  holmFamily: CompareRunsResult['holmFamily'];
  pairs: (ComparedPair & { changes: ChangeCounts })[];
  unmatched: CompareRunsResult['unmatched'];
  /** Every changed record of every pair, in run B's order (recordIds only: replies stay in the runs' folders). */
  changed: ChangedRecord[];
}

const n = (x: number): string => x.toLocaleString('en-US');

/** "Paired 40 records by recordId: all 40 of each run." or, for a subset, what each run had and what was left out. */
export function pairedStatement(r: PairedRecords): string {
  if (!r.subset && r.onlyInA === 0 && r.onlyInB === 0) return `Paired ${n(r.paired)} records by recordId: all of each run's ${n(r.recordsB)}.`;
  const why = r.subset ? 'The suites differ (--subset): only the records both runs hold are compared. ' : '';
  return `${why}Paired ${n(r.paired)} records by recordId: ${n(r.paired)} of run A's ${n(r.recordsA)} and ${n(r.paired)} of run B's ${n(r.recordsB)}; left out ${n(r.onlyInA)} only in A and ${n(r.onlyInB)} only in B.`;
}

function runRef(r: StoredResults, dir: string): CompareRunRef {
  const s = r.summary;
  return { runId: s.runId, dir, createdAt: s.createdAt, suite: { path: s.suite.path, sha256: s.suite.sha256, records: s.suite.records }, models: s.models };
}

export function compareDocument(input: { a: { dir: string; results: StoredResults }; b: { dir: string; results: StoredResults }; cmp: CompareRunsResult; changed: ChangedRecord[]; counts: ChangeCounts[] }): CompareDocument {
  const { cmp } = input;
  return {
    schemaVersion: COMPARE_SCHEMA_VERSION,
    runA: runRef(input.a.results, input.a.dir),
    runB: runRef(input.b.results, input.b.dir),
    records: { ...cmp.records, statement: pairedStatement(cmp.records) },
    policy: cmp.policy,
    holmFamily: cmp.holmFamily,
    pairs: cmp.pairs.map((p, k) => ({ ...p, changes: input.counts[k]! })),
    unmatched: cmp.unmatched,
    changed: input.changed,
  };
}
