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
  /** The run's own execution mode (its first attempt's); a `beval rerun` may answer some records the other way (ModelSummary.billedByMode). */
  mode: ExecutionMode;
}

export interface MetricInfo {
  name: string;
  kind: ScoreKind;
  /** A pairwise judge: values are the candidate's verdicts against the baseline (win 1, tie ½, loss 0). */
  pairwise?: true;
}

export interface Interval {
  low: number;
  high: number;
}

/** One model × one metric. */
export interface MetricSummary {
  metric: string;
  kind: ScoreKind;
  /**
   * The headline, under the unanswered-records policy (RunSummary.policy): for a binary metric under `fail`, the pass
   * rate over every record the scorer can score that ran (`counted`), an unanswered record counting as a failure; for
   * a continuous metric (or under `exclude`), the mean over answered records. Null when nothing counted.
   */
  mean: number | null;
  /** 95% interval of the headline: Wilson for binary, seeded percentile bootstrap for continuous. */
  ci: Interval | null;
  /** Records the model answered and the scorer scored. */
  scored: number;
  /** Records the suite has. */
  expected: number;
  /** Records the scorer can score (every model alike; a record without an expected answer is not one). */
  scorable?: number;
  /** Records in the headline's denominator: `scored`, plus the unanswered ones when they count as failures. */
  counted?: number;
  /** Scorable records the model did not answer (error, missing output, filtered reply). */
  unanswered?: number;
  /** Scorable records never run (job stopped, failed or expired first): comparisons are `incomplete`. */
  notRun?: number;
  /** The same metric over answered records only ("answered only"), beside the headline. */
  answered?: { mean: number | null; ci: Interval | null; scored: number };
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

/** One execution mode's share of a model's billed answers (ModelSummary.billedByMode). */
export interface BilledInMode {
  mode: ExecutionMode;
  /** Answers (ok and filtered) whose counted line this mode produced, reused ones aside. */
  answers: number;
  inputTokens: number;
  outputTokens: number;
  /** USD at this mode's price (batch discount for batch); absent when the price is not known. */
  cost?: number;
}

export interface ModelSummary {
  model: ModelInfo;
  records: number;
  /** Records answered ÷ records sent to the model (ok ÷ (records − notRun)); null when none was sent. */
  answeredShare?: number | null;
  ok: number;
  errors: number;
  missing: number;
  notRun: number;
  /** Replies a content filter or guardrail stopped (status `filtered`); absent in results of schema 1. */
  filtered?: number;
  /**
   * After `beval rerun`: records sent again (over every rerun), and attempt → records whose counted answer came from
   * that attempt (the newest line of each record). Absent for a run never rerun.
   */
  retried?: number;
  answersByAttempt?: Record<string, number>;
  /**
   * `beval run --reuse`: answers taken from earlier runs instead of sent (their usage is in the token counts above,
   * their cost is not in `cost`, which is new spend only). `fromRuns`: source run id → answers.
   */
  reused?: { records: number; fromRuns: Record<string, number>; inputTokens: number; outputTokens: number; cost?: number };
  inputTokens: number;
  outputTokens: number;
  /** Estimated cost in USD, when a price is known: each answer at the price of the mode that answered it (billedByMode). */
  cost?: number;
  /**
   * Present when some of this run's billed answers (ok and filtered; reused ones aside) came from another execution
   * mode than `model.mode` (a `beval rerun` that went realtime after a batch run, or the reverse): per mode, those
   * answers, their tokens and their cost at that mode's price (absent when it is not known; `cost` is then unknown
   * too), `model.mode` first. Absent when `model.mode` billed every answer.
   */
  billedByMode?: BilledInMode[];
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
  /**
   * Per model key, per metric: the mean's denominator, the records carrying the tag it counts (scored ones, and under
   * `unanswered: 'fail'` a binary metric's unanswered ones as failures).
   */
  counted?: Record<string, Record<string, number>>;
  /**
   * Per model key, per metric: the 95% Wilson interval of a binary metric's pass rate, as in the headline figures;
   * null for a continuous metric (no per-tag bootstrap: it would cost a resampling per tag × model × metric).
   */
  ci?: Record<string, Record<string, Interval | null>>;
}

/** The Holm family a set of comparisons was adjusted over, in words for the report. */
export interface HolmFamily {
  /** Comparisons with a p-value in the family. */
  size: number;
  /** What the family covers, e.g. "every candidate × every binary metric of this run (exploratory)". */
  covers: string;
}

/** How the verdicts were reached: the policy for unanswered records and the margins in force. */
export interface VerdictPolicy {
  unanswered: 'fail' | 'exclude';
  equivalenceMargin?: number | Record<string, number>;
  /** The gate's answered-share tolerance, when a gate is configured. */
  coverageTolerance?: number;
}

/** The earlier run a baseline came from (`gate.baselineRun`), and how its records were paired with this run's. */
export interface BaselineRunInfo {
  runId: string;
  file: string;
  model: ModelInfo;
  /** The baseline's key in comparisons: `<key>@<runId>`. */
  key: string;
  paired: number;
  records: number;
  earlierRecords: number;
  subset: boolean;
  /** The earlier run's summary of the baseline model. */
  summary: ModelSummary;
}

export interface GateVerdictRow {
  candidate: string;
  metric: string;
  rule: string;
  verdict: 'pass' | 'regression' | 'inconclusive';
  evidence: string;
  /** The evidence as numbers (src/gate/row-numbers.ts); absent in gate results written before they existed. */
  numbers?: GateRowNumbers;
}

/** What a gate row measured; each field is present only for the rules it belongs to. */
export interface GateRowNumbers {
  /** Non-inferiority: the margin δ (the candidate may be worse by at most δ, in the metric's units). */
  margin?: number;
  /** Non-inferiority: candidate − baseline over the paired records; null when nothing was paired. */
  difference?: number | null;
  /** Non-inferiority: the 95% interval of the difference. */
  ci?: Interval | null;
  /** Non-inferiority: records both models scored. */
  paired?: number;
  /** Non-inferiority: Holm-adjusted p of the paired test (unadjusted when no adjustment was made). */
  p?: number | null;
  /** minCoverage: the candidate's coverage on the metric (0–1) and the minimum. */
  coverage?: number | null;
  minCoverage?: number | null;
  /** maxCostRatio / maxLatencyRatio: candidate ÷ baseline and the maximum. */
  ratio?: number | null;
  maxRatio?: number;
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
  /** Judge tokens billed to this run: every judge request it sent, padding copies included (cached verdicts cost nothing). */
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
  /** Padding copies this run was billed for to reach the batch minimum (`judge.belowMinimum: 'pad'`); verdicts discarded. */
  padded?: number;
  pairwise?: PairwiseSummary[];
}

export interface RunSummary {
  schemaVersion: 1 | 2 | 3;
  runId: string;
  createdAt: string;
  /** `selection`: how the records were chosen when only part of the suite file ran ("sample of 200 of 5,000 records …"). */
  suite: { path: string; sha256: string; records: number; selection?: string };
  models: ModelInfo[];
  metrics: MetricInfo[];
  perModel: ModelSummary[];
  baseline?: string;
  comparisons: Comparison[];
  tags: TagBreakdown[];
  /**
   * The gate's verdict, rows and its own comparisons (each candidate × rule metric once), Holm-adjusted over the
   * pre-declared rules only, so adding an exploratory scorer never changes them.
   */
  gate?: { verdict: 'pass' | 'regression' | 'inconclusive'; rows: GateVerdictRow[]; comparisons?: Comparison[]; family?: HolmFamily; baseline?: string };
  /** The family `comparisons` were Holm-adjusted over (always written by schema 2). */
  holmFamily?: HolmFamily;
  /** The policy the figures were computed under (always written by schema 2). */
  policy?: VerdictPolicy;
  /** Why the configured gate or its baseline run could not be applied to this run's results (shown in the reports). */
  gateError?: string;
  /** Present when the baseline is a model of an earlier run (`gate.baselineRun`): `comparisons` are against it. */
  baselineRun?: BaselineRunInfo;
  /**
   * Tokens of every counted answer (reused ones included); `cost` is this run's new spend only, `reusedCost` what the
   * answers reused from earlier runs (`beval run --reuse`) cost those runs (absent without reuse or without a price).
   */
  totals: { inputTokens: number; outputTokens: number; cost?: number; reusedCost?: number };
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
