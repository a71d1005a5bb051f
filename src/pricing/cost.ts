// Looks up a model's price and turns token counts into USD for batch (discounted) or on-demand execution.
import type { ModelPricing } from '../types/pricing.ts';
import { DEFAULT_PRICES, REGIONAL_PREMIUM } from './default-prices.ts';

const DEFAULT_BATCH_DISCOUNT = 0.5;

/** Strips the cross-region inference-profile prefix and any ARN, so `us.anthropic.x` and the ARN both find `anthropic.x`. */
export function baseModelId(id: string): string {
  const afterSlash = id.includes('/') ? id.slice(id.lastIndexOf('/') + 1) : id;
  return afterSlash.replace(/^(us|eu|apac|global|us-gov|jp|au|ca)\./, '');
}

/** The configured price as it is, else the built-in one for the ID form: see REGIONAL_PREMIUM. */
export function priceFor(modelId: string, override?: ModelPricing): ModelPricing | undefined {
  if (override) return override;
  const base = baseModelId(modelId);
  // Own keys only: a model named `constructor` must not find Object.prototype's.
  const price = Object.hasOwn(DEFAULT_PRICES, base) ? DEFAULT_PRICES[base] : undefined;
  const premium = Object.hasOwn(REGIONAL_PREMIUM, base) ? REGIONAL_PREMIUM[base] : undefined;
  const global = modelId.slice(modelId.lastIndexOf('/') + 1).startsWith('global.');
  if (!price || premium === undefined || global) return price;
  return { ...price, inputPer1k: price.inputPer1k * (1 + premium), outputPer1k: price.outputPer1k * (1 + premium) };
}

/**
 * Whether a batch price is known: always for `models[].pricing` (its batchDiscount defaults to 0.5 by the user's
 * choice), for a built-in row only when the row lists a batch discount.
 */
export function batchPriceKnown(modelId: string, override?: ModelPricing): boolean {
  if (override) return true;
  const base = baseModelId(modelId);
  return Object.hasOwn(DEFAULT_PRICES, base) && DEFAULT_PRICES[base]!.batchDiscount !== undefined;
}

/**
 * The price to bill tokens at in `mode`, or undefined when it is not known: no price at all, or a batch run of a
 * built-in row that lists no batch price (a guessed 50% would be a number nobody can act on).
 */
export function billingPrice(modelId: string, override: ModelPricing | undefined, mode: 'batch' | 'realtime'): ModelPricing | undefined {
  if (mode === 'batch' && !batchPriceKnown(modelId, override)) return undefined;
  return priceFor(modelId, override);
}

export function costUsd(price: ModelPricing, inputTokens: number, outputTokens: number, mode: 'batch' | 'realtime'): number {
  const onDemand = (inputTokens / 1000) * price.inputPer1k + (outputTokens / 1000) * price.outputPer1k;
  return mode === 'batch' ? onDemand * (1 - (price.batchDiscount ?? DEFAULT_BATCH_DISCOUNT)) : onDemand;
}
