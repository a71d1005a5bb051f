// Applies the regression gate to stored results: against a model of the same run, or a baseline from a previous run.
import type { GateConfig } from '../types/gate.ts';
import { evaluateGate, type GateResult } from './index.ts';
import { applyHolm, compareModels } from '../stats/index.ts';
import type { Comparison, ModelSummary } from '../types/results.ts';
import { BevalError } from '../errors.ts';
import { NO_PASS } from '../score/model-table.ts';
import type { StoredResults, ValueTable } from '../results/results-reader.ts';

export interface GateRunInput {
  gate: GateConfig;
  current: StoredResults;
  /** Results of an earlier run holding the baseline model; the current run's own results when absent. */
  baselineRun?: StoredResults;
  seed: number;
}

/** Re-indexes a table of another run onto the current run's records by recordId (absent records stay unscored). */
function align(table: ValueTable, fromIds: string[], toIds: string[]): ValueTable {
  const at = new Map(fromIds.map((id, i) => [id, i]));
  const n = toIds.length;
  const map = (src: Float64Array) => Float64Array.from({ length: n }, (_, i) => { const j = at.get(toIds[i]!); return j === undefined ? Number.NaN : src[j]!; });
  const mapPass = (src: Uint8Array) => Uint8Array.from({ length: n }, (_, i) => { const j = at.get(toIds[i]!); return j === undefined ? NO_PASS : src[j]!; });
  return { values: table.values.map(map), pass: table.pass.map(mapPass) };
}

export function gateRun(input: GateRunInput): GateResult & { comparisons: Comparison[]; baselineLabel: string } {
  const { gate, current } = input;
  const source = input.baselineRun ?? current;
  if (input.baselineRun && source.summary.suite.sha256 !== current.summary.suite.sha256) {
    // Pairing is by recordId: under another suite the same id may be another question.
    throw new BevalError('CONFIG', `gate.baselineRun: run ${source.summary.runId} was run on a different suite (sha256 ${source.summary.suite.sha256.slice(0, 12)}…, ${source.summary.suite.records} records) than run ${current.summary.runId} (${current.summary.suite.sha256.slice(0, 12)}…, ${current.summary.suite.records} records), so its records cannot be paired with this run's. Gate against a baseline run of the same suite.`);
  }
  // The config names the baseline by label, id or key (an earlier run's model is not in this config's model list).
  const baseModel = source.summary.models.find((m) => m.key === gate.baseline) ?? source.summary.models.find((m) => m.label === gate.baseline || m.modelId === gate.baseline);
  const baseTable = baseModel && source.tables.get(baseModel.key);
  if (!baseModel || !baseTable) throw new BevalError('CONFIG', `gate.baseline: model "${gate.baseline}" is not in ${source.file} (models: ${source.summary.models.map((m) => m.label === m.key ? m.key : `${m.label} (${m.key})`).join(', ')})`);
  const baseKey = input.baselineRun ? `${baseModel.key}@${source.summary.runId}` : baseModel.key;
  const base = input.baselineRun ? align(baseTable, source.recordIds, current.recordIds) : baseTable;
  const candidates = gate.candidates ?? current.summary.models.map((m) => m.key).filter((k) => k !== baseKey);
  const comparisons: Comparison[] = [];
  for (const key of candidates) {
    const cand = current.tables.get(key);
    if (!cand) throw new BevalError('CONFIG', `gate.candidates: model "${key}" is not in this run`);
    for (const rule of gate.rules) {
      const j = current.summary.metrics.findIndex((m) => m.name === rule.metric);
      const jb = source.summary.metrics.findIndex((m) => m.name === rule.metric);
      if (j < 0 || jb < 0) continue; // evaluateGate reports the missing comparison as inconclusive
      comparisons.push(compareModels({
        baseline: baseKey, candidate: key, metric: rule.metric, kind: current.summary.metrics[j]!.kind,
        baselineValues: base.values[jb]!, candidateValues: cand.values[j]!, baselinePass: base.pass[jb]!, candidatePass: cand.pass[j]!, seed: input.seed,
      }));
    }
  }
  const adjusted = applyHolm(comparisons);
  const baseSummary = source.summary.perModel.find((p) => p.model.key === baseModel.key)!;
  const perModel: ModelSummary[] = [...current.summary.perModel.filter((p) => p.model.key !== baseKey), { ...baseSummary, model: { ...baseSummary.model, key: baseKey } }];
  const result = evaluateGate({ config: { ...gate, baseline: baseKey, candidates }, comparisons: adjusted, perModel });
  return { ...result, comparisons: adjusted, baselineLabel: baseKey };
}
