// Monte-Carlo check of the gate on synthetic paired binary data: false-alarm rate and power at a stated effect.
import type { ModelSummary } from '../types/results.ts';
import { compareModels } from '../stats/compare.ts';
import { mulberry32 } from '../stats/random.ts';
import { DEFAULT_COVERAGE_TOLERANCE, evaluateGate } from './evaluate.ts';

export interface SimulateOptions {
  /** Records per simulated run. */
  n: number;
  /** Baseline pass rate. */
  baseRate: number;
  /** True candidate − baseline difference in pass rate. */
  trueDiff: number;
  /** Non-inferiority margin δ. */
  margin: number;
  trials: number;
  seed: number;
  /** Probability that the candidate simply repeats the baseline's outcome on a record (pairing strength). @default 0.5 */
  agreement?: number;
  /**
   * Per-record probability that a model gives no answer (an error), independently per record. Unanswered records
   * count as failures (the default policy) and feed the gate's answered-share rule. @default { baseline: 0, candidate: 0 }
   */
  errorRate?: { baseline: number; candidate: number };
  /** The gate's answered-share tolerance. @default 0.01 */
  coverageTolerance?: number;
}

export interface SimulateResult {
  /** Share of trials whose verdict was pass (non-inferiority shown). */
  passRate: number;
  /** Share of trials whose verdict was regression. */
  regressionRate: number;
  inconclusiveRate: number;
  trials: number;
}

function modelSummary(key: string, records: number, ok: number): ModelSummary {
  return {
    model: { key, label: key, modelId: key, mode: 'batch' },
    records, ok, errors: records - ok, missing: 0, notRun: 0, filtered: 0, inputTokens: 0, outputTokens: 0,
    stopReasons: {}, errorCodes: {}, metrics: [],
  };
}

/**
 * Simulate `trials` runs. Each record: baseline passes with p = baseRate; the candidate copies that outcome with
 * probability `agreement`, else passes independently with q chosen so its marginal pass rate is baseRate + trueDiff.
 * Throws RangeError when no valid q exists for the settings.
 */
export function simulateGate(o: SimulateOptions): SimulateResult {
  const rho = o.agreement ?? 0.5;
  const p1 = o.baseRate;
  const p2 = p1 + o.trueDiff;
  const q = rho === 1 ? p2 : (p2 - rho * p1) / (1 - rho);
  if (!(p1 >= 0 && p1 <= 1 && q >= 0 && q <= 1 && (rho < 1 || o.trueDiff === 0))) {
    throw new RangeError(`simulateGate: baseRate ${p1}, trueDiff ${o.trueDiff}, agreement ${rho} give no valid candidate rate`);
  }
  const rand = mulberry32(o.seed);
  const bv = new Float64Array(o.n);
  const cv = new Float64Array(o.n);
  const bp = new Uint8Array(o.n);
  const cp = new Uint8Array(o.n);
  const eb = o.errorRate?.baseline ?? 0;
  const ec = o.errorRate?.candidate ?? 0;
  if (!(eb >= 0 && eb < 1 && ec >= 0 && ec < 1)) throw new RangeError(`simulateGate: error rates must be in [0, 1), got ${eb} and ${ec}`);
  const config = { baseline: 'baseline', rules: [{ metric: 'm', margin: o.margin }], coverageTolerance: o.coverageTolerance ?? DEFAULT_COVERAGE_TOLERANCE };
  let pass = 0;
  let regression = 0;
  for (let t = 0; t < o.trials; t++) {
    let okB = 0;
    let okC = 0;
    for (let i = 0; i < o.n; i++) {
      // Random draws in a fixed order whatever the error rates, so with none the stream is the one the figures in
      // docs/statistics.md were made with.
      const b = rand() < p1 ? 1 : 0;
      const c = rand() < rho ? b : rand() < q ? 1 : 0;
      // An unanswered record is a failure under the default policy (answer-policy.ts).
      const answeredB = eb === 0 || rand() >= eb;
      const answeredC = ec === 0 || rand() >= ec;
      if (answeredB) okB++;
      if (answeredC) okC++;
      bp[i] = answeredB ? b : 0;
      cp[i] = answeredC ? c : 0;
      bv[i] = bp[i]!;
      cv[i] = cp[i]!;
    }
    const perModel = [modelSummary('baseline', o.n, okB), modelSummary('candidate', o.n, okC)];
    const comparison = compareModels({
      baseline: 'baseline', candidate: 'candidate', metric: 'm', kind: 'binary',
      baselineValues: bv, candidateValues: cv, baselinePass: bp, candidatePass: cp, seed: o.seed + t,
    });
    const { verdict } = evaluateGate({ config, comparisons: [comparison], perModel });
    if (verdict === 'pass') pass++;
    else if (verdict === 'regression') regression++;
  }
  return {
    passRate: pass / o.trials,
    regressionRate: regression / o.trials,
    inconclusiveRate: (o.trials - pass - regression) / o.trials,
    trials: o.trials,
  };
}
