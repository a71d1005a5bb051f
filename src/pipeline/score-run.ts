// Scores a run from its stored outputs and writes every report: no Bedrock or S3 call happens here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ResolvedConfig } from '../types/config.ts';
import { BevalError } from '../errors.ts';
import { modelRunMode, type Ledger, type LedgerModel } from '../run/ledger.ts';
import { loadSuite } from '../suite/load-suite.ts';
import type { ExecutionMode, ModelInfo, RunSummary } from '../types/results.ts';
import { TERMINAL_STATUSES, type RuntimePort } from '../types/ports.ts';
import { buildMetricSet } from '../score/metric-set.ts';
import { buildJudgeScorers } from '../judge/judge-scorer.ts';
import { summariseJudges } from '../judge/judge-summary.ts';
import { readJudgeOutputs } from '../judge/judge-files.ts';
import { cloneable, scoreModels, startScoreThreads, stopEarlyThreads, WORKER_MIN_BYTES, type EarlyThread } from '../score/score-models.ts';
import { prepareTsWorker } from '../engine/ts-worker.ts';
import { loadLeanSuite } from '../score/lean-suite.ts';
import type { WorkerModelJob } from '../score/score-model.ts';
import { readManifests, reconcile } from '../score/manifest.ts';
import { summarise } from '../summary/summarise.ts';
import { REPORT_WORKER, writeReports, type ReportPaths } from '../report/write-reports.ts';
import type { ModelTable } from '../score/model-table.ts';
import { cellPartsFor, REPORTER_NAMES, type ReporterName } from '../report/reporters.ts';
import type { CellParts } from '../engine/cell-codec.ts';
import { endScorePhase, startScorePhases } from '../score/phase-marks.ts';
import type { Advice } from '../advice.ts';
import { readBaselineRun, refreshGateFile } from '../gate/gate-run.ts';
import type { StoredResults } from '../results/results-reader.ts';
import { runDeferredScorers } from '../score/deferred-scores.ts';
import { configHash } from '../run/run-record.ts';
import { incompleteRanges } from '../run/shard-records.ts';
import { billingPrice } from '../pricing/cost.ts';
import type { ModelBilling } from '../types/pricing.ts';

export interface ScoreRunResult {
  summary: RunSummary;
  paths: ReportPaths;
}

/** A model's scoring job: its local output files and the suite ranges of shards that ended without completing. */
async function modelJob(dir: string, work: string, model: LedgerModel, index: ReadonlyMap<string, number>, cellParts: CellParts, hashFiles: boolean): Promise<WorkerModelJob> {
  const files: string[] = [];
  const names: string[] = [];
  const fileAttempts: number[] = [];
  const fileReused: (string | null)[] = [];
  // Newest attempt first (`beval rerun` shards): scoring counts a record's newest attempt whatever the order, and
  // reading it first spares rewriting cells. Ties keep ledger order.
  const shards = model.shards.map((shard, k) => ({ shard, k })).sort((a, b) => (b.shard.attempt ?? 1) - (a.shard.attempt ?? 1) || a.k - b.k);
  for (const { shard } of shards) {
    for (const f of shard.downloaded ?? []) {
      files.push(path.join(dir, f));
      // Notes go into shared reports: they name a file relative to the run folder, never by its local absolute path.
      names.push(f);
      fileAttempts.push(shard.attempt ?? 1);
      fileReused.push(shard.reused?.find((r) => r.file === f)?.runId ?? null);
    }
  }
  // A record of a shard that did not complete, without any line, is not-run (a rerun's shard: the records it held).
  const incomplete = await incompleteRanges(dir, model, index);
  return { key: model.key, files, names, fileAttempts, ...(fileReused.some((r) => r !== null) ? { fileReused } : {}), incomplete, cellsFile: path.join(work, `cells-${model.key}.bin`), cellParts, ...(hashFiles ? { hashFiles } : {}) };
}

export function modelInfos(ledger: Ledger): ModelInfo[] {
  return ledger.models.map((m) => ({ key: m.key, label: m.label, modelId: m.id, mode: modelRunMode(m) }));
}

/** The advice errors print, and optional observers of scoring progress (the run stage uses afterModel for its `while-scoring` crash point). */
export interface ScoreRunOptions {
  /** The `beval …` commands printed as advice, with the user's `--config`. */
  advice: Advice;
  /** Called as each model's scores are complete (in completion order when models are scored on worker threads). */
  afterModel?: (modelKey: string) => void;
  /** Worker threads for parsing and scoring; 0 keeps everything in this thread. @default automatic (see scoreModels) */
  threads?: number;
  /** Where a relative `gate.baselineRun` path is resolved from. @default process.cwd() */
  cwd?: string;
  /** Bedrock runtime for scorers that call a model (embedding scorers); without it they leave records unscored. */
  runtime?: RuntimePort;
  /** The reports to write (`--reports`, src/report/reporters.ts); summary.csv and results.json always. @default all */
  reports?: readonly ReporterName[];
  /**
   * Called once scoring has read every output file, with the sha256 of each (by its path in the ledger), before
   * anything is summarised or written: it throws to stop when a file is not what was downloaded. The files are hashed
   * as scoring reads them, so checking them costs no second read (1.2 GB at 50k × 10).
   */
  verifyOutputs?: (sha256: ReadonlyMap<string, string>) => void;
}

