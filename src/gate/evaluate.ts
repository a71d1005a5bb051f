// The regression gate: non-inferiority of each candidate against the baseline, plus coverage/cost/latency limits.
import type { Comparison, GateVerdictRow, ModelSummary } from '../types/results.ts';
import { BevalError } from '../errors.ts';
import { ruleLimitProblem } from './rule-limits.ts';
import { MIN_PAIRED_CONTINUOUS } from '../stats/compare.ts';
import type { GateConfig, GateRule, GateVerdict } from '../types/gate.ts';
import { coverageNumbers, nonInferiorityNumbers, ratioNumbers } from './row-numbers.ts';

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
  // Records not run leave the comparison incomplete: no pass until a rerun completes them.
  const incomplete = c.verdict === 'incomplete' ? `incomplete: ${c.notRun} scorable record(s) not run (rerun them)` : '';
  if (incomplete && (c.ci === null || c.difference === null || c.paired === 0)) return { ...row, verdict: 'inconclusive', evidence: `${incomplete}; no records scored by both models` };
  if (c.ci === null || c.difference === null || c.paired === 0) {
    return { ...row, verdict: 'inconclusive', evidence: 'no records scored by both models' };
  }
  const evidence = c.pairwise
    ? `win rate (ties ½) ${f(c.difference + 0.5)}, Δ vs a tie ${f(c.difference)} [${f(c.ci.low)}, ${f(c.ci.high)}] over ${c.paired} judged records; margin −${f(rule.margin)}`
    : `Δ ${f(c.difference)} [${f(c.ci.low)}, ${f(c.ci.high)}] over ${c.paired} paired records; margin −${f(rule.margin)}`;
  if (incomplete) return { ...row, verdict: 'inconclusive', evidence: `${incomplete}; ${evidence}` };
  if (c.kind === 'continuous' && c.paired < MIN_PAIRED_CONTINUOUS) {
    return { ...row, verdict: 'inconclusive', evidence: `${evidence}; fewer than ${MIN_PAIRED_CONTINUOUS} paired records` };
  }
  if (c.ci.low > -rule.margin) return { ...row, verdict: 'pass', evidence };
  if (c.ci.high < -rule.margin) return { ...row, verdict: 'regression', evidence };
  return { ...row, verdict: 'inconclusive', evidence };
}

/** minCoverage: records scored ÷ records the scorer can score (a record without an expected answer is not one). */
function coverageRow(rule: GateRule, min: number, cand: ModelSummary): GateVerdictRow {
  const row = { candidate: cand.model.key, metric: rule.metric, rule: `coverage ≥ ${f(min)}` };
  const m = cand.metrics.find((x) => x.metric === rule.metric);
  if (m === undefined) return { ...row, verdict: 'regression', evidence: 'metric not scored for this model' };
  const scorable = m.scorable ?? m.expected;
  const coverage = scorable > 0 ? m.scored / scorable : 0;
  const evidence = `coverage ${f(coverage)} (${m.scored} scored of ${scorable} the scorer can score)`;
  return { ...row, verdict: coverage >= min ? 'pass' : 'regression', evidence };
}

/** Default coverage tolerance: one point of answered share. */
export const DEFAULT_COVERAGE_TOLERANCE = 0.01;

/** Records answered ÷ records sent (not-run records were never sent an answer). */
export function answeredShareOf(p: ModelSummary): { answered: number; sent: number; share: number | null } {
  const sent = p.records - p.notRun;
  return { answered: p.ok, sent, share: sent > 0 ? p.ok / sent : null };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * Always on: a candidate whose answered share is below the baseline's by more than the tolerance fails, whatever
 * metric the rules name. A model that fails one request in seven must not pass on the requests it answered.
 */
function answeredRow(cand: ModelSummary, base: ModelSummary, tolerance: number): GateVerdictRow {
  const row = { candidate: cand.model.key, metric: '(all records)', rule: `answered share ≥ baseline − ${f(tolerance)}` };
  const c = answeredShareOf(cand);
  const b = answeredShareOf(base);
  if (c.share === null || b.share === null) return { ...row, verdict: 'inconclusive', evidence: `no record was sent to the ${c.share === null ? 'candidate' : 'baseline'} (all not run)` };
  const gap = b.share - c.share;
  const evidence = `answered ${c.answered}/${c.sent} (${pct(c.share)}) vs baseline ${b.answered}/${b.sent} (${pct(b.share)}): ${gap > 0 ? `${(gap * 100).toFixed(1)} points below` : 'not below'}; tolerance ${(tolerance * 100).toFixed(1)} points`;
  // A hair of float slack: 99 of 100 against 100 of 100 is exactly one point, within a one-point tolerance.
  return { ...row, verdict: gap > tolerance + 1e-12 ? 'regression' : 'pass', evidence };
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
  const t = config.coverageTolerance;
  if (t !== undefined && !(typeof t === 'number' && t >= 0 && t <= 1)) throw new BevalError('CONFIG', `gate.coverageTolerance: expected a share from 0 to 1, got ${String(t)}`);
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
    rows.push(answeredRow(cand, base, config.coverageTolerance ?? DEFAULT_COVERAGE_TOLERANCE));
    for (const rule of config.rules) {
      const c = comparisons.find((x) => x.baseline === config.baseline && x.candidate === key && x.metric === rule.metric);
      rows.push({ ...nonInferiority(rule, key, c), numbers: nonInferiorityNumbers(rule, c) });
      if (rule.minCoverage !== undefined) rows.push({ ...coverageRow(rule, rule.minCoverage, cand), numbers: coverageNumbers(rule, cand) });
      if (rule.maxCostRatio !== undefined) rows.push({ ...ratioRow(rule, 'cost', rule.maxCostRatio, cand, cand.cost, base.cost), numbers: ratioNumbers(rule.maxCostRatio, cand.cost, base.cost) });
      if (rule.maxLatencyRatio !== undefined) {
        rows.push({ ...ratioRow(rule, 'latency p50', rule.maxLatencyRatio, cand, cand.latencyP50, base.latencyP50), numbers: ratioNumbers(rule.maxLatencyRatio, cand.latencyP50, base.latencyP50) });
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
