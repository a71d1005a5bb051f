// The data every report renderer receives: a run summary plus the records, streamed in suite order.
// Renderers are pure functions of this data; one writer does the file-system work.
import type { ScoreKind } from './scorer.ts';

export type ExecutionMode = 'batch' | 'realtime';

/**
 * How one suite record ended for one model. Every record ends as exactly one of these. `filtered`: the model answered
 * with stopReason `content_filtered` or `guardrail_intervened`, a reply it did not give: kept (text, tokens, cost) but
 * not scored, like an error.
 */
export type RecordStatus = 'ok' | 'error' | 'missing' | 'not-run' | 'filtered';

export interface ModelInfo {
  /** Stable key used in file names and column headers (derived from label or id). */
  key: string;
  label: string;
  modelId: string;
  mode: ExecutionMode;
}

export interface MetricInfo {
  name: string;
  kind: ScoreKind;
}

export interface Interval {
  low: number;
  high: number;
}

/** One model × one metric. */
export interface MetricSummary {
  metric: string;
  kind: ScoreKind;
  /** Mean value (pass rate for binary metrics) over scored records; null when nothing was scored. */
  mean: number | null;
  /** 95% interval: Wilson for binary, seeded percentile bootstrap for continuous. */
  ci: Interval | null;
  /** Records with a score. */
  scored: number;
  /** Records the suite has (the denominator of coverage). */
  expected: number;
  /** Passing records (binary metrics). */
  passed?: number;
  /**
   * The same metric over only the records every model of the run completed (status ok for all), so models are
   * compared on equal ground; `mean`/`ci` above are the full-coverage numbers.
   */
  common?: { mean: number | null; ci: Interval | null; scored: number };
  /** The model's run cost divided by its passing records (binary metrics, when the price is known). */
  costPerPass?: number;
}

export interface ModelSummary {
  model: ModelInfo;
  records: number;
  ok: number;
  errors: number;
  missing: number;
  notRun: number;
  /** Replies a content filter or guardrail stopped (status `filtered`); absent in results of schema 1. */
  filtered?: number;
  inputTokens: number;
  outputTokens: number;
  /** Estimated cost in USD, when a price is known. */
  cost?: number;
  stopReasons: Record<string, number>;
  /** Share of answered records cut off at maxTokens (stopReason max_tokens). */
  truncationRate?: number;
  errorCodes: Record<string, number>;
  /**
   * For each code in `errorCodes`, the message of the first record in suite order with that code, as the service wrote
   * it (untrusted text: escape it before printing). Absent in results written before it existed.
   */
  errorMessages?: Record<string, string>;
  latencyP50?: number;
  latencyP95?: number;
  metrics: MetricSummary[];
  /** Disagreements between outputs, manifest and job counts; duplicates, unknown and malformed lines. */
  notes?: string[];
  /** Shard job states, e.g. { Completed: 2 }. */
  jobs?: Record<string, number>;
}

/** A candidate model against the baseline on one metric, over records both completed. */
export interface Comparison {
  baseline: string;
  candidate: string;
  metric: string;
  kind: ScoreKind;
  /** Records both models scored. */
  paired: number;
  baselineMean: number | null;
  candidateMean: number | null;
  /** candidate − baseline. */
  difference: number | null;
  ci: Interval | null;
  pValue: number | null;
  /** Holm-adjusted across the comparison's family (RunSummary.holmFamily, or the gate's rules for gate comparisons). */
  pAdjusted: number | null;
  /** Discordant pairs, for binary metrics (McNemar); for a pairwise judge, the candidate's wins and losses. */
  wins?: number;
  losses?: number;
  /** Scorable records either model never ran (its job stopped first): while any remain the verdict is `incomplete`. */
  notRun?: number;
  /** The configured equivalence margin, when there is one (only then can the verdict be `equivalent`). */
  equivalenceMargin?: number;
  /** A pairwise judge's metric: the candidate's mean verdict (win 1, tie ½, loss 0) against ½. */
  pairwise?: true;
  verdict: ComparisonVerdict;
}

/**
 * What a comparison's data show: `better`/`worse` (significant, see docs/statistics.md), `inconclusive` (the data
 * cannot tell), `incomplete` (records not run), `equivalent` (interval inside ±the configured equivalence margin).
 */
export type ComparisonVerdict = 'better' | 'worse' | 'inconclusive' | 'incomplete' | 'equivalent';

export interface TagBreakdown {
  tag: string;
  records: number;
  /** Per model key, per metric: mean over scored records carrying the tag. */
  means: Record<string, Record<string, number | null>>;
}

export interface GateVerdictRow {
  candidate: string;
  metric: string;
  rule: string;
  verdict: 'pass' | 'regression' | 'inconclusive';
  evidence: string;
}

/** A pairwise judge's verdicts for one candidate against the baseline (both orders combined per record). */
export interface PairwiseSummary {
  /** The judge's metric name. */
  metric: string;
  baseline: string;
  candidate: string;
  /** Records with a combined verdict. */
  judged: number;
  wins: number;
  ties: number;
  losses: number;
  /** Rates over `judged` with 95% Wilson intervals; null when nothing was judged. */
  winRate: { rate: number; ci: Interval } | null;
  tieRate: { rate: number; ci: Interval } | null;
  lossRate: { rate: number; ci: Interval } | null;
}

/** The judge stage of a run (src/judge), reported apart from generation tokens and cost. */
export interface JudgeTotals {
  /** Judge tokens billed to this run (cached verdicts cost nothing). */
  inputTokens: number;
  outputTokens: number;
  /** USD, when the judge models' prices are known. */
  cost?: number;
  /** Distinct judge requests answered from the verdict cache (earlier runs). */
  cachedVerdicts: number;
  /** Distinct judge requests sent by this run (batch jobs or realtime). */
  freshVerdicts: number;
  /** Judge scores of answered records left unscored: failed or unparseable verdicts, requests not judged. */
  unscored: number;
  /** Requests skipped because they were below the batch minimum (`judge.belowMinimum: 'unscored'`). */
  skipped?: number;
  pairwise?: PairwiseSummary[];
}

export interface RunSummary {
  schemaVersion: 1 | 2;
  runId: string;
  createdAt: string;
  suite: { path: string; sha256: string; records: number };
  models: ModelInfo[];
  metrics: MetricInfo[];
  perModel: ModelSummary[];
  baseline?: string;
  comparisons: Comparison[];
  tags: TagBreakdown[];
  gate?: { verdict: 'pass' | 'regression' | 'inconclusive'; rows: GateVerdictRow[] };
  totals: { inputTokens: number; outputTokens: number; cost?: number };
  /** Present when judges are configured; `totals` stays generation only. */
  judge?: JudgeTotals;
}

export interface ScoreCell {
  value: number | null;
  pass?: boolean;
  reason: string;
}

/** One model's result for one record. */
export interface RecordCell {
  status: RecordStatus;
  text?: string;
  stopReason?: string;
  error?: { code: string; message: string };
  inputTokens?: number;
  outputTokens?: number;
  latencyMs?: number;
  /** Aligned with RunSummary.metrics; null where the metric did not score this record. */
  scores: (ScoreCell | null)[];
}

/** One suite record across all models, in suite order. */
export interface RecordRow {
  index: number;
  recordId: string;
  /** The prompt as text (system + messages flattened). */
  prompt: string;
  expected?: string;
  tags: string[];
  meta?: Record<string, unknown>;
  /** Aligned with RunSummary.models. */
  cells: RecordCell[];
}