/**
 * How a model's answers are billed: the mode of each attempt (its shards'; one mode per attempt, as planned) and the
 * price in each mode that ran, from the config's entry for the model (by key).
 */
function modelBilling(model: LedgerModel, info: ModelInfo, config: ResolvedConfig): ModelBilling {
  const attemptModes: ExecutionMode[] = [info.mode];
  for (const shard of model.shards) attemptModes[shard.attempt ?? 1] ??= shard.mode;
  // An attempt that sent none of this model's records has no line of it to bill: the run's own mode, never read.
  for (let a = 0; a < attemptModes.length; a++) attemptModes[a] ??= info.mode;
  const pricing = config.models.find((c) => c.key === info.key)?.pricing;
  const prices: ModelBilling['prices'] = {};
  for (const mode of new Set(attemptModes)) {
    const price = billingPrice(info.modelId, pricing, mode);
    if (price) prices[mode] = price;
  }
  return { attemptModes, prices };
}

/**
 * Each model under evaluation as the reports name it, with how it is billed: resolved once here from the ledger (key,
 * label, model ID, each attempt's mode) and the config (prices, by key), then passed on aligned with the score tables.
 */
function scoredModels(ledger: Ledger, config: ResolvedConfig): { models: ModelInfo[]; billing: ModelBilling[] } {
  const models = modelInfos(ledger);
  return { models, billing: models.map((m, k) => modelBilling(ledger.models[k]!, m, config)) };
}

export async function scoreRun(dir: string, ledger: Ledger, config: ResolvedConfig, hooks: ScoreRunOptions): Promise<ScoreRunResult> {
  startScorePhases();
  // Judge scorers hold verdict maps that cannot cross to scoring worker threads; the report threads take plain rows,
  // so they still write a judged run's reports (`reportThreads`: the caller's choice, before this).
  const reportThreads = hooks.threads;
  if (config.judges?.length) hooks = { ...hooks, threads: 0 };
  const size = (f: string): number => fs.statSync(path.join(dir, f), { throwIfNoEntry: false })?.size ?? 0;
  const outputBytes = ledger.models.flatMap((m) => m.shards.flatMap((s) => s.downloaded ?? [])).reduce((n, f) => n + size(f), 0);
  // When workers are likely, the scoring threads start now, loading their modules while this thread loads the suite;
  // they get their work once it is known (and are stopped if scoring never comes to them). The report threads'
  // bundle, when running from source, is built meanwhile in esbuild's process.
  let early: EarlyThread[] | undefined;
  if ((hooks.threads === undefined || hooks.threads >= 2) && cloneable(config.scorers) && outputBytes >= WORKER_MIN_BYTES) {
    early = startScoreThreads(Math.min(hooks.threads ?? 2, os.availableParallelism(), ledger.models.length), ledger.suite.records);
    void prepareTsWorker(REPORT_WORKER);
  }
  try {
    return await scoreWithThreads(dir, ledger, config, hooks, early, reportThreads);
  } finally {
    await stopEarlyThreads(early);
  }
}

