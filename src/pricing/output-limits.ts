// The most each known model can write in one answer: the upper bound of a record that sets no maxTokens.
import { baseModelId } from './cost.ts';

/**
 * Output-token limits by base model ID (see baseModelId). Bedrock's Converse API documents that an unset
 * `inferenceConfig.maxTokens` defaults to "the maximum allowed value for the model", so a record without maxTokens
 * may write this many tokens. Only models whose limit is known with confidence are listed; for any other model a
 * record without maxTokens has no known bound (the estimate assumes DEFAULT_MAX_TOKENS and the budget check refuses).
 */
export const OUTPUT_TOKEN_LIMITS: Record<string, number> = {
  'anthropic.claude-3-haiku-20240307-v1:0': 4_096,
  'anthropic.claude-3-5-haiku-20241022-v1:0': 8_192,
  'anthropic.claude-haiku-4-5-20251001-v1:0': 64_000,
  'anthropic.claude-sonnet-4-20250514-v1:0': 64_000,
  'anthropic.claude-sonnet-4-5-20250929-v1:0': 64_000,
  'anthropic.claude-opus-4-5-20251101-v1:0': 64_000,
  'amazon.nova-micro-v1:0': 10_000,
  'amazon.nova-lite-v1:0': 10_000,
  'amazon.nova-pro-v1:0': 10_000,
  // Emulator models: their maxTokensCeiling in src/emulator/models.ts (a test keeps the two equal).
  'beval.arith-v1': 4_096,
  'beval.flaky-v1': 4_096,
  'beval.verbose-v1': 8_192,
  'beval.judge-v1': 4_096,
};

/** The model's output limit, or undefined when beval does not know it. */
export function outputTokenLimit(modelId: string): number | undefined {
  const base = baseModelId(modelId);
  return Object.hasOwn(OUTPUT_TOKEN_LIMITS, base) ? OUTPUT_TOKEN_LIMITS[base] : undefined;
}
