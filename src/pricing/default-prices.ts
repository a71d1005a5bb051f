// Default on-demand prices for common Bedrock models, USD per 1,000 tokens (us-east-1, standard tier).
// Taken from the Amazon Bedrock pricing page as known on 2026-11-25; prices change, so override them per model in
// eval.config.ts (`models[].pricing`) for numbers you will rely on. Batch is priced at 50% of on-demand where offered.
// For the models in REGIONAL_PREMIUM the table holds the `global.` profile price (see there).
import type { ModelPricing } from '../types/pricing.ts';

export const DEFAULT_PRICES_DATE = '2026-11-25';

export const DEFAULT_PRICES: Record<string, ModelPricing> = {
  'anthropic.claude-3-haiku-20240307-v1:0': { inputPer1k: 0.00025, outputPer1k: 0.00125 },
  'anthropic.claude-3-5-haiku-20241022-v1:0': { inputPer1k: 0.0008, outputPer1k: 0.004 },
  'anthropic.claude-haiku-4-5-20251001-v1:0': { inputPer1k: 0.001, outputPer1k: 0.005 },
  'anthropic.claude-sonnet-4-20250514-v1:0': { inputPer1k: 0.003, outputPer1k: 0.015 },
  'anthropic.claude-sonnet-4-5-20250929-v1:0': { inputPer1k: 0.003, outputPer1k: 0.015 }, // global.; see REGIONAL_PREMIUM
  'anthropic.claude-opus-4-5-20251101-v1:0': { inputPer1k: 0.005, outputPer1k: 0.025 },
  'amazon.nova-micro-v1:0': { inputPer1k: 0.000035, outputPer1k: 0.00014 },
  'amazon.nova-lite-v1:0': { inputPer1k: 0.00006, outputPer1k: 0.00024 },
  'amazon.nova-pro-v1:0': { inputPer1k: 0.0008, outputPer1k: 0.0032 },
  'meta.llama3-1-8b-instruct-v1:0': { inputPer1k: 0.00022, outputPer1k: 0.00022 },
  'meta.llama3-1-70b-instruct-v1:0': { inputPer1k: 0.00072, outputPer1k: 0.00072 },
  'meta.llama3-3-70b-instruct-v1:0': { inputPer1k: 0.00072, outputPer1k: 0.00072 },
  'openai.gpt-oss-20b-1:0': { inputPer1k: 0.00007, outputPer1k: 0.0003 },
  'openai.gpt-oss-120b-1:0': { inputPer1k: 0.00015, outputPer1k: 0.0006 },
  'mistral.mistral-large-2407-v1:0': { inputPer1k: 0.002, outputPer1k: 0.006 },
  // Emulator models: nominal prices so that offline reports show cost columns. Not real prices.
  'beval.arith-v1': { inputPer1k: 0.0002, outputPer1k: 0.0008 },
  'beval.flaky-v1': { inputPer1k: 0.0001, outputPer1k: 0.0004 },
  'beval.verbose-v1': { inputPer1k: 0.0008, outputPer1k: 0.0032 },
  'beval.judge-v1': { inputPer1k: 0.0003, outputPer1k: 0.0012 },
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
