// Turns the per-model tables into the RunSummary: coverage, intervals, tokens, cost, paired comparisons, tags, gate.
import { RESULTS_SCHEMA_VERSION } from '../results/results-file.ts';
import type { ResolvedConfig } from '../types/config.ts';
import type { Ledger } from '../run/ledger.ts';
import type { Suite } from '../suite/load-suite.ts';
import type { Comparison, Interval, MetricInfo, MetricSummary, ModelInfo, ModelSummary, RunSummary, TagBreakdown } from '../types/results.ts';
import { summariseMetric, applyHolm, percentile, wilson } from '../stats/index.ts';
import { gateRun, runSide } from '../gate/gate-run.ts';
import type { StoredResults } from '../results/results-reader.ts';
import type { ModelBilling } from '../types/pricing.ts';
import { modelCost } from './model-cost.ts';
import { NO_PASS, STATUS, STATUS_NAMES, type ModelTable } from '../score/model-table.ts';
import { compareTables, modelColumns, policyViews, verdictOptions, type ModelColumns } from '../stats/compare-tables.ts';
import { pairRuns } from '../results/run-vs-run.ts';
import type { PolicyView } from '../stats/answer-policy.ts';
import { DEFAULT_COVERAGE_TOLERANCE } from '../gate/index.ts';

export interface SummariseInput {
  runId: string;
  createdAt: string;
  suite: Suite;
  ledger: Ledger;
  config: ResolvedConfig;
  models: ModelInfo[];
  /** Each model's attempt modes and its price in each (billingPrice), resolved once by the caller. */
  billing: ModelBilling[];
  metrics: MetricInfo[];
  tables: ModelTable[];
  notes: string[][];
  /** The results of `gate.baselineRun`, read by the caller: comparisons and gate are then against its model. */
  baselineRun?: StoredResults;
}

/** 1 where every model answered the record (status ok). */
function answeredByAll(tables: ModelTable[]): Uint8Array {
  const n = tables[0]?.status.length ?? 0;
  const mask = new Uint8Array(n).fill(1);
  for (const t of tables) for (let i = 0; i < n; i++) if (t.status[i] !== STATUS.ok) mask[i] = 0;
  return mask;
}

/**
 * Per metric, 1 where every model answered the record and every model the metric scores at all scored it, so a
 * metric's "common" numbers compare models on exactly the same records: a judge verdict that failed or a custom scorer
 * that threw for one model takes the record out for all. A model the metric never scores (a pairwise judge's
 * baseline) does not empty the set.
 */
function commonMasks(tables: ModelTable[], metrics: number): Uint8Array[] {
  const answered = answeredByAll(tables);
  return Array.from({ length: metrics }, (_, j) => {
    const mask = answered.slice();
    for (const t of tables) {
      const values = t.values[j]!;
      if (!values.some((v) => !Number.isNaN(v))) continue;
      for (let i = 0; i < mask.length; i++) if (Number.isNaN(values[i]!)) mask[i] = 0;
    }
    return mask;
  });
}

/**
 * `values` with the records outside `mask` unscored, or undefined when the mask unscores none of them: the common
 * figures then equal the full ones, and a continuous metric's bootstrap (slow at large runs) need not run twice.
 */
function masked(values: Float64Array, mask: Uint8Array): Float64Array | undefined {
  let dropped = false;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    if (mask[i]) out[i] = values[i]!;
    else {
      out[i] = Number.NaN;
      if (!Number.isNaN(values[i]!)) dropped = true;
    }
  }
  return dropped ? out : undefined;
}

/**
 * One model × metric: the headline under the policy, the answered-only figure beside it (computed apart only when they
 * differ: a binary metric under `fail`), the common-subset figure, and the counts of the policy.
 */
function metricSummary(input: SummariseInput, t: ModelTable, j: number, view: PolicyView, mask: Uint8Array): MetricSummary {
  const { config } = input;
  const m = input.metrics[j]!;
  const n = t.status.length;
  const opts = { metric: m.name };
  const failing = (config.unanswered ?? 'fail') === 'fail' && (m.kind === 'binary' || m.pairwise === true);
  const headline = summariseMetric(view.values, view.pass, m.kind, n, config.seed, opts);
  const answered = failing ? summariseMetric(t.values[j]!, t.pass[j]!, m.kind, n, config.seed, opts) : headline;
  const inCommon = masked(t.values[j]!, mask);
  const common = inCommon ? summariseMetric(inCommon, t.pass[j]!, m.kind, n, config.seed, opts) : answered;
  return {
    ...headline, metric: m.name, scored: view.scored, expected: n,
    scorable: view.scorable, counted: headline.scored, unanswered: view.unanswered, notRun: view.notRun,
    answered: { mean: answered.mean, ci: answered.ci, scored: answered.scored },
    common: { mean: common.mean, ci: common.ci, scored: common.scored },
  };
}

