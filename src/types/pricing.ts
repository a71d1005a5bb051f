// Prices of a model: the one shape config, judges, the estimate and the summary share.
import type { ExecutionMode } from './results.ts';

/** On-demand prices in USD per 1,000 tokens, and the batch discount. */
export interface ModelPricing {
  /** USD per 1,000 input tokens, on demand. */
  inputPer1k: number;
  /** USD per 1,000 output tokens, on demand. */
  outputPer1k: number;
  /** Fraction off the on-demand price for batch jobs. @default 0.5 */
  batchDiscount?: number;
}

/**
 * How one model's answers are billed, resolved once from the ledger and the config: the mode each attempt ran in (a
 * `beval rerun` under the batch minimum goes realtime after a batch run, and the reverse can happen) and the price in
 * each of those modes. Plain data, so it crosses to a report worker.
 */
export interface ModelBilling {
  /**
   * Index = attempt (1: the run's own; 2, 3 …: `beval rerun`'s); [0], for a record no line counts for, and any attempt
   * that did not send this model's records: the run's own mode (`ModelInfo.mode`).
   */
  attemptModes: ExecutionMode[];
  /** The price in each mode an attempt ran in (billingPrice); absent where it is not known, which leaves that cost unknown. */
  prices: Partial<Record<ExecutionMode, ModelPricing>>;
}
