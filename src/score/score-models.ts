// Scores every model of a run, on worker threads when that pays (big outputs, built-in scorers only) else in-thread.
import fs from 'node:fs';
import os from 'node:os';
import type { ResourceLimits, Worker } from 'node:worker_threads';
import type { Suite } from '../suite/load-suite.ts';
import type { ScorerSpec } from '../scorers/catalogue.ts';
import type { MetricSet } from './metric-set.ts';
import type { ModelTable } from './model-table.ts';
import { scoreJob, type WorkerModelJob } from './score-model.ts';
import { startTsWorker } from '../engine/ts-worker.ts';
import type { ScoreWorkerData } from './score-worker.ts';
import { compactSuite } from './compact-suite.ts';

/** Below this many output bytes a worker's start-up (loading the scorers) costs more than it saves. */
export const WORKER_MIN_BYTES = 32 * 1024 * 1024;

/** Options for {@link scoreModels}. */
export interface ScoreModelsInput {
  suite: Suite;
  specs: ScorerSpec[];
  metricSet: MetricSet;
  jobs: WorkerModelJob[];
  /**
   * Threads that parse and score: 1 is this thread; 2+ are that many workers (each gets the suite without prompts).
   * @default 2 when there are 2+ cores and 2+ models, the outputs are ≥ 32 MiB and every scorer is built in; else 1
   */
  threads?: number;
  /** Called as each model's table is ready (in completion order). */
  onTable?: (table: ModelTable) => void;
  /** Threads started ahead of the work (startScoreThreads): used first; any not needed are stopped. */
  early?: EarlyThread[];
}

/** Custom scorers are functions and cannot cross to a worker; built-in specs are plain data (and never read prompts). */
export function cloneable(specs: ScorerSpec[]): boolean {
  try {
    structuredClone(specs);
    return specs.every((s) => typeof s === 'string' || Array.isArray(s));
  } catch {
    return false;
  }
}

function defaultThreads(input: ScoreModelsInput): number {
  if (!cloneable(input.specs)) return 1;
  const bytes = input.jobs.reduce((sum, j) => sum + j.files.reduce((s, f) => s + fs.statSync(f).size, 0), 0);
  if (bytes < WORKER_MIN_BYTES) return 1;
  return Math.max(1, Math.min(2, os.availableParallelism(), input.jobs.length));
}

/** Deals models to workers largest first, each to the least-loaded worker, so both finish near the same time. */
function deal(jobs: WorkerModelJob[], workers: number): WorkerModelJob[][] {
  const size = (j: WorkerModelJob): number => j.files.reduce((s, f) => s + fs.statSync(f).size, 0);
  const sized = jobs.map((j) => ({ j, bytes: size(j) })).sort((a, b) => b.bytes - a.bytes);
  const lanes = Array.from({ length: workers }, () => ({ bytes: 0, jobs: [] as WorkerModelJob[] }));
  for (const { j, bytes } of sized) {
    const lane = lanes.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    lane.jobs.push(j);
    lane.bytes += bytes;
  }
  return lanes.map((l) => l.jobs).filter((l) => l.length);
}

/**
 * Heap caps for a scoring worker: its live set is the prompt-less suite, the typed tables and one model's cell buffers
 * (well under 1 KB per record); the caps make V8 collect parse garbage eagerly instead of growing the heap.
 */
function workerLimits(records: number): ResourceLimits {
  return { maxOldGenerationSizeMb: 64 + Math.ceil(records / 1024), maxYoungGenerationSizeMb: 16 };
}

/** The scoring worker's entry module. */
export const SCORE_WORKER = new URL('./score-worker.ts', import.meta.url);

/** A scoring thread started before its work is known; `failed` holds an error it raised while waiting. */
export interface EarlyThread {
  worker: Promise<Worker>;
  failed?: Error;
}

/**
 * Starts `count` scoring threads that wait for their work: a thread takes ~0.2 s to load its modules, which then
 * overlaps the suite load instead of following it. `stopEarlyThreads` must follow whatever happens.
 */
export function startScoreThreads(count: number, records: number): EarlyThread[] {
  return Array.from({ length: count }, () => {
    const thread: EarlyThread = { worker: startTsWorker(SCORE_WORKER, null, workerLimits(records)) };
    thread.worker.then((w) => w.on('error', (e) => (thread.failed = e)), (e: unknown) => (thread.failed = e as Error));
    return thread;
  });
}

/** Stops threads of startScoreThreads still waiting for work (scoring stopped before it, or needed fewer threads). */
export async function stopEarlyThreads(threads: EarlyThread[] | undefined): Promise<void> {
  await Promise.all((threads ?? []).map((t) => t.worker.then((w) => w.terminate(), () => undefined)));
}

async function runWorker(data: ScoreWorkerData, onTable: (t: ModelTable) => void, early?: EarlyThread): Promise<void> {
  const worker = early ? await early.worker : await startTsWorker(SCORE_WORKER, data, workerLimits(data.suite.records.length));
  if (early?.failed) throw new Error(`scoring worker failed: ${early.failed.message}`);
  if (early) worker.postMessage(data);
  let left = data.jobs.length;
  return new Promise((resolve, reject) => {
    worker.on('message', (m: { kind: 'table'; table: ModelTable } | { kind: 'error'; message: string }) => {
      if (m.kind === 'error') {
        reject(new Error(`scoring worker failed: ${m.message}`));
        void worker.terminate();
        return;
      }
      onTable(m.table);
      if (--left === 0) resolve();
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (left > 0) reject(new Error(`scoring worker exited (code ${code}) before finishing`));
    });
  });
}

/** Tables in the order of `jobs`. */
export async function scoreModels(input: ScoreModelsInput): Promise<ModelTable[]> {
  const threads = input.threads ?? defaultThreads(input);
  const byKey = new Map<string, ModelTable>();
  const done = (t: ModelTable): void => {
    byKey.set(t.key, t);
    input.onTable?.(t);
  };
  const inThread = async (jobs: WorkerModelJob[]): Promise<void> => {
    for (const job of jobs) {
      done(await scoreJob(job, input.suite, input.metricSet));
    }
  };
  if (threads <= 1 || !cloneable(input.specs)) {
    await stopEarlyThreads(input.early);
    await inThread(input.jobs);
  } else {
    // Every lane goes to a worker: this thread's heap would otherwise grow with parse garbage that V8 is slow to
    // give back, while a worker's heap is capped. Workers get the suite without prompts.
    const suite = compactSuite(input.suite);
    const lanes = deal(input.jobs, threads);
    await stopEarlyThreads(input.early?.slice(lanes.length));
    await Promise.all(lanes.map((jobs, i) => runWorker({ suite, specs: input.specs, jobs }, done, input.early?.[i])));
  }
  return input.jobs.map((j) => byKey.get(j.key)!);
}