function modelSummary(input: SummariseInput, k: number, masks: Uint8Array[], views: Map<string, PolicyView>[]): ModelSummary {
  const { tables, metrics, models, ledger } = input;
  const t = tables[k]!;
  const n = t.status.length;
  let ok = 0, errors = 0, missing = 0, notRun = 0, filtered = 0, inTok = 0, outTok = 0;
  const latencies: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = t.status[i];
    if (s === STATUS.ok) {
      ok++;
      inTok += t.inputTokens[i]!;
      outTok += t.outputTokens[i]!;
      if (!Number.isNaN(t.latencyMs[i]!)) latencies.push(t.latencyMs[i]!);
    } else if (s === STATUS.filtered) {
      // Billed like an answer (tokens and cost count), scored like an error (nothing).
      filtered++;
      inTok += t.inputTokens[i]!;
      outTok += t.outputTokens[i]!;
    } else if (s === STATUS.error) errors++;
    else if (s === STATUS.missing) missing++;
    else notRun++;
  }
  const model = models[k]!;
  const retried = (ledger.reruns ?? []).reduce((sum, r) => sum + (r.records[model.key] ?? 0), 0);
  // Job states come from the service: counted without a prototype to collide with.
  const jobs = Object.create(null) as Record<string, number>;
  for (const shard of ledger.models[k]?.shards ?? []) jobs[shard.status ?? 'NotCreated'] = (jobs[shard.status ?? 'NotCreated'] ?? 0) + 1;
  // Reused answers (`beval run --reuse`) were paid for by their own run: the cost here is new spend only.
  const reusedRuns = Object.entries(t.reused);
  const reused = reusedRuns.length ? {
    records: reusedRuns.reduce((n, [, r]) => n + r.records, 0),
    fromRuns: Object.fromEntries(reusedRuns.map(([id, r]) => [id, r.records])),
    inputTokens: reusedRuns.reduce((n, [, r]) => n + r.inputTokens, 0),
    outputTokens: reusedRuns.reduce((n, [, r]) => n + r.outputTokens, 0),
  } : undefined;
  // Each answer at the price of the mode that answered it (a rerun may have gone the other way); reused ones apart.
  const reusedAnswers = reusedRuns.reduce((n, [, r]) => n + r.answers, 0);
  const { cost, reusedCost, billedByMode } = modelCost(t, model.mode, input.billing[k]!, reused ? { ...reused, answers: reusedAnswers } : undefined);
  return {
    model,
    records: n, answeredShare: n - notRun > 0 ? ok / (n - notRun) : null, ok, errors, missing, notRun, filtered,
    ...(retried ? { retried, answersByAttempt: { ...t.answerAttempts } } : {}),
    ...(reused ? { reused: { ...reused, ...(reusedCost !== undefined ? { cost: reusedCost } : {}) } } : {}),
    inputTokens: inTok, outputTokens: outTok,
    ...(cost !== undefined ? { cost } : {}),
    ...(billedByMode ? { billedByMode } : {}),
    stopReasons: t.stopReasons,
    ...(ok ? { truncationRate: (t.stopReasons.max_tokens ?? 0) / ok } : {}),
    errorCodes: t.errorCodes,
    errorMessages: t.errorMessages,
    ...(latencies.length ? { latencyP50: percentile(latencies, 50), latencyP95: percentile(latencies, 95) } : {}),
    metrics: metrics.map((m, j) => {
      const ms = metricSummary(input, t, j, views[j]!.get(model.key)!, masks[j]!);
      // What the passes cost, reused answers included (they were paid for once, by their own run).
      const costPerPass = cost !== undefined && m.kind === 'binary' && ms.passed ? (cost + (reusedCost ?? 0)) / ms.passed : undefined;
      return { ...ms, ...(costPerPass !== undefined ? { costPerPass } : {}) };
    }),
    notes: input.notes[k] ?? [],
    jobs,
  };
}

/** Per-tag means, under the same policy as the headline (an unanswered record is a failure in a binary metric's rate). */
function tagBreakdowns(input: SummariseInput, views: Map<string, PolicyView>[]): TagBreakdown[] {
  const byTag = new Map<string, number[]>();
  input.suite.records.forEach((r, i) => r.tags.forEach((tag) => {
    const list = byTag.get(tag) ?? [];
    list.push(i);
    byTag.set(tag, list);
  }));
  return [...byTag.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([tag, indices]) => {
    const means: TagBreakdown['means'] = {};
    const counted: NonNullable<TagBreakdown['counted']> = {};
    const ci: NonNullable<TagBreakdown['ci']> = {};
    input.tables.forEach((_t, k) => {
      const row: Record<string, number | null> = {};
      const countedRow: Record<string, number> = {};
      const ciRow: Record<string, Interval | null> = {};
      input.metrics.forEach((m, j) => {
        // A binary metric's mean is its pass rate, as in the headline figures: a custom scorer may give a value that
        // disagrees with its pass flag ({ value: 0.2, pass: true }), and the flag is what counts.
        const binary = m.kind === 'binary';
        const view = views[j]!.get(input.models[k]!.key)!;
        let sum = 0, count = 0;
        for (const i of indices) {
          const v = view.values[i]!;
          if (!Number.isNaN(v)) { sum += binary ? (view.pass[i] === 1 ? 1 : 0) : v; count++; }
        }
        row[m.name] = count ? sum / count : null;
        countedRow[m.name] = count;
        ciRow[m.name] = binary && count ? wilson(sum, count) : null;
      });
      means[input.models[k]!.key] = row;
      counted[input.models[k]!.key] = countedRow;
      ci[input.models[k]!.key] = ciRow;
    });
    return { tag, records: indices.length, means, counted, ci };
  });
}

