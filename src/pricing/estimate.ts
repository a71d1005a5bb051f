// Estimates tokens and cost of a run from the suite alone, before anything is uploaded or spent.
import type { ResolvedConfig, ResolvedModel } from '../config/types.ts';
import type { Suite } from '../suite/load-suite.ts';
import { mergeModelInput } from '../suite/batch-line.ts';
import type { ConverseInput, SuiteRecord } from '../suite/types.ts';
import { costUsd, priceFor } from './cost.ts';
import { outputTokenLimit } from './output-limits.ts';
import { estimateJudges, type JudgeEstimate } from '../judge/estimate.ts';

/** Assumed output length when estimating the likely cost (the upper bound uses each record's maxTokens). */
export const LIKELY_OUTPUT_TOKENS = 256;
/**
 * Assumed maxTokens when a record sets none and the model's output limit is unknown (see OUTPUT_TOKEN_LIMITS). Not a
 * bound: Converse then lets the model write up to its own limit, so the budget check refuses such a run.
 */
export const DEFAULT_MAX_TOKENS = 4096;

/** Characters per token for ASCII text in the input estimate: the usual rule of thumb for English. */
export const CHARS_PER_TOKEN = 4;

/** ASCII characters and other UTF-16 units of a string, added into `acc`. */
function countUnits(text: string, acc: { ascii: number; other: number }): void {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < 0x80) acc.ascii++;
    else acc.other++;
  }
}

/**
 * ASCII at about 4 characters per token (English; real tokenizers vary by ±30%), and one token per other UTF-16 unit:
 * Japanese, Chinese, Korean, Cyrillic and emoji take about one token per character or more, not a quarter of one.
 */
function unitsToTokens(acc: { ascii: number; other: number }): number {
  return Math.ceil(acc.ascii / CHARS_PER_TOKEN) + acc.other;
}

/** Tokens of a text: ASCII at CHARS_PER_TOKEN, one per other UTF-16 unit (see unitsToTokens). */
export function approxTokens(text: string): number {
  const acc = { ascii: 0, other: 0 };
  countUnits(text, acc);
  return unitsToTokens(acc);
}

/** Every string (and number) anywhere inside a value, added into `acc`: object values and array items, not keys. */
function encodedUnits(v: unknown, acc: { ascii: number; other: number }): void {
  if (typeof v === 'string') countUnits(v, acc);
  else if (typeof v === 'number' || typeof v === 'bigint') countUnits(String(v), acc);
  else if (Array.isArray(v)) for (const x of v) encodedUnits(x, acc);
  else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) encodedUnits(x, acc);
}

/**
 * The input the model reads: the text of text blocks, and for every other block (image, document, video, toolUse,
 * toolResult, guardContent, …) every string inside it as encoded in the suite — base64 `bytes` included. Real
 * tokenizers charge images and documents differently (often far less than their base64 size), so counting the
 * encoded size at the text ratio is deliberately on the high side rather than free.
 */
function inputUnits(input: ConverseInput): { ascii: number; other: number } {
  const acc = { ascii: 0, other: 0 };
  const blocks = [...(input.system ?? []), ...input.messages.flatMap((m) => m.content)];
  for (const b of blocks) {
    if (typeof b.text === 'string') countUnits(b.text, acc);
    else encodedUnits(b, acc);
  }
  return acc;
}

/** Input tokens of one request: every block as in inputUnits at unitsToTokens' rates, plus 4 per message. */
export function approxInputTokens(input: ConverseInput): number {
  return unitsToTokens(inputUnits(input)) + 4 * input.messages.length;
}

/** The maxTokens a record is sent to a model with: the model's inferenceConfig.maxTokens, else the record's. */
function sentMaxTokens(record: SuiteRecord, model: ResolvedModel): number | undefined {
  return mergeModelInput(record.modelInput, model).inferenceConfig?.maxTokens;
}

/**
 * The most a record can write for a model: the maxTokens it is sent with, else the model's output limit (Converse's
 * default when maxTokens is unset), else DEFAULT_MAX_TOKENS (no real bound: see ModelEstimate.withoutMaxTokens).
 * The generation upper bound, and the longest answer a judge can be given.
 */
export function maxOutputTokens(record: SuiteRecord, model: ResolvedModel): number {
  return sentMaxTokens(record, model) ?? outputTokenLimit(model.id) ?? DEFAULT_MAX_TOKENS;
}

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
      est.batchLikely = costUsd(price, inputTokens, likely, 'batch');
      est.batchMax = costUsd(price, inputTokens, max, 'batch');
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
