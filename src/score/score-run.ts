// Scores a run from its stored outputs and writes every report: no Bedrock or S3 call happens here.
import fs from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/types.ts';
import type { Ledger, LedgerModel } from '../run/ledger.ts';
import { loadSuite } from '../suite/load-suite.ts';
import type { ModelInfo, RunSummary } from '../report/types.ts';
import { TERMINAL_STATUSES } from '../pipeline/ports.ts';
import { buildMetricSet } from './metric-set.ts';
import { scoreModel } from './score-model.ts';
import { readManifests, reconcile } from './manifest.ts';
import { summarise } from './summarise.ts';
import { writeReports, type ReportPaths } from './write-reports.ts';
import type { ModelTable } from './model-table.ts';

export interface ScoreRunResult {
  summary: RunSummary;
  paths: ReportPaths;
}

/** The local output files of a model, and for each suite index whether its shard ended without completing. */
function modelOutputs(dir: string, model: LedgerModel, records: number): { files: string[]; notRun: (i: number) => boolean } {
  const incomplete = new Uint8Array(records);
  const files: string[] = [];
  for (const shard of model.shards) {
    files.push(...(shard.downloaded ?? []).map((f) => path.join(dir, f)));
    const completed = shard.status === 'Completed';
    if (!completed) incomplete.fill(1, shard.start, shard.end);
  }
  return { files, notRun: (i) => incomplete[i] === 1 };
}

export function modelInfos(ledger: Ledger): ModelInfo[] {
  return ledger.models.map((m) => ({ key: m.key, label: m.label, modelId: m.id, mode: m.shards[0]?.mode ?? 'batch' }));
}

/** Optional observers of scoring progress (the run stage uses afterModel for its `while-scoring` crash point). */
export interface ScoreRunHooks {
  afterModel?: (modelKey: string) => void;
}

export async function scoreRun(dir: string, ledger: Ledger, config: ResolvedConfig, hooks: ScoreRunHooks = {}): Promise<ScoreRunResult> {
  const suite = loadSuite(path.join(dir, 'suite.jsonl'));
  const unfinished = ledger.models.flatMap((m) => m.shards).filter((s) => s.mode === 'batch' && !TERMINAL_STATUSES.has(s.status ?? ''));
  if (unfinished.length) throw new Error(`scoreRun called with ${unfinished.length} unfinished shard(s)`);
  const metricSet = buildMetricSet(config.scorers, suite);
  const work = path.join(dir, '.work');
  fs.mkdirSync(work, { recursive: true });
  const tables: ModelTable[] = [];
  const notes: string[][] = [];
  try {
    for (const model of ledger.models) {
      const { files, notRun } = modelOutputs(dir, model, suite.records.length);
      const table = await scoreModel({ key: model.key, files, suite, metricSet, cellsFile: path.join(work, `cells-${model.key}.jsonl`), notRun });
      tables.push(table);
      notes.push(reconcile(model, table, readManifests(dir, model)));
      hooks.afterModel?.(model.key);
    }
    const summary = summarise({
      runId: ledger.runId, createdAt: ledger.createdAt, suite: { ...suite, path: ledger.suite.path }, ledger, config,
      models: modelInfos(ledger), metrics: metricSet.metrics, tables, notes,
    });
    const paths = await writeReports(dir, summary, suite, tables, config);
    return { summary, paths };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
