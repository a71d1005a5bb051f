// `beval compare`'s figures: models of two runs matched (by Bedrock model ID or `--pair`), paired by recordId through
// the run-vs-run comparator the gate's `baselineRun` uses, compared metric by metric with the run's verdict words,
// and each paired record marked regressed / fixed on the policy's pass flags. Pure: texts are read elsewhere.
import { BevalError } from '../errors.ts';
import { applyHolm, summariseMetric } from '../stats/index.ts';
import { compareTables, policyViews, type ModelColumns, type VerdictOptions } from '../stats/compare-tables.ts';
import { pairRuns, type PairingWords } from '../results/run-vs-run.ts';
import { runSide } from '../gate/gate-run.ts';
import type { StoredResults } from '../results/results-reader.ts';
import type { Comparison, HolmFamily, Interval, MetricInfo, ModelInfo, VerdictPolicy } from '../types/results.ts';

/** `--pair a=b`: a model of run A and a model of run B, each by key, label or Bedrock model ID. */
export interface PairSpec {
  a: string;
  b: string;
}

export interface CompareRunsInput {
  a: StoredResults;
  b: StoredResults;
  /** Explicit pairs (`--pair`); the other models are matched by Bedrock model ID. */
  pairs?: PairSpec[];
  allowSubset: boolean;
  opts: VerdictOptions;
  seed: number;
}

/** One side's headline over the paired records, under the policy, with what it counted. */
export interface SideFigure {
  mean: number | null;
  ci: Interval | null;
  /** Records in the headline's denominator (scored, plus unanswered ones when they count as failures). */
  counted: number;
  /** Paired records the model did not answer. */
  unanswered: number;
  /** Paired records never run for the model. */
  notRun: number;
}

export interface CompareMetricRow {
  metric: string;
  kind: MetricInfo['kind'];
  /** Run A's model over the paired records. */
  a: SideFigure;
  /** Run B's model over the paired records. */
  b: SideFigure;
  /** B − A paired by recordId (baseline: A, keyed `<key>@<runA>`; candidate: B), Holm-adjusted over every row. */
  comparison: Comparison;
}

export interface ComparedPair {
  a: ModelInfo;
  b: ModelInfo;
  matchedBy: 'modelId' | 'pair';
  metrics: CompareMetricRow[];
  /** Metrics only one run has (not compared). */
  metricsOnlyInA: string[];
  metricsOnlyInB: string[];
}

/** The records both runs hold, by recordId, and what each run has besides. */
export interface PairedRecords {
  paired: number;
  recordsA: number;
  recordsB: number;
  onlyInA: number;
  onlyInB: number;
  /** The suites differ (sha256) and `--subset` allowed the comparison of the records both hold. */
  subset: boolean;
}

export interface CompareRunsResult {
  pairs: ComparedPair[];
  records: PairedRecords;
  /** Models of each run in no pair (by key). */
  unmatched: { a: string[]; b: string[] };
  holmFamily: HolmFamily;
  policy: VerdictPolicy;
  /** Paired recordIds, in run B's order. */
  recordIds: string[];
  /** Per pair, per paired record: the metrics on which A passed and B failed (regressed) and the reverse (fixed). */
  changes: { regressed: string[][]; fixed: string[][] }[];
}

const COMPARE_WORDS: PairingWords = { caller: 'beval compare', optIn: 'pass --subset', instead: 'Compare runs of the same suite' };

function findModel(models: ModelInfo[], name: string, run: string, side: 'A' | 'B'): ModelInfo {
  const m = models.find((x) => x.key === name) ?? models.find((x) => x.label === name || x.modelId === name);
  if (!m) throw new BevalError('USAGE', `--pair: "${name}" is not a model of run ${side} (${run}); its models: ${models.map((x) => (x.label === x.key ? `${x.key} (${x.modelId})` : `${x.label} [${x.key}] (${x.modelId})`)).join(', ')}.`);
  return m;
}

/**
 * The pairs to compare: each `--pair` as given, then every other model matched by the Bedrock model ID both runs hold
 * exactly once (a model named in a `--pair` is not matched again).
 */
export function matchModels(a: StoredResults, b: StoredResults, pairs: PairSpec[] = []): { pairs: { a: ModelInfo; b: ModelInfo; matchedBy: 'modelId' | 'pair' }[]; unmatched: { a: string[]; b: string[] } } {
  const ma = a.summary.models;
  const mb = b.summary.models;
  const out: { a: ModelInfo; b: ModelInfo; matchedBy: 'modelId' | 'pair' }[] = pairs.map((p) => ({ a: findModel(ma, p.a, a.summary.runId, 'A'), b: findModel(mb, p.b, b.summary.runId, 'B'), matchedBy: 'pair' as const }));
  const used = (side: 'a' | 'b', key: string) => out.some((p) => p[side].key === key);
  const count = (models: ModelInfo[], id: string) => models.filter((m) => m.modelId === id).length;
  for (const m of ma) {
    if (used('a', m.key) || count(ma, m.modelId) !== 1 || count(mb, m.modelId) !== 1) continue;
    const other = mb.find((x) => x.modelId === m.modelId)!;
    if (!used('b', other.key)) out.push({ a: m, b: other, matchedBy: 'modelId' });
  }
  return { pairs: out, unmatched: { a: ma.filter((m) => !used('a', m.key)).map((m) => m.key), b: mb.filter((m) => !used('b', m.key)).map((m) => m.key) } };
}

