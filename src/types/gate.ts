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
  /**
   * A candidate whose answered share (records answered ÷ records sent to it) is below the baseline's by more than
   * this fails the gate, whatever its rules say. A share: 0.01 = one point. @default 0.01
   */
  coverageTolerance?: number;
  /**
   * With `baselineRun`, allow an earlier run of a different suite: only the records both runs hold (by recordId) are
   * paired, and the report says how many. @default false (runs of different suites are refused)
   */
  allowSubset?: boolean;
}

export type GateVerdict = 'pass' | 'regression' | 'inconclusive';
