// Worker-thread entry: scores the models it is given (parse, join, score, cells) and posts each table back.
import { parentPort, workerData } from 'node:worker_threads';
import { asSuite, type CompactSuite } from './compact-suite.ts';
import type { ScorerSpec } from '../scorers/catalogue.ts';
import { buildMetricSet } from './metric-set.ts';
import { scoreJob, type WorkerModelJob } from './score-model.ts';
import { tableBuffers } from './model-table.ts';

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
    const table = await scoreJob(job, suite, metricSet);
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