export function summarise(input: SummariseInput): RunSummary {
  const { models, metrics, tables, config } = input;
  const opts = verdictOptions(config);
  const masks = commonMasks(tables, metrics.length);
  const cols: ModelColumns[] = tables.map((t, k) => modelColumns(models[k]!.key, t.status, STATUS_NAMES, metrics, t.values, t.pass));
  const b = models.findIndex((m) => m.key === config.baseline);
  const views = metrics.map((m) => policyViews(cols, m, opts, cols[b]));
  const perModel = models.map((_, k) => modelSummary(input, k, masks, views));
  const totals = perModel.reduce((acc, p) => ({
    inputTokens: acc.inputTokens + p.inputTokens,
    outputTokens: acc.outputTokens + p.outputTokens,
    cost: p.cost === undefined || acc.cost === undefined ? undefined : acc.cost + p.cost,
  }), { inputTokens: 0, outputTokens: 0, cost: 0 as number | undefined });
  const reusing = perModel.filter((p) => p.reused);
  const reusedCost = reusing.length && reusing.every((p) => p.reused!.cost !== undefined) ? reusing.reduce((n, p) => n + p.reused!.cost!, 0) : undefined;
  const summary: RunSummary = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    runId: input.runId,
    createdAt: input.createdAt,
    suite: { path: input.suite.path, sha256: input.suite.sha256, records: input.suite.records.length, ...(input.ledger.selection ? { selection: input.ledger.selection } : {}) },
    models, metrics, perModel,
    comparisons: [],
    tags: tagBreakdowns(input, views),
    // `cost` is this run's new spend; answers reused from earlier runs (`--reuse`) cost those runs, shown apart.
    totals: { inputTokens: totals.inputTokens, outputTokens: totals.outputTokens, ...(totals.cost !== undefined ? { cost: totals.cost } : {}), ...(reusedCost !== undefined ? { reusedCost } : {}) },
    policy: {
      unanswered: opts.unanswered,
      ...(opts.equivalenceMargin !== undefined ? { equivalenceMargin: opts.equivalenceMargin } : {}),
      ...(config.gate ? { coverageTolerance: config.gate.coverageTolerance ?? DEFAULT_COVERAGE_TOLERANCE } : {}),
    },
  };
  const current: StoredResults = {
    file: 'this run', summary, recordIds: input.suite.records.map((r) => r.recordId),
    tables: new Map(models.map((m, k) => [m.key, { values: tables[k]!.values, pass: tables[k]!.pass, status: tables[k]!.status }])),
  };
  // Exploratory comparisons: every candidate × every metric against the baseline, which is a model of an earlier run
  // when the gate names one (paired by the run-vs-run comparator), so the report shows what the gate decided on.
  let comparisons: Comparison[] = [];
  if (config.gate?.baselineRun && input.baselineRun) {
    const p = pairRuns(runSide(current), runSide(input.baselineRun), config.gate.baseline, config.gate.allowSubset ? { allowSubset: true } : {});
    comparisons = compareTables({ baseline: p.baseline, candidates: p.current, all: [...p.current, p.baseline], metrics: metrics.filter((m) => !m.pairwise), opts, seed: config.seed });
    summary.baseline = p.info.key;
    summary.baselineRun = { ...p.info, summary: p.baselineSummary };
  } else if (b >= 0) {
    comparisons = compareTables({ baseline: cols[b]!, candidates: cols.filter((_, k) => k !== b), all: cols, metrics, opts, seed: config.seed });
    summary.baseline = models[b]!.key;
  }
  summary.comparisons = applyHolm(comparisons);
  summary.holmFamily = {
    size: comparisons.filter((c) => c.pValue !== null).length,
    covers: 'every candidate × every binary metric of this run (exploratory); the gate adjusts over its own rules only',
  };
  // The same code as `beval gate` (gate-run.ts), so the verdict in results.json and report.html is the one CI gets:
  // comparisons against the gate's own baseline (which may differ from the run's, or be in an earlier run), Holm
  // over the gate's rules.
  if (config.gate && (!config.gate.baselineRun || input.baselineRun)) {
    const g = gateRun({ gate: config.gate, current, ...(input.baselineRun ? { baselineRun: input.baselineRun } : {}), seed: config.seed, opts });
    summary.gate = { verdict: g.verdict, rows: g.rows, comparisons: g.comparisons, family: g.family, baseline: g.baselineLabel };
  }
  return summary;
}

export { NO_PASS };
