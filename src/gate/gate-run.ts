// Applies the regression gate to results: against a model of the same run, or a baseline from an earlier run (paired by
// the run-vs-run comparator). Its comparisons are each candidate × each rule metric once, Holm-adjusted over that
// family alone: the pre-declared rules, so an exploratory scorer added to the run changes no gate outcome or p.
import fs from 'node:fs';
import path from 'node:path';
import type { GateConfig } from '../types/gate.ts';
import type { ResolvedConfig } from '../types/config.ts';
import type { Advice } from '../advice.ts';
import { resolveRunDir } from '../run/run-dir.ts';
import { readResults } from '../results/results-reader.ts';
import { evaluateGate, type GateResult } from './index.ts';
import { applyHolm } from '../stats/index.ts';
import type { Comparison, HolmFamily, MetricInfo, ModelSummary, RunSummary } from '../types/results.ts';
import { BevalError } from '../errors.ts';
import { STATUS_NAMES } from '../score/model-table.ts';
import type { StoredResults } from '../results/results-reader.ts';
import { compareTables, modelColumns, type ModelColumns, type VerdictOptions } from '../stats/compare-tables.ts';
import { pairRuns, type PairingInfo, type RunSide } from '../results/run-vs-run.ts';

export interface GateRunInput {
  gate: GateConfig & { baselineRun?: string };
  current: StoredResults;
  /** Results of an earlier run holding the baseline model; the current run's own results when absent. */
  baselineRun?: StoredResults;
  seed: number;
  opts: VerdictOptions;
}

export interface GateRunResult extends GateResult {
  comparisons: Comparison[];
  family: HolmFamily;
  baselineLabel: string;
  pairing?: PairingInfo;
}

/** A stored run as the comparator reads it. */
export function runSide(r: StoredResults): RunSide {
  const { summary } = r;
  return {
    runId: summary.runId, file: r.file, suite: summary.suite, recordIds: r.recordIds, models: summary.models, perModel: summary.perModel,
    columns: new Map(summary.models.flatMap((m) => {
      const t = r.tables.get(m.key);
      return t ? [[m.key, modelColumns(m.key, t.status, STATUS_NAMES, summary.metrics, t.values, t.pass)] as const] : [];
    })),
  };
}

/** The gate's metrics, each once, in rule order; a pairwise judge's only where it compares with the gate's baseline. */
function ruleMetrics(gate: GateConfig, current: StoredResults, baseKey: string, external: boolean): MetricInfo[] {
  const seen = new Set<string>();
  const out: MetricInfo[] = [];
  for (const rule of gate.rules) {
    if (seen.has(rule.metric)) continue;
    seen.add(rule.metric);
    const m = current.summary.metrics.find((x) => x.name === rule.metric);
    if (!m) continue; // evaluateGate reports the missing comparison as inconclusive
    if (m.pairwise && (external || current.summary.baseline !== baseKey)) {
      throw new BevalError('CONFIG', `gate.rules: "${m.name}" is a pairwise judge, which judges each candidate against the run's baseline (${current.summary.baseline ?? 'none'}); it cannot be gated against ${external ? 'a baseline from gate.baselineRun' : `gate.baseline "${baseKey}"`}. Gate it against the run's own baseline, or gate another metric.`);
    }
    out.push(m);
  }
  return out;
}

