// The run-vs-run comparator: pairs a model of an earlier run with this run's models by recordId, so the gate, the
// report and `beval compare` compare across runs the same way. Runs of different suites are refused unless the caller
// opts in to a subset comparison (`gate.allowSubset`, `beval compare --subset`), which then says how many records it
// paired.
import { BevalError } from '../errors.ts';
import type { BaselineRunInfo, ModelInfo, ModelSummary } from '../types/results.ts';
import type { ModelColumns } from '../stats/compare-tables.ts';

/** What the comparator needs of a run: its ids, suite, models and per-model columns. */
export interface RunSide {
  runId: string;
  file: string;
  suite: { sha256: string; records: number };
  recordIds: string[];
  models: ModelInfo[];
  perModel: ModelSummary[];
  columns: Map<string, ModelColumns>;
}

/** How the two runs were paired, for the report, results.json and gate.json: the results model's record without the summary. */
export type PairingInfo = Omit<BaselineRunInfo, 'summary'>;

export interface RunPairing {
  info: PairingInfo;
  /** The earlier run's model, renamed to `info.key`, on the paired records. */
  baseline: ModelColumns;
  baselineSummary: ModelSummary;
  /** This run's models on the paired records. */
  current: ModelColumns[];
}

/** A model's columns on a subset of its records: `at[i]` is the source position of paired record i. */
function gather(cols: ModelColumns, at: Int32Array, key = cols.key): ModelColumns {
  const standing = Uint8Array.from(at, (j) => cols.standing[j]!);
  const cache = new Map<string, { values: Float64Array; pass: Uint8Array } | undefined>();
  return {
    key,
    standing,
    column(metric) {
      if (!cache.has(metric)) {
        const c = cols.column(metric);
        cache.set(metric, c && { values: Float64Array.from(at, (j) => c.values[j]!), pass: Uint8Array.from(at, (j) => c.pass[j]!) });
      }
      return cache.get(metric);
    },
  };
}

/** How the caller names the comparison and its opt-in in a refusal: the gate's config fields, or compare's flag. */
export interface PairingWords {
  /** What asked for the pairing, e.g. `gate.baselineRun` or `beval compare`. */
  caller: string;
  /** How to compare what both runs hold anyway, e.g. `set gate.allowSubset: true`. */
  optIn: string;
  /** What to do instead, e.g. `Gate against a baseline run of the same suite`. */
  instead: string;
}

const GATE_WORDS: PairingWords = { caller: 'gate.baselineRun', optIn: 'set gate.allowSubset: true', instead: 'Gate against a baseline run of the same suite' };

/**
 * Pairs `model` (by key, label or id) of the earlier run with every model of the current run. Refuses runs of
 * different suites (sha256) unless `allowSubset`: under another suite the same id may be another question.
 */
export function pairRuns(current: RunSide, earlier: RunSide, model: string, opts: { allowSubset?: boolean; words?: PairingWords } = {}): RunPairing {
  const words = opts.words ?? GATE_WORDS;
  const base = earlier.models.find((m) => m.key === model) ?? earlier.models.find((m) => m.label === model || m.modelId === model);
  const cols = base && earlier.columns.get(base.key);
  const summary = base && earlier.perModel.find((p) => p.model.key === base.key);
  if (!base || !cols || !summary) {
    throw new BevalError('CONFIG', `gate.baseline: model "${model}" is not in ${earlier.file} (models: ${earlier.models.map((m) => (m.label === m.key ? m.key : `${m.label} (${m.key})`)).join(', ')})`);
  }
  const sameSuite = earlier.suite.sha256 === current.suite.sha256;
  if (!sameSuite && !opts.allowSubset) {
    throw new BevalError('CONFIG', `${words.caller}: run ${earlier.runId} was run on a different suite (sha256 ${earlier.suite.sha256.slice(0, 12)}…, ${earlier.suite.records} records) than run ${current.runId} (${current.suite.sha256.slice(0, 12)}…, ${current.suite.records} records), so its records cannot be paired with this run's. ${words.instead}, or ${words.optIn} to compare only the records both runs hold (by recordId).`);
  }
  const where = new Map(earlier.recordIds.map((id, j) => [id, j]));
  const mine: number[] = [];
  const theirs: number[] = [];
  current.recordIds.forEach((id, i) => {
    const j = where.get(id);
    if (j !== undefined) {
      mine.push(i);
      theirs.push(j);
    }
  });
  if (mine.length === 0) throw new BevalError('CONFIG', `${words.caller}: run ${earlier.runId} shares no recordId with run ${current.runId}: there is nothing to pair.`);
  const key = `${base.key}@${earlier.runId}`;
  const at = Int32Array.from(mine);
  return {
    info: { runId: earlier.runId, file: earlier.file, model: base, key, paired: mine.length, records: current.recordIds.length, earlierRecords: earlier.recordIds.length, subset: !sameSuite },
    baseline: gather(cols, Int32Array.from(theirs), key),
    baselineSummary: { ...summary, model: { ...summary.model, key } },
    current: current.models.flatMap((m) => {
      const c = current.columns.get(m.key);
      return c ? [gather(c, at)] : [];
    }),
  };
}
