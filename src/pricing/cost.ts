// Looks up a model's price and turns token counts into USD for batch (discounted) or on-demand execution.
import type { ModelPricing } from '../config/types.ts';
import { DEFAULT_PRICES } from './default-prices.ts';

const DEFAULT_BATCH_DISCOUNT = 0.5;

/** Strips the cross-region inference-profile prefix and any ARN, so `us.anthropic.x` and the ARN both find `anthropic.x`. */
export function baseModelId(id: string): string {
  const afterSlash = id.includes('/') ? id.slice(id.lastIndexOf('/') + 1) : id;
  return afterSlash.replace(/^(us|eu|apac|global|us-gov|jp|au|ca)\./, '');
}

export function priceFor(modelId: string, override?: ModelPricing): ModelPricing | undefined {
  return override ?? DEFAULT_PRICES[baseModelId(modelId)];
}

export function costUsd(price: ModelPricing, inputTokens: number, outputTokens: number, mode: 'batch' | 'realtime'): number {
  const onDemand = (inputTokens / 1000) * price.inputPer1k + (outputTokens / 1000) * price.outputPer1k;
  return mode === 'batch' ? onDemand * (1 - (price.batchDiscount ?? DEFAULT_BATCH_DISCOUNT)) : onDemand;
}
