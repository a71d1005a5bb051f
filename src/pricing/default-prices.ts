// Default on-demand prices for common Bedrock models, USD per 1,000 tokens, **us-east-1** standard tier, each row dated.
// Taken from the Amazon Bedrock pricing page as known on the row's date; prices change and differ by Region, and some
// models have no batch price or cost more in "extended access" (bedrock-batch.md, corrections), so override them per
// model in eval.config.ts (`models[].pricing`) for numbers you will rely on. Batch is 50% of on-demand only on rows
// that say so (`batchDiscount`); a row without it has no known batch price.
// For the models in REGIONAL_PREMIUM the table holds the `global.` profile price (see there).
import type { ModelPricing } from '../types/pricing.ts';

/** The newest row's date, printed with the estimate. */
export const DEFAULT_PRICES_DATE = '2026-11-25';

/** The Region the built-in prices are for: in another Region a budget check needs `models[].pricing` (or --yes). */
export const DEFAULT_PRICES_REGION = 'us-east-1';

/** A built-in row: on-demand prices, the batch discount when AWS lists a batch price, and the date it was read. */
export interface BuiltInPrice extends ModelPricing {
  /** When the row was read from the pricing page (YYYY-MM-DD). */
  asOf: string;
}

/** AWS's pricing page: batch inference "at 50% lower price" for the models it lists with batch prices. */
const HALF = 0.5;

export const DEFAULT_PRICES: Record<string, BuiltInPrice> = {
  'anthropic.claude-3-haiku-20240307-v1:0': { inputPer1k: 0.00025, outputPer1k: 0.00125, batchDiscount: HALF, asOf: '2026-11-25' },
  'anthropic.claude-3-5-haiku-20241022-v1:0': { inputPer1k: 0.0008, outputPer1k: 0.004, batchDiscount: HALF, asOf: '2026-11-25' },
  'anthropic.claude-haiku-4-5-20251001-v1:0': { inputPer1k: 0.001, outputPer1k: 0.005, batchDiscount: HALF, asOf: '2026-11-25' },
  'anthropic.claude-sonnet-4-20250514-v1:0': { inputPer1k: 0.003, outputPer1k: 0.015, batchDiscount: HALF, asOf: '2026-11-25' },
  'anthropic.claude-sonnet-4-5-20250929-v1:0': { inputPer1k: 0.003, outputPer1k: 0.015, batchDiscount: HALF, asOf: '2026-11-25' }, // global.; see REGIONAL_PREMIUM
  'anthropic.claude-opus-4-5-20251101-v1:0': { inputPer1k: 0.005, outputPer1k: 0.025, batchDiscount: HALF, asOf: '2026-11-25' },
  'amazon.nova-micro-v1:0': { inputPer1k: 0.000035, outputPer1k: 0.00014, batchDiscount: HALF, asOf: '2026-11-25' },
  'amazon.nova-lite-v1:0': { inputPer1k: 0.00006, outputPer1k: 0.00024, batchDiscount: HALF, asOf: '2026-11-25' },
  'amazon.nova-pro-v1:0': { inputPer1k: 0.0008, outputPer1k: 0.0032, batchDiscount: HALF, asOf: '2026-11-25' },
  'meta.llama3-1-8b-instruct-v1:0': { inputPer1k: 0.00022, outputPer1k: 0.00022, batchDiscount: HALF, asOf: '2026-11-25' },
  'meta.llama3-1-70b-instruct-v1:0': { inputPer1k: 0.00072, outputPer1k: 0.00072, batchDiscount: HALF, asOf: '2026-11-25' },
  'meta.llama3-3-70b-instruct-v1:0': { inputPer1k: 0.00072, outputPer1k: 0.00072, batchDiscount: HALF, asOf: '2026-11-25' },
  'openai.gpt-oss-20b-1:0': { inputPer1k: 0.00007, outputPer1k: 0.0003, batchDiscount: HALF, asOf: '2026-11-25' },
  'openai.gpt-oss-120b-1:0': { inputPer1k: 0.00015, outputPer1k: 0.0006, batchDiscount: HALF, asOf: '2026-11-25' },
  'mistral.mistral-large-2407-v1:0': { inputPer1k: 0.002, outputPer1k: 0.006, batchDiscount: HALF, asOf: '2026-11-25' },
  // Emulator models: nominal prices so that offline reports show cost columns. Not real prices.
  'beval.arith-v1': { inputPer1k: 0.0002, outputPer1k: 0.0008, batchDiscount: HALF, asOf: '2026-11-25' },
  'beval.flaky-v1': { inputPer1k: 0.0001, outputPer1k: 0.0004, batchDiscount: HALF, asOf: '2026-11-25' },
  'beval.verbose-v1': { inputPer1k: 0.0008, outputPer1k: 0.0032, batchDiscount: HALF, asOf: '2026-11-25' },
  'beval.judge-v1': { inputPer1k: 0.0003, outputPer1k: 0.0012, batchDiscount: HALF, asOf: '2026-11-25' },
};

/**
 * From the Claude 4.5 generation on, Bedrock prices a `global.` cross-Region profile about 10% below a geographic
 * profile (`us.`, `eu.`, …) or an in-Region ID ("approximately 10% savings on both input and output token pricing
 * compared to geographic cross-Region inference", Bedrock user guide, global cross-Region inference). DEFAULT_PRICES
 * holds the global price of these models; every other ID form pays it × (1 + premium).
 */
export const REGIONAL_PREMIUM: Record<string, number> = {
  'anthropic.claude-haiku-4-5-20251001-v1:0': 0.1,
  'anthropic.claude-sonnet-4-5-20250929-v1:0': 0.1,
  'anthropic.claude-opus-4-5-20251101-v1:0': 0.1,
};
