// Monte-Carlo check of the gate on synthetic paired binary data: false-alarm rate and power at a stated effect.
import type { ModelSummary } from '../types/results.ts';
import { compareModels } from '../stats/compare.ts';
import { mulberry32 } from '../stats/random.ts';
import { evaluateGate } from './evaluate.ts';

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
}

export interface SimulateResult {
  /** Share of trials whose verdict was pass (non-inferiority shown). */
  passRate: number;
  /** Share of trials whose verdict was regression. */
  regressionRate: number;
  inconclusiveRate: number;
  trials: number;
}

function modelSummary(key: string): ModelSummary {
  return {
    model: { key, label: key, modelId: key, mode: 'batch' },
    records: 0, ok: 0, errors: 0, missing: 0, notRun: 0, filtered: 0, inputTokens: 0, outputTokens: 0,
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
  const perModel = [modelSummary('baseline'), modelSummary('candidate')];
  const config = { baseline: 'baseline', rules: [{ metric: 'm', margin: o.margin }] };
  let pass = 0;
  let regression = 0;
  for (let t = 0; t < o.trials; t++) {
    for (let i = 0; i < o.n; i++) {
      const b = rand() < p1 ? 1 : 0;
      const c = rand() < rho ? b : rand() < q ? 1 : 0;
      bp[i] = b;
      cp[i] = c;
      bv[i] = b;
      cv[i] = c;
    }
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
