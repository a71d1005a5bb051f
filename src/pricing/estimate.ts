// Estimates tokens and cost of a run from the suite alone, before anything is uploaded or spent.
import type { ResolvedConfig } from '../types/config.ts';
import type { Suite } from '../suite/load-suite.ts';
import { mergeModelInput } from '../suite/batch-line.ts';
import { batchPriceKnown, costUsd, priceFor } from './cost.ts';
import { outputTokenLimit } from './output-limits.ts';
import { estimateJudges, type JudgeEstimate } from './judge-estimate.ts';
import { approxInputTokens, LIKELY_OUTPUT_TOKENS, maxOutputTokens, sentMaxTokens } from './tokens.ts';

export interface ModelEstimate {
  key: string;
  label: string;
  records: number;
  inputTokens: number;
  /** Assuming LIKELY_OUTPUT_TOKENS per record (or maxTokens if lower). */
  outputTokensLikely: number;
  /** Every record writing its full maxTokens (see maxOutputTokens). */
  outputTokensMax: number;
  /** Records sent without maxTokens: each may write up to the model's output limit. */
  withoutMaxTokens: number;
  /** The model's output limit when beval knows it; without it, `withoutMaxTokens` records leave the run unbounded. */
  outputLimit?: number;
  /** USD; undefined when no price is known for the model. */
  batchLikely?: number;
  batchMax?: number;
  onDemandLikely?: number;
  onDemandMax?: number;
}

export interface RunEstimate {
  models: ModelEstimate[];
  batchLikely?: number;
  batchMax?: number;
  onDemandLikely?: number;
  onDemandMax?: number;
  /** Labels of generation models with no known price (set models[].pricing). */
  unpriced: string[];
  /**
   * Models with records sent without maxTokens whose output limit beval does not know, as `label (N records without
   * maxTokens)`: their max assumes DEFAULT_MAX_TOKENS per record, which is no bound, so the budget check refuses.
   */
  unbounded: string[];
  /** Judges whose model has no known price, as `name (model)` (set judges[].pricing). */
  unpricedJudges: string[];
  /** The judge stage (src/judge), apart from generation: one row per configured judge. */
  judges?: JudgeEstimate[];
  /**
   * Sums over `judges` of each judge's cost: batch prices, or on-demand for judges that run realtime (see
   * JudgeEstimate.mode; the name predates that). Undefined when a judge model has no known price.
   */
  judgeBatchLikely?: number;
  judgeBatchMax?: number;
}

export function estimateRun(config: ResolvedConfig, suite: Suite): RunEstimate {
  const models = config.models.map((model): ModelEstimate => {
    let inputTokens = 0, likely = 0, max = 0, withoutMaxTokens = 0;
    for (const r of suite.records) {
      const input = mergeModelInput(r.modelInput, model);
      inputTokens += approxInputTokens(input);
      if (sentMaxTokens(r, model) === undefined) withoutMaxTokens++;
      const cap = maxOutputTokens(r, model);
      likely += Math.min(cap, LIKELY_OUTPUT_TOKENS);
      max += cap;
    }
    const price = priceFor(model.id, model.pricing);
    const limit = outputTokenLimit(model.id);
    const est: ModelEstimate = {
      key: model.key, label: model.label, records: suite.records.length, inputTokens, outputTokensLikely: likely, outputTokensMax: max,
      withoutMaxTokens, ...(limit !== undefined ? { outputLimit: limit } : {}),
    };
    if (price) {
      // No blanket discount: a built-in row without a batch price leaves the batch cost unknown.
      if (batchPriceKnown(model.id, model.pricing)) {
        est.batchLikely = costUsd(price, inputTokens, likely, 'batch');
        est.batchMax = costUsd(price, inputTokens, max, 'batch');
      }
      est.onDemandLikely = costUsd(price, inputTokens, likely, 'realtime');
      est.onDemandMax = costUsd(price, inputTokens, max, 'realtime');
    }
    return est;
  });
  const sum = (f: keyof ModelEstimate) => (models.every((m) => m[f] !== undefined) ? models.reduce((a, m) => a + (m[f] as number), 0) : undefined);
  const out: RunEstimate = {
    models,
    unpriced: models.filter((m) => m.batchMax === undefined).map((m) => m.label),
    unbounded: models.filter((m) => m.withoutMaxTokens > 0 && m.outputLimit === undefined).map((m) => `${m.label} (${m.withoutMaxTokens} records without maxTokens)`),
    unpricedJudges: [],
  };
  for (const f of ['batchLikely', 'batchMax', 'onDemandLikely', 'onDemandMax'] as const) {
    const v = sum(f);
    if (v !== undefined) out[f] = v;
  }
  attachJudges(out, estimateJudges(config, suite));
  return out;
}

/** Adds the judge stage's rows to an estimate, with their totals when every judge model is priced. */
export function attachJudges(out: RunEstimate, judges: ReturnType<typeof estimateJudges>): void {
  if (!judges.length) return;
  out.judges = judges;
  out.unpricedJudges = judges.filter((j) => j.costMax === undefined).map((j) => `${j.name} (${j.model})`);
  if (!out.unpricedJudges.length) {
    out.judgeBatchLikely = judges.reduce((a, j) => a + j.costLikely!, 0);
    out.judgeBatchMax = judges.reduce((a, j) => a + j.costMax!, 0);
  }
}
