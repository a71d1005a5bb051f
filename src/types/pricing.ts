// Prices of a model: the one shape config, judges, the estimate and the summary share.

/** On-demand prices in USD per 1,000 tokens, and the batch discount. */
export interface ModelPricing {
  /** USD per 1,000 input tokens, on demand. */
  inputPer1k: number;
  /** USD per 1,000 output tokens, on demand. */
  outputPer1k: number;
  /** Fraction off the on-demand price for batch jobs. @default 0.5 */
  batchDiscount?: number;
}
