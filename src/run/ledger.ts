// The run ledger: the durable, write-ahead record of every shard's side effects, written atomically.
import fs from 'node:fs';
import path from 'node:path';
import { BevalError } from '../errors.ts';
import { fsyncDir } from '../fsync-dir.ts';
import { writeFileAtomicSync } from '../write-all.ts';
import { ledgerProblem } from './ledger-shape.ts';
import { LEDGER_VERSION, migrateLedger, READABLE_VERSIONS } from './ledger-migrate.ts';
import { printable } from '../safe-text.ts';
import type { JobCounts } from '../types/ports.ts';

export { LEDGER_VERSION } from './ledger-migrate.ts';
export const LEDGER_FILE = 'ledger.json';

export type ExecutionMode = 'batch' | 'realtime';

export interface LedgerFile {
  /** Local copy written before upload (relative to the run directory). */
  local: string;
  uri: string;
  bytes: number;
  sha256: string;
  records: number;
  uploaded: boolean;
}

/** An S3 object a record references, copied into the shard's input folder before its job is created (media-plan.ts). */
export interface LedgerMedia {
  /** The URI in the suite. */
  source: string;
  /** The suite's `s3Location.bucketOwner` for the source, sent as the copy's expected source bucket owner. */
  sourceOwner?: string;
  /** Where the copy goes, inside the shard's input folder; the uploaded lines name this URI. */
  uri: string;
  /** The first record of the shard that references it, and its suite line, for errors. */
  recordId: string;
  line: number;
  copied: boolean;
}

export interface LedgerShard {
  index: number;
  /** Suite slice [start, end) this shard covers. */
  start: number;
  end: number;
  mode: ExecutionMode;
  files: LedgerFile[];
  inputUri: string;
  outputUri: string;
  jobName: string;
  clientRequestToken: string;
  /** Set just before CreateModelInvocationJob is called: a resumed run that finds this but no ARN looks the job up. */
  createRequestedAt?: string;
  jobArn?: string;
  /** Why the job is not created yet although it was attempted (quota exceeded, throttled); cleared on create. */
  deferred?: string;
  /**
   * Why CreateModelInvocationJob refused this shard for good (a 4xx such as a model without batch support in the
   * region): the shard is marked Failed so the rest of the run goes on; `collect` and `run --resume` try it again.
   */
  createError?: string;
  status?: string;
  message?: string;
  counts?: JobCounts;
  statusChangedAt?: string;
  polledAt?: string;
  /** Output files downloaded to the run directory (relative paths), set once all are local. */
  downloaded?: string[];
  /**
   * Realtime: resendable failures (throttling, 5xx, timeouts after the SDK's retries) per recordId, written before
   * the record is left without a line; at `realtime.maxAttempts` the failure is written as its error line.
   */
  attempts?: Record<string, number>;
  manifest?: string;
  /** S3 media the shard's records reference, to copy into its input folder before the create (batch only). */
  media?: LedgerMedia[];
  /**
   * Size and sha256 of each downloaded file (outputs and manifest) as written at download, checked against what S3
   * reported: a file cut short later (a killed copy, a full disk) is found and fetched again instead of its answered
   * records counting as missing. Absent in ledgers written before it was recorded.
   */
  received?: ReceivedFile[];
  /**
   * Which attempt of the run's records this shard is: absent (1) for the run's own shards, 2, 3 … for `beval rerun`
   * shards (each also `subset`).
   */
  attempt?: number;
  /**
   * The shard holds chosen records, not a slice of the suite (a `beval rerun` attempt, or the records a reusing run
   * still sends): its `start`/`end` count its own records ([0, n)), and which records they are is in its input files
   * (src/run/shard-records.ts). Absent: the shard is the suite slice [start, end).
   */
  subset?: boolean;
  /**
   * A shard of answers reused from earlier runs (`beval run --reuse`, src/run/reuse.ts): Completed from the start, one
   * local output file per source run, nothing sent. `file` is the output file holding that run's answers.
   */
  reused?: { runId: string; records: number; file: string }[];
}

/** One `beval rerun`, as the ledger keeps it (src/run/rerun.ts; reports say how many records each model retried). */
export interface RerunRecord {
  attempt: number;
  requestedAt: string;
  /** The statuses sent again: error, missing, not-run, filtered. */
  only: string[];
  /** Model key → records sent again. */
  records: Record<string, number>;
}

/** One downloaded file as it was when its download finished. */
export interface ReceivedFile {
  file: string;
  bytes: number;
  sha256: string;
  /** The object's ETag, as S3 reported it. */
  etag?: string;
  /**
   * The file's modification time and inode right after its download (the quick check of local-outputs.ts: a file
   * whose size, mtime and inode are unchanged is not read again to be hashed). Absent in ledgers from before.
   */
  mtimeMs?: number;
  ino?: number;
}

