// What the run stages receive: ports, the run directory and its ledger, a log and a clock.
import type { BatchPort, BlobPort, Clock, Log, RuntimePort } from '../types/ports.ts';
import type { ResolvedConfig } from '../types/config.ts';
import type { Ledger } from './ledger.ts';
import type { CrashHook } from './crash-points.ts';
import type { RealtimeProgress } from '../realtime/progress.ts';
import type { BatchProgress } from './batch-progress.ts';
import type { Advice } from '../advice.ts';

export interface RunContext {
  config: ResolvedConfig;
  dir: string;
  ledger: Ledger;
  batch: BatchPort;
  blobs: BlobPort;
  log: Log;
  clock: Clock;
  /** The `beval …` commands a stage prints as advice, with the user's `--config` (src/advice.ts). */
  advice: Advice;
  /** Aborted on Ctrl-C: stages stop waiting and leave jobs running. */
  signal?: AbortSignal;
  /** Test/drill hook called at each named crash point (see crash-points.ts); absent in normal runs. */
  crashAt?: CrashHook;
  /** Bedrock runtime Converse, for realtime shards (src/realtime); a run with realtime shards needs it. */
  runtime?: RuntimePort;
  /** Called as realtime records complete; the command layer draws it (src/realtime/progress.ts). */
  realtimeProgress?: (p: RealtimeProgress) => void;
  /** Called after each poll round of a batch wait, and once when it ends; the command layer draws it (src/cli/batch-progress-display.ts). */
  batchProgress?: (p: BatchProgress) => void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  }),
};