function side(view: { values: Float64Array; pass: Uint8Array; unanswered: number; notRun: number }, kind: MetricInfo['kind'], paired: number, seed: number, metric: string): SideFigure {
  const s = summariseMetric(view.values, view.pass, kind, paired, seed, { metric });
  return { mean: s.mean, ci: s.ci, counted: s.scored, unanswered: view.unanswered, notRun: view.notRun };
}

/** Per paired record, the metrics on which `from` passed and `to` failed under the policy. */
function flips(metrics: string[], views: { a: Uint8Array; b: Uint8Array }[], n: number, from: number, to: number): string[][] {
  return Array.from({ length: n }, (_, i) => metrics.filter((_m, j) => views[j]!.a[i] === from && views[j]!.b[i] === to));
}

export function compareRuns(input: CompareRunsInput): CompareRunsResult {
  const { a, b, opts, seed } = input;
  const matched = matchModels(a, b, input.pairs);
  if (!matched.pairs.length) {
    throw new BevalError('USAGE', `Runs ${a.summary.runId} and ${b.summary.runId} share no Bedrock model ID (A: ${a.summary.models.map((m) => m.modelId).join(', ')}; B: ${b.summary.models.map((m) => m.modelId).join(', ')}), or one appears twice in a run. Name the models to compare with --pair <model of A>=<model of B> (key, label or model ID).`);
  }
  const sideA = runSide(a);
  const sideB = runSide(b);
  const rows: { pair: number; row: Omit<CompareMetricRow, 'comparison'> }[] = [];
  const comparisons: Comparison[] = [];
  const changes: CompareRunsResult['changes'] = [];
  const pairs: ComparedPair[] = [];
  let records: PairedRecords | undefined;
  let recordIds: string[] = [];
  matched.pairs.forEach((p, k) => {
    // Run A plays the earlier run, its model the baseline; run B's models are "this run's". The comparator refuses
    // differing suites unless --subset, exactly as for gate.baselineRun.
    const pairing = pairRuns(sideB, sideA, p.a.key, { allowSubset: input.allowSubset, words: COMPARE_WORDS });
    const bCols = pairing.current.find((c) => c.key === p.b.key);
    if (!bCols) throw new BevalError('OUTPUT', `Run ${b.summary.runId} has no scores for model ${p.b.key} in ${b.file}.`);
    const all: ModelColumns[] = [...pairing.current, pairing.baseline];
    const namesA = new Set(a.summary.metrics.map((m) => m.name));
    const namesB = new Set(b.summary.metrics.map((m) => m.name));
    // A pairwise judge compares with its own run's baseline: across runs it has no counterpart.
    const metrics = b.summary.metrics.filter((m) => namesA.has(m.name) && !m.pairwise && a.summary.metrics.find((x) => x.name === m.name)?.kind === m.kind);
    const n = pairing.info.paired;
    const passViews: { a: Uint8Array; b: Uint8Array }[] = [];
    const names: string[] = [];
    for (const metric of metrics) {
      const views = policyViews(all, metric, opts, pairing.baseline);
      const va = views.get(pairing.baseline.key);
      const vb = views.get(bCols.key);
      const [cmp] = compareTables({ baseline: pairing.baseline, candidates: [bCols], all, metrics: [metric], opts, seed });
      if (!va || !vb || !cmp) continue;
      names.push(metric.name);
      passViews.push({ a: va.pass, b: vb.pass });
      rows.push({ pair: k, row: { metric: metric.name, kind: metric.kind, a: side(va, metric.kind, n, seed, metric.name), b: side(vb, metric.kind, n, seed, metric.name) } });
      comparisons.push(cmp);
    }
    changes.push({ regressed: flips(names, passViews, n, 1, 0), fixed: flips(names, passViews, n, 0, 1) });
    pairs.push({
      a: p.a, b: p.b, matchedBy: p.matchedBy, metrics: [],
      metricsOnlyInA: [...namesA].filter((x) => !namesB.has(x)),
      metricsOnlyInB: [...namesB].filter((x) => !namesA.has(x)),
    });
    if (!records) {
      const info = pairing.info;
      records = { paired: info.paired, recordsA: info.earlierRecords, recordsB: info.records, onlyInA: info.earlierRecords - info.paired, onlyInB: info.records - info.paired, subset: info.subset };
      const ids = new Set(a.recordIds);
      recordIds = b.recordIds.filter((id) => ids.has(id));
    }
  });
  const adjusted = applyHolm(comparisons);
  rows.forEach(({ pair, row }, i) => pairs[pair]!.metrics.push({ ...row, comparison: adjusted[i]! }));
  return {
    pairs, records: records!, unmatched: matched.unmatched, changes, recordIds,
    holmFamily: { size: adjusted.filter((c) => c.pValue !== null).length, covers: `every compared model pair × every metric both runs have, ${adjusted.length} comparisons` },
    policy: { unanswered: opts.unanswered, ...(opts.equivalenceMargin !== undefined ? { equivalenceMargin: opts.equivalenceMargin } : {}) },
  };
}
