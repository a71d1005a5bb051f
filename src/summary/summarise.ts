// Turns the per-model tables into the RunSummary: coverage, intervals, tokens, cost, paired comparisons, tags, gate.
import { RESULTS_SCHEMA_VERSION } from '../results/results-file.ts';
import type { ResolvedConfig } from '../types/config.ts';
import type { Ledger } from '../run/ledger.ts';
import type { Suite } from '../suite/load-suite.ts';
import type { Comparison, MetricInfo, ModelInfo, ModelSummary, RunSummary, TagBreakdown } from '../types/results.ts';
import { summariseMetric, compareModels, applyHolm, percentile } from '../stats/index.ts';
import { gateRun } from '../gate/gate-run.ts';
import type { StoredResults } from '../results/results-reader.ts';
import { costUsd, priceFor } from '../pricing/cost.ts';
import { NO_PASS, STATUS, type ModelTable } from '../score/model-table.ts';

export interface SummariseInput {
  runId: string;
  createdAt: string;
  suite: Suite;
  ledger: Ledger;
  config: ResolvedConfig;
  models: ModelInfo[];
  metrics: MetricInfo[];
  tables: ModelTable[];
  notes: string[][];
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

function modelSummary(input: SummariseInput, k: number, masks: Uint8Array[]): ModelSummary {
  const { tables, metrics, models, config, ledger } = input;
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
  const resolved = config.models.find((m) => m.key === model.key);
  const price = priceFor(model.modelId, resolved?.pricing);
  // Job states come from the service: counted without a prototype to collide with.
  const jobs = Object.create(null) as Record<string, number>;
  for (const shard of ledger.models[k]?.shards ?? []) jobs[shard.status ?? 'NotCreated'] = (jobs[shard.status ?? 'NotCreated'] ?? 0) + 1;
  const cost = price ? costUsd(price, inTok, outTok, model.mode) : undefined;
  return {
    model,
    records: n, ok, errors, missing, notRun, filtered,
    inputTokens: inTok, outputTokens: outTok,
    ...(cost !== undefined ? { cost } : {}),
    stopReasons: t.stopReasons,
    ...(ok ? { truncationRate: (t.stopReasons.max_tokens ?? 0) / ok } : {}),
    errorCodes: t.errorCodes,
    errorMessages: t.errorMessages,
    ...(latencies.length ? { latencyP50: percentile(latencies, 50), latencyP95: percentile(latencies, 95) } : {}),
    metrics: metrics.map((m, j) => {
      const full = summariseMetric(t.values[j]!, t.pass[j]!, m.kind, n, config.seed, { metric: m.name });
      const inCommon = masked(t.values[j]!, masks[j]!);
      const common = inCommon ? summariseMetric(inCommon, t.pass[j]!, m.kind, n, config.seed, { metric: m.name }) : full;
      const costPerPass = cost !== undefined && m.kind === 'binary' && full.passed ? cost / full.passed : undefined;
      return { ...full, metric: m.name, common: { mean: common.mean, ci: common.ci, scored: common.scored }, ...(costPerPass !== undefined ? { costPerPass } : {}) };
    }),
    notes: input.notes[k] ?? [],
    jobs,
  };
}

function tagBreakdowns(input: SummariseInput): TagBreakdown[] {
  const byTag = new Map<string, number[]>();
  input.suite.records.forEach((r, i) => r.tags.forEach((tag) => {
    const list = byTag.get(tag) ?? [];
    list.push(i);
    byTag.set(tag, list);
  }));
  return [...byTag.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([tag, indices]) => {
    const means: TagBreakdown['means'] = {};
    input.tables.forEach((t, k) => {
      const row: Record<string, number | null> = {};
      input.metrics.forEach((m, j) => {
        // A binary metric's mean is its pass rate, as in the headline figures: a custom scorer may give a value that
        // disagrees with its pass flag ({ value: 0.2, pass: true }), and the flag is what counts.
        const binary = m.kind === 'binary';
        let sum = 0, count = 0;
        for (const i of indices) {
          const v = t.values[j]![i]!;
          if (!Number.isNaN(v)) { sum += binary ? (t.pass[j]![i] === 1 ? 1 : 0) : v; count++; }
        }
        row[m.name] = count ? sum / count : null;
      });
      means[input.models[k]!.key] = row;
    });
    return { tag, records: indices.length, means };
  });
}

export function summarise(input: SummariseInput): RunSummary {
  const { models, metrics, tables, config } = input;
  const masks = commonMasks(tables, metrics.length);
  const perModel = models.map((_, k) => modelSummary(input, k, masks));
  const b = models.findIndex((m) => m.key === config.baseline);
  const comparisons: Comparison[] = [];
  if (b >= 0) {
    models.forEach((cand, k) => {
      if (k === b) return;
      metrics.forEach((m, j) => {
        comparisons.push(compareModels({
          baseline: models[b]!.key, candidate: cand.key, metric: m.name, kind: m.kind,
          baselineValues: tables[b]!.values[j]!, candidateValues: tables[k]!.values[j]!,
          baselinePass: tables[b]!.pass[j]!, candidatePass: tables[k]!.pass[j]!, seed: config.seed,
        }));
      });
    });
  }
  const adjusted = applyHolm(comparisons);
  const totals = perModel.reduce((acc, p) => ({
    inputTokens: acc.inputTokens + p.inputTokens,
    outputTokens: acc.outputTokens + p.outputTokens,
    cost: p.cost === undefined || acc.cost === undefined ? undefined : acc.cost + p.cost,
  }), { inputTokens: 0, outputTokens: 0, cost: 0 as number | undefined });
  const summary: RunSummary = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    runId: input.runId,
    createdAt: input.createdAt,
    suite: { path: input.suite.path, sha256: input.suite.sha256, records: input.suite.records.length },
    models, metrics, perModel,
    ...(b >= 0 ? { baseline: models[b]!.key } : {}),
    comparisons: adjusted,
    tags: tagBreakdowns(input),
    totals: { inputTokens: totals.inputTokens, outputTokens: totals.outputTokens, ...(totals.cost !== undefined ? { cost: totals.cost } : {}) },
  };
  // The same code as `beval gate` (gate-run.ts), so the verdict in results.json and report.html is the one CI gets:
  // comparisons against the gate's own baseline (which may differ from the run's), Holm over the gate's rows. A gate
  // whose baseline is in an earlier run is applied by `beval gate`, which reads both runs' results.
  if (config.gate && !config.gate.baselineRun) {
    const { baselineRun: _unused, ...gate } = config.gate;
    const current: StoredResults = {
      file: 'this run', summary, recordIds: input.suite.records.map((r) => r.recordId),
      tables: new Map(models.map((m, k) => [m.key, { values: tables[k]!.values, pass: tables[k]!.pass }])),
    };
    const { verdict, rows } = gateRun({ gate, current, seed: config.seed });
    summary.gate = { verdict, rows };
  }
  return summary;
}

export { NO_PASS };
