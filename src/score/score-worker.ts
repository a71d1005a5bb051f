// Worker-thread entry: scores the models it is given (parse, join, score, cells) and posts each table back.
import { parentPort, workerData } from 'node:worker_threads';
import { asSuite, type CompactSuite } from './compact-suite.ts';
import type { ScorerSpec } from '../scorers/catalogue.ts';
import { buildMetricSet } from './metric-set.ts';
import { scoreModel } from './score-model.ts';
import { tableBuffers } from './model-table.ts';
import type { CellParts } from '../engine/cell-codec.ts';

/** One model's work: its output files, the suite ranges whose shard did not complete, and its cell side file. */
export interface WorkerModelJob {
  key: string;
  files: string[];
  /** The files as notes name them: relative to the run folder (see ScoreModelInput.names). */
  names?: string[];
  /** The attempt each file belongs to (1, or a `beval rerun`'s 2, 3 …), aligned with `files`, newest first. */
  fileAttempts?: number[];
  /** The run each file's answers were reused from (`beval run --reuse`), or null, aligned with `files`. */
  fileReused?: (string | null)[];
  incomplete: [number, number][];
  cellsFile: string;
  /** What the cell side file keeps beyond scores (see CellParts). @default everything */
  cellParts?: CellParts;
  /** Hash each file while reading it (ScoreModelInput.hashFiles). */
  hashFiles?: boolean;
}

/** What the worker is started with (structured-cloned, so only built-in scorer specs). */
export interface ScoreWorkerData {
  suite: CompactSuite;
  specs: ScorerSpec[];
  jobs: WorkerModelJob[];
}

async function run(data: ScoreWorkerData): Promise<void> {
  const suite = asSuite(data.suite);
  const metricSet = buildMetricSet(data.specs, suite);
  for (const job of data.jobs) {
    const notRun = (i: number): boolean => job.incomplete.some(([s, e]) => i >= s && i < e);
    const table = await scoreModel({ key: job.key, files: job.files, ...(job.names ? { names: job.names } : {}), ...(job.fileAttempts ? { fileAttempts: job.fileAttempts } : {}), ...(job.fileReused ? { fileReused: job.fileReused } : {}), ...(job.cellParts ? { cellParts: job.cellParts } : {}), ...(job.hashFiles ? { hashFiles: true } : {}), suite, metricSet, cellsFile: job.cellsFile, notRun });
    parentPort!.postMessage({ kind: 'table', table }, tableBuffers(table));
  }
}

/** The work: given at start, or, for a thread started before the suite was loaded (startScoreThreads), the first message. */
function work(): Promise<ScoreWorkerData> {
  if (workerData) return Promise.resolve(workerData as ScoreWorkerData);
  return new Promise((resolve) => parentPort!.once('message', resolve));
}

work().then(run).catch((e: unknown) => {
  parentPort!.postMessage({ kind: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
});