async function scoreWithThreads(dir: string, ledger: Ledger, config: ResolvedConfig, hooks: ScoreRunOptions, early: EarlyThread[] | undefined, reportThreads: number | undefined): Promise<ScoreRunResult> {
  // Built-in scorers never read prompts and reports read them back from the file, so the suite can be loaded without
  // them (a third of the main thread's memory at 50k records); custom scorers and judges get the whole record.
  const suiteFile = path.join(dir, 'suite.jsonl');
  const suite = !config.judges?.length && cloneable(config.scorers) ? loadLeanSuite(suiteFile, ledger.suite.sha256) : loadSuite(suiteFile);
  // Scoring a job whose outputs are not all local would count its answered records as missing or not-run.
  const batch = ledger.models.flatMap((m) => m.shards.map((shard) => ({ model: m, shard }))).filter(({ shard }) => shard.mode === 'batch');
  const unfinished = batch.filter(({ shard }) => !TERMINAL_STATUSES.has(shard.status ?? ''));
  const notLocal = batch.filter(({ shard }) => shard.jobArn && TERMINAL_STATUSES.has(shard.status ?? '') && !shard.downloaded);
  const list = (xs: typeof batch): string => xs.map(({ model, shard }) => `${model.label} shard ${shard.index}`).join(', ');
  if (unfinished.length) throw new BevalError('JOB', `Run ${ledger.runId} has ${unfinished.length} job(s) not finished (${list(unfinished)}): \`${hooks.advice.collect(ledger.runId)}\` waits for them, downloads and scores.`);
  if (notLocal.length) throw new BevalError('OUTPUT', `Run ${ledger.runId} has ${notLocal.length} finished job(s) whose outputs are not downloaded (${list(notLocal)}): \`${hooks.advice.collect(ledger.runId)}\` downloads them and scores.`);
  // Async and out-of-process scorers run first, over every answered record; the loop below reads their results.
  const cwd = path.isAbsolute(config.configPath) ? path.dirname(config.configPath) : process.cwd();
  const specs = await runDeferredScorers({ dir, ledger, suite, specs: config.scorers, cwd, ...(hooks.runtime ? { runtime: hooks.runtime } : {}) });
  // The judge stage's outputs, read once: the judge scorers take their verdicts and the judge summary their usage.
  const judgeOutputs = await readJudgeOutputs(dir, ledger);
  const metricSet = buildMetricSet(specs, suite, await buildJudgeScorers({ dir, ledger, config, suite, outputs: judgeOutputs }));
  endScorePhase('suite');
  // Output texts and score reasons go into the cell side files only when a chosen report shows them.
  const cellParts = cellPartsFor(hooks.reports ?? REPORTER_NAMES);
  const work = path.join(dir, '.work');
  fs.mkdirSync(work, { recursive: true });
  try {
    const jobs = await Promise.all(ledger.models.map((m) => modelJob(dir, work, m, suite.index, cellParts, hooks.verifyOutputs !== undefined)));
    const tables: ModelTable[] = await scoreModels({
      suite, specs, metricSet, jobs,
      ...(hooks.threads !== undefined ? { threads: hooks.threads } : {}),
      ...(early ? { early } : {}),
      onTable: (t) => hooks.afterModel?.(t.key),
    });
    if (hooks.verifyOutputs) {
      const read = new Map<string, string>();
      jobs.forEach((job, k) => job.names?.forEach((name, f) => {
        const sha = tables[k]!.fileSha256?.[f];
        if (sha !== undefined) read.set(name, sha);
      }));
      hooks.verifyOutputs(read);
    }
    endScorePhase('scoring');
    const notes = ledger.models.map((model, k) => reconcile(model, tables[k]!, readManifests(dir, model)));
    // A baseline from an earlier run (gate.baselineRun) puts its comparison into this run's reports too. One that
    // cannot be read does not cost this run its reports: the summary says why the comparison is missing.
    let baselineRun: StoredResults | undefined;
    let gateError: string | undefined;
    try {
      baselineRun = await readBaselineRun(config, hooks.cwd ?? process.cwd(), hooks.advice);
    } catch (e) {
      if (!(e instanceof BevalError)) throw e;
      gateError = e.message;
    }
    let summary: RunSummary;
    const identities = scoredModels(ledger, config);
    const input = {
      runId: ledger.runId, createdAt: ledger.createdAt, suite: { ...suite, path: ledger.suite.path }, ledger, config,
      ...identities, metrics: metricSet.metrics, tables, notes,
    };
    try {
      summary = summarise({ ...input, ...(baselineRun ? { baselineRun } : {}) });
    } catch (e) {
      if (!(e instanceof BevalError) || !baselineRun) throw e;
      gateError = e.message;
      summary = summarise(input);
    }
    if (gateError) summary.gateError = gateError;
    const judge = await summariseJudges({ dir, ledger, config, outputs: judgeOutputs, models: summary.models, metrics: metricSet.metrics, tables, suite });
    if (judge) summary.judge = judge;
    endScorePhase('summary');
    // results.parquet's `attempt` column: which attempt's line counts for each record (`beval rerun`), per model.
    const attempts = identities.models.map((m) => tables.find((t) => t.key === m.key)?.attempt ?? new Uint16Array(suite.records.length));
    const paths = await writeReports(dir, summary, suite, tables, config, { configSha256: configHash(config), billing: identities.billing, attempts }, {
      ...(reportThreads !== undefined ? { csvWorker: reportThreads >= 2 } : {}),
      ...(hooks.reports ? { reports: hooks.reports } : {}),
    });
    // A gate.json or gate.junit.xml from the earlier scoring would otherwise sit beside the new results with a stale verdict.
    refreshGateFile(dir, summary, summary.baselineRun);
    endScorePhase('reports');
    return { summary, paths };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
