// The regression gate: non-inferiority of each candidate against the baseline, plus coverage/cost/latency limits.
import type { Comparison, GateVerdictRow, ModelSummary } from '../types/results.ts';
import { BevalError } from '../errors.ts';
import { ruleLimitProblem } from './rule-limits.ts';
import { MIN_PAIRED_CONTINUOUS } from '../stats/compare.ts';
import type { GateConfig, GateRule, GateVerdict } from '../types/gate.ts';

export interface GateInput {
  config: GateConfig;
  /** Comparisons as summarise() produced them (baseline vs each candidate, per metric). */
  comparisons: Comparison[];
  perModel: ModelSummary[];
}

export interface GateResult {
  verdict: GateVerdict;
  rows: GateVerdictRow[];
}

const f = (x: number, digits = 4) => String(Number(x.toFixed(digits)));

/** Non-inferiority from the 95% CI of candidate − baseline: pass if low > −δ, regression if high < −δ. */
function nonInferiority(rule: GateRule, candidate: string, c: Comparison | undefined): GateVerdictRow {
  const row = { candidate, metric: rule.metric, rule: `non-inferiority δ=${f(rule.margin)}` };
  if (c === undefined) return { ...row, verdict: 'inconclusive', evidence: 'no comparison for this metric (metric not scored?)' };
  if (c.ci === null || c.difference === null || c.paired === 0) {
    return { ...row, verdict: 'inconclusive', evidence: 'no records scored by both models' };
  }
  const evidence = `Δ ${f(c.difference)} [${f(c.ci.low)}, ${f(c.ci.high)}] over ${c.paired} paired records; margin −${f(rule.margin)}`;
  if (c.kind === 'continuous' && c.paired < MIN_PAIRED_CONTINUOUS) {
    return { ...row, verdict: 'inconclusive', evidence: `${evidence}; fewer than ${MIN_PAIRED_CONTINUOUS} paired records` };
  }
  if (c.ci.low > -rule.margin) return { ...row, verdict: 'pass', evidence };
  if (c.ci.high < -rule.margin) return { ...row, verdict: 'regression', evidence };
  return { ...row, verdict: 'inconclusive', evidence };
}

function coverageRow(rule: GateRule, min: number, cand: ModelSummary): GateVerdictRow {
  const row = { candidate: cand.model.key, metric: rule.metric, rule: `coverage ≥ ${f(min)}` };
  const m = cand.metrics.find((x) => x.metric === rule.metric);
  if (m === undefined) return { ...row, verdict: 'regression', evidence: 'metric not scored for this model' };
  const coverage = m.expected > 0 ? m.scored / m.expected : 0;
  const evidence = `coverage ${f(coverage)} (${m.scored}/${m.expected})`;
  return { ...row, verdict: coverage >= min ? 'pass' : 'regression', evidence };
}

function ratioRow(
  rule: GateRule,
  label: string,
  max: number,
  cand: ModelSummary,
  candValue: number | undefined,
  baseValue: number | undefined,
): GateVerdictRow {
  const row = { candidate: cand.model.key, metric: rule.metric, rule: `${label} ≤ ${f(max)}× baseline` };
  if (candValue === undefined || baseValue === undefined) {
    return { ...row, verdict: 'inconclusive', evidence: `${label} unknown for ${candValue === undefined ? 'candidate' : 'baseline'}` };
  }
  if (baseValue <= 0) {
    const ok = candValue <= 0;
    return { ...row, verdict: ok ? 'pass' : 'inconclusive', evidence: `baseline ${label} is ${f(baseValue)}; candidate ${f(candValue)}` };
  }
  const ratio = candValue / baseValue;
  const evidence = `${label} ratio ${f(ratio, 3)} (${f(candValue)} vs ${f(baseValue)})`;
  return { ...row, verdict: ratio <= max ? 'pass' : 'regression', evidence };
}

function checkConfig(config: GateConfig, keys: Set<string>): void {
  const known = [...keys].join(', ');
  if (!keys.has(config.baseline)) throw new BevalError('CONFIG', `gate.baseline: unknown model "${config.baseline}"; models: ${known}`);
  config.candidates?.forEach((c, i) => {
    if (!keys.has(c)) throw new BevalError('CONFIG', `gate.candidates[${i}]: unknown model "${c}"; models: ${known}`);
  });
  config.rules.forEach((r, i) => {
    const problem = ruleLimitProblem({ ...r });
    if (problem) throw new BevalError('CONFIG', `gate.rules[${i}].${problem.field}: ${problem.message}`);
  });
}

/**
 * Evaluate every rule for every candidate. Any regression → regression; else any inconclusive → inconclusive; else
 * pass. A gate that compared nothing (no candidate besides the baseline) is inconclusive, never a silent pass.
 */
export function evaluateGate(input: GateInput): GateResult {
  const { config, comparisons, perModel } = input;
  const byKey = new Map(perModel.map((p) => [p.model.key, p]));
  checkConfig(config, new Set(byKey.keys()));
  const base = byKey.get(config.baseline);
  const candidates = config.candidates ?? perModel.map((p) => p.model.key).filter((k) => k !== config.baseline);
  const rows: GateVerdictRow[] = [];
  for (const key of candidates) {
    const cand = byKey.get(key);
    if (cand === undefined || base === undefined) continue;
    for (const rule of config.rules) {
      const c = comparisons.find((x) => x.baseline === config.baseline && x.candidate === key && x.metric === rule.metric);
      rows.push(nonInferiority(rule, key, c));
      if (rule.minCoverage !== undefined) rows.push(coverageRow(rule, rule.minCoverage, cand));
      if (rule.maxCostRatio !== undefined) rows.push(ratioRow(rule, 'cost', rule.maxCostRatio, cand, cand.cost, base.cost));
      if (rule.maxLatencyRatio !== undefined) {
        rows.push(ratioRow(rule, 'latency p50', rule.maxLatencyRatio, cand, cand.latencyP50, base.latencyP50));
      }
    }
  }
  return { verdict: overall(rows), rows };
}

export function overall(rows: GateVerdictRow[]): GateVerdict {
  if (rows.length === 0) return 'inconclusive';
  if (rows.some((r) => r.verdict === 'regression')) return 'regression';
  if (rows.some((r) => r.verdict === 'inconclusive')) return 'inconclusive';
  return 'pass';
}

/** The CLI's exit code for a verdict: 0 pass, 2 regression, 3 inconclusive (1 is reserved for errors). */
export function gateExitCode(verdict: GateVerdict): 0 | 2 | 3 {
  return verdict === 'pass' ? 0 : verdict === 'regression' ? 2 : 3;
}