export function gateRun(input: GateRunInput): GateRunResult {
  const { gate, current } = input;
  const here = runSide(current);
  let baseline: ModelColumns;
  let all: ModelColumns[];
  let candidatesCols: ModelColumns[];
  let baseSummary: ModelSummary;
  let pairing: PairingInfo | undefined;
  if (input.baselineRun) {
    const p = pairRuns(here, runSide(input.baselineRun), gate.baseline, gate.allowSubset ? { allowSubset: true } : {});
    baseline = p.baseline;
    candidatesCols = p.current;
    all = [...p.current, p.baseline];
    baseSummary = p.baselineSummary;
    pairing = p.info;
  } else {
    const base = current.summary.models.find((m) => m.key === gate.baseline) ?? current.summary.models.find((m) => m.label === gate.baseline || m.modelId === gate.baseline);
    const cols = base && here.columns.get(base.key);
    const summary = base && current.summary.perModel.find((p) => p.model.key === base.key);
    if (!base || !cols || !summary) throw new BevalError('CONFIG', `gate.baseline: model "${gate.baseline}" is not in ${current.file} (models: ${current.summary.models.map((m) => m.key).join(', ')})`);
    baseline = cols;
    candidatesCols = [...here.columns.values()];
    all = candidatesCols;
    baseSummary = summary;
  }
  const baseKey = baseline.key;
  const candidates = gate.candidates ?? current.summary.models.map((m) => m.key).filter((k) => k !== baseKey);
  const chosen = candidates.map((key) => {
    const c = candidatesCols.find((x) => x.key === key);
    if (!c) throw new BevalError('CONFIG', `gate.candidates: model "${key}" is not in this run`);
    return c;
  });
  const metrics = ruleMetrics(gate, current, baseKey, input.baselineRun !== undefined);
  const comparisons = applyHolm(compareTables({ baseline, candidates: chosen, all, metrics, opts: input.opts, seed: input.seed }));
  const family: HolmFamily = {
    size: comparisons.filter((c) => c.pValue !== null).length,
    covers: `the gate's rules: ${candidates.length} candidate(s) × ${metrics.length} rule metric(s), each comparison once`,
  };
  const perModel: ModelSummary[] = [...current.summary.perModel.filter((p) => p.model.key !== baseKey), baseSummary];
  const { baselineRun: _unused, ...config } = gate;
  const result = evaluateGate({ config: { ...config, baseline: baseKey, candidates }, comparisons, perModel });
  return { ...result, comparisons, family, baselineLabel: baseKey, ...(pairing ? { pairing } : {}) };
}

/** Where `gate.baselineRun` points: a results.json or run directory path (from `cwd`), else a run id under outDir. */
export function locateBaselineRun(cfg: Pick<ResolvedConfig, 'outDir'>, baselineRun: string, cwd: string, advice: Advice): string {
  const asPath = path.resolve(cwd, baselineRun);
  return fs.existsSync(asPath) ? asPath : resolveRunDir(cfg.outDir, baselineRun, advice);
}

/** Reads the earlier run named by `gate.baselineRun`, or undefined when the gate has none. */
export async function readBaselineRun(cfg: Pick<ResolvedConfig, 'outDir' | 'gate'>, cwd: string, advice: Advice): Promise<StoredResults | undefined> {
  const ref = cfg.gate?.baselineRun;
  return ref ? readResults(locateBaselineRun(cfg, ref, cwd, advice), advice) : undefined;
}

export const GATE_FILE = 'gate.json';

/** gate.json: the verdict, its rows and the gate's comparisons (each once), with the family they were adjusted over. */
export function gateJson(g: Pick<GateRunResult, 'verdict' | 'rows' | 'comparisons' | 'family' | 'baselineLabel' | 'pairing'>): string {
  return JSON.stringify({ schemaVersion: 2, baseline: g.baselineLabel, ...(g.pairing ? { baselineRun: g.pairing } : {}), verdict: g.verdict, rows: g.rows, family: g.family, comparisons: g.comparisons }, null, 2);
}

/**
 * After re-scoring: a gate.json left from earlier results would let CI read a stale verdict. Rewrite it from the new
 * summary's gate, or remove it when the summary has none. Returns what was done, for the terminal.
 */
export function refreshGateFile(dir: string, gate: RunSummary['gate'], pairing?: PairingInfo): 'rewritten' | 'removed' | 'none' {
  const file = path.join(dir, GATE_FILE);
  if (!fs.existsSync(file)) return 'none';
  if (gate?.comparisons && gate.family && gate.baseline) {
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, gateJson({ verdict: gate.verdict, rows: gate.rows, comparisons: gate.comparisons, family: gate.family, baselineLabel: gate.baseline, ...(pairing ? { pairing } : {}) }));
    fs.renameSync(tmp, file);
    return 'rewritten';
  }
  fs.rmSync(file, { force: true });
  return 'removed';
}
