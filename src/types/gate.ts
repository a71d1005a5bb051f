// Regression-gate configuration, as written under `gate` in eval.config.ts.

/** One rule, applied to every candidate against the baseline. */
export interface GateRule {
  /** Metric (scorer column) name the rule is about. */
  metric: string;
  /**
   * Non-inferiority margin δ, absolute, in the metric's own units (0.02 = two points of pass rate;
   * BLEU and chrF are on 0–100, so δ = 1 is one BLEU point). The candidate may be worse by at most δ.
   */
  margin: number;
  /** Minimum coverage (scored / suite records) of the candidate on this metric, 0–1. */
  minCoverage?: number;
  /** Maximum candidate cost ÷ baseline cost (whole run). */
  maxCostRatio?: number;
  /** Maximum candidate p50 latency ÷ baseline p50 latency. */
  maxLatencyRatio?: number;
}

export interface GateConfig {
  /** Model key of the baseline. */
  baseline: string;
  /** Model keys to gate. @default every model except the baseline */
  candidates?: string[];
  rules: GateRule[];
}

export type GateVerdict = 'pass' | 'regression' | 'inconclusive';
