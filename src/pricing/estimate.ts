// Estimates tokens and cost of a run from the suite alone, before anything is uploaded or spent.
import type { ResolvedConfig } from '../config/types.ts';
import type { Suite } from '../suite/load-suite.ts';
import { mergeModelInput } from '../suite/batch-line.ts';
import type { ConverseInput } from '../suite/types.ts';
import { costUsd, priceFor } from './cost.ts';
import { estimateJudges, type JudgeEstimate } from '../judge/estimate.ts';

/** Assumed output length when estimating the likely cost (the upper bound uses each record's maxTokens). */
export const LIKELY_OUTPUT_TOKENS = 256;
/** Assumed maxTokens when a record sets none (Bedrock's model defaults vary; this is deliberately generous). */
export const DEFAULT_MAX_TOKENS = 4096;

/** About 4 characters per token for English text: the usual rule of thumb; real tokenizers vary by ±30%. */
export function approxTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function inputText(input: ConverseInput): string {
  let text = '';
  for (const b of input.system ?? []) if (typeof b.text === 'string') text += b.text;
  for (const m of input.messages) for (const b of m.content) if (typeof b.text === 'string') text += b.text;
  return text;
}

export interface ModelEstimate {
  key: string;
  label: string;
  records: number;
  inputTokens: number;
  /** Assuming LIKELY_OUTPUT_TOKENS per record (or maxTokens if lower). */
  outputTokensLikely: number;
  /** Every record writing its full maxTokens. */
  outputTokensMax: number;
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
    let inputTokens = 0, likely = 0, max = 0;
    for (const r of suite.records) {
      const input = mergeModelInput(r.modelInput, model);
      inputTokens += approxTokens(inputText(input)) + 4 * input.messages.length;
      const cap = input.inferenceConfig?.maxTokens ?? DEFAULT_MAX_TOKENS;
      likely += Math.min(cap, LIKELY_OUTPUT_TOKENS);
      max += cap;
    }
    const price = priceFor(model.id, model.pricing);
    const est: ModelEstimate = { key: model.key, label: model.label, records: suite.records.length, inputTokens, outputTokensLikely: likely, outputTokensMax: max };
    if (price) {
      est.batchLikely = costUsd(price, inputTokens, likely, 'batch');
      est.batchMax = costUsd(price, inputTokens, max, 'batch');
      est.onDemandLikely = costUsd(price, inputTokens, likely, 'realtime');
      est.onDemandMax = costUsd(price, inputTokens, max, 'realtime');
    }
    return est;
  });
  const sum = (f: keyof ModelEstimate) => (models.every((m) => m[f] !== undefined) ? models.reduce((a, m) => a + (m[f] as number), 0) : undefined);
  const out: RunEstimate = { models, unpriced: models.filter((m) => m.batchMax === undefined).map((m) => m.label), unpricedJudges: [] };
  for (const f of ['batchLikely', 'batchMax', 'onDemandLikely', 'onDemandMax'] as const) {
    const v = sum(f);
    if (v !== undefined) out[f] = v;
  }
  const judges = estimateJudges(config, suite);
  if (judges.length) {
    out.judges = judges;
    out.unpricedJudges = judges.filter((j) => j.costMax === undefined).map((j) => `${j.name} (${j.model})`);
    if (!out.unpricedJudges.length) {
      out.judgeBatchLikely = judges.reduce((a, j) => a + j.costLikely!, 0);
      out.judgeBatchMax = judges.reduce((a, j) => a + j.costMax!, 0);
    }
  }
  return out;
}