export interface LedgerModel {
  key: string;
  id: string;
  label: string;
  shards: LedgerShard[];
}

export type RunPhase = 'planned' | 'submitted' | 'collected' | 'cancelled';

export interface Ledger {
  version: typeof LEDGER_VERSION;
  runId: string;
  createdAt: string;
  updatedAt: string;
  phase: RunPhase;
  /** When reports were last written (also set for a cancelled run that was collected). */
  collectedAt?: string;
  configPath: string;
  target: 'emulator' | 'aws';
  suite: { path: string; sha256: string; records: number };
  /** How the run's records were chosen from the suite file (--limit, --sample), when not all of them run. */
  selection?: string;
  /** planConfigHash of the config the run was planned with (absent in ledgers written before it was recorded). */
  configSha256?: string;
  /** Absent for a realtime-only run on AWS planned without an S3 location. */
  s3?: { bucket: string; prefix: string };
  /** The models under evaluation, in config order. */
  models: LedgerModel[];
  /**
   * The judge stage's batch jobs (src/judge), one entry per judge model and request set: submitted, polled,
   * downloaded and resumed like the models' shards (allShards), never scored as a model. Absent before the stage ran.
   */
  judges?: LedgerModel[];
  /** Every `beval rerun` of this run, oldest first (src/run/rerun.ts). */
  reruns?: RerunRecord[];
}

/**
 * Writes the ledger atomically: a crash leaves either the old or the new file, never a torn one.
 * fsync before rename so the new content is on disk before it becomes visible.
 */
export function writeLedger(runDir: string, ledger: Ledger): void {
  ledger.updatedAt = new Date().toISOString();
  const file = path.join(runDir, LEDGER_FILE);
  // writeFileAtomicSync loops on partial writes: on a full disk it throws ENOSPC and leaves the old ledger in place.
  writeFileAtomicSync(file, JSON.stringify(ledger, null, 2));
  // The rename is durable only once the run directory is: after a power loss the old ledger could come back otherwise.
  fsyncDir(runDir);
}

// beval replaces the ledger atomically, so a torn or edited one was changed by something else: say what it held and
// where else that is kept, instead of guessing at its content.
const DAMAGED_HINT = 'beval writes it atomically, so it was changed outside beval: restore it from a backup. It is the run\'s only record of its uploads and downloads; the job ARNs are also in run.json (once collected) and the jobs are named beval-<runId>-… in Bedrock.';

export function readLedger(runDir: string): Ledger {
  const file = path.join(runDir, LEDGER_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new BevalError('LEDGER', `Cannot read the run ledger ${file}: ${(cause as Error).message}. ${missing ? '' : `${DAMAGED_HINT} `}Nothing was changed.`, { cause });
  }
  const l = migrateLedger(parsed) as Partial<Ledger>;
  if (l.version !== LEDGER_VERSION || typeof l.runId !== 'string' || !Array.isArray(l.models)) {
    throw new BevalError('LEDGER', `${file} is not a beval ledger of version ${[...READABLE_VERSIONS].join(' or ')}. ${DAMAGED_HINT} Nothing was changed.`);
  }
  const problem = ledgerProblem(l as Record<string, unknown>);
  if (problem) throw new BevalError('LEDGER', `${file} is damaged: ${printable(problem)}. ${DAMAGED_HINT} Nothing was changed.`);
  return l as Ledger;
}

/**
 * Forgets everything a shard did on its target (upload, job, status, downloads), keeping its plan: used when the
 * target is a fresh in-process emulator that never saw the run's objects or jobs, so the shard runs again.
 */
export function forgetRemoteState(shard: LedgerShard): void {
  for (const f of shard.files) f.uploaded = false;
  for (const k of ['createRequestedAt', 'jobArn', 'deferred', 'status', 'message', 'counts', 'statusChangedAt', 'polledAt', 'downloaded', 'manifest', 'received'] as const) {
    delete shard[k];
  }
}

/** Every entry whose shards run on the target: the models under evaluation, then the judge stage's jobs. */
export function allModels(ledger: Ledger): LedgerModel[] {
  return ledger.judges?.length ? [...ledger.models, ...ledger.judges] : ledger.models;
}

export function allShards(ledger: Ledger): { model: LedgerModel; shard: LedgerShard }[] {
  return allModels(ledger).flatMap((model) => model.shards.map((shard) => ({ model, shard })));
}

/**
 * A model's own execution mode in the run: its first shard's (the first attempt's), which ModelInfo.mode reports and a
 * rerun that goes the other way is told apart from. Batch for a model with no shard.
 */
export function modelRunMode(model: Pick<LedgerModel, 'shards'>): ExecutionMode {
  return model.shards[0]?.mode ?? 'batch';
}
