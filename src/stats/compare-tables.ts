// Per-model columns under the unanswered-records policy, and the paired comparisons of candidates with a baseline:
// shared by the run summary (exploratory comparisons), the gate and a baseline taken from an earlier run, so all of
// them count the same records the same way.
import type { Comparison, MetricInfo, RecordStatus } from '../types/results.ts';
import type { ResolvedConfig } from '../types/config.ts';
import { applyPolicy, notRunEither, scorableMask, standings, type PolicyView, type UnansweredPolicy } from './answer-policy.ts';
import { compareModels } from './compare.ts';

/** One model's per-record data, whatever run it came from. */
export interface ModelColumns {
  key: string;
  /** Standing code per record (answer-policy.ts). */
  standing: Uint8Array;
  /** The model's values and pass flags for a metric, by name; undefined when that run has no such metric. */
  column(metric: string): { values: Float64Array; pass: Uint8Array } | undefined;
}

/** Columns of a table of status codes (`names[code]` is the status) and per-metric arrays aligned with `metrics`. */
export function modelColumns(key: string, status: Uint8Array, names: readonly RecordStatus[], metrics: MetricInfo[], values: Float64Array[], pass: Uint8Array[]): ModelColumns {
  const at = new Map(metrics.map((m, j) => [m.name, j]));
  return {
    key,
    standing: standings(status, names),
    column(metric) {
      const j = at.get(metric);
      return j === undefined ? undefined : { values: values[j]!, pass: pass[j]! };
    },
  };
}

/** How to apply the policy: the switch, and the equivalence margin per metric (if any). */
export interface VerdictOptions {
  unanswered: UnansweredPolicy;
  equivalenceMargin?: number | Record<string, number>;
}

/** The policy's options from the config. */
export function verdictOptions(config: Pick<ResolvedConfig, 'unanswered' | 'equivalenceMargin'>): VerdictOptions {
  return { unanswered: config.unanswered ?? 'fail', ...(config.equivalenceMargin !== undefined ? { equivalenceMargin: config.equivalenceMargin } : {}) };
}

export function marginFor(opts: VerdictOptions, metric: string): number | undefined {
  const m = opts.equivalenceMargin;
  return typeof m === 'number' ? m : m?.[metric];
}

/**
 * Every model's view of one metric under the policy, keyed by model key. `all` are the models whose answers decide
 * which records the scorer can score; `pairwiseBaseline`, for a pairwise judge, the model it compares against.
 */
export function policyViews(all: ModelColumns[], metric: MetricInfo, opts: VerdictOptions, pairwiseBaseline?: ModelColumns): Map<string, PolicyView> {
  const cols = all.flatMap((m) => {
    const c = m.column(metric.name);
    return c ? [{ key: m.key, standing: m.standing, ...c }] : [];
  });
  const scorable = scorableMask(cols, metric.pairwise ? pairwiseBaseline?.standing ?? new Uint8Array(cols[0]?.values.length ?? 0) : undefined);
  return new Map(cols.map((c) => [c.key, applyPolicy(c, scorable, metric.kind, opts.unanswered, metric.pairwise === true)]));
}

export interface CompareTablesInput {
  baseline: ModelColumns;
  candidates: ModelColumns[];
  /** Every model whose answers decide scorability (the run's models, and a baseline from an earlier run). */
  all: ModelColumns[];
  metrics: MetricInfo[];
  opts: VerdictOptions;
  seed: number;
}

/** Candidate × metric comparisons with the baseline, unadjusted (the caller picks the Holm family). */
export function compareTables(input: CompareTablesInput): Comparison[] {
  const { baseline, candidates, metrics, opts } = input;
  const out: Comparison[] = [];
  for (const metric of metrics) {
    const views = policyViews(input.all, metric, opts, baseline);
    const base = views.get(baseline.key);
    const scorable = scorableOf(views);
    for (const cand of candidates) {
      const c = views.get(cand.key);
      if (!c || (!base && !metric.pairwise)) continue;
      const margin = marginFor(opts, metric.name);
      const none = new Float64Array(c.values.length).fill(Number.NaN);
      out.push(compareModels({
        baseline: baseline.key, candidate: cand.key, metric: metric.name, kind: metric.kind,
        baselineValues: base?.values ?? none, candidateValues: c.values,
        baselinePass: base?.pass ?? new Uint8Array(c.values.length).fill(255), candidatePass: c.pass, seed: input.seed,
        notRun: notRunEither(baseline.standing, cand.standing, scorable),
        ...(margin !== undefined ? { equivalenceMargin: margin } : {}),
        ...(metric.pairwise ? { pairwise: true } : {}),
      }));
    }
  }
  return out;
}

/** The scorable mask the views were built on: a record is scorable when any view has it in its denominator or gap. */
function scorableOf(views: Map<string, PolicyView>): Uint8Array {
  const first = views.values().next().value as PolicyView | undefined;
  return first?.scorableMask ?? new Uint8Array(0);
}
