// `beval rerun`: one new attempt for just the records that did not answer, merged into the same run. The attempt is
// planned into the ledger (new shards with `attempt` ≥ 2) in one atomic write before anything is uploaded or sent,
// so it is crash-safe and idempotent exactly like a submit: names and tokens are deterministic, and a resume finds
// the plan and carries it on.
import path from 'node:path';
import type { ResolvedConfig, ResolvedModel } from '../types/config.ts';
import { BevalError } from '../errors.ts';
import { batchLine } from '../suite/batch-line.ts';
import type { Suite } from '../suite/load-suite.ts';
import { FILTERED_STOP_REASONS } from '../types/outputs.ts';
import { writeFileAtomicSync } from '../write-all.ts';
import { makeDir } from '../make-dir.ts';
import { writeLedger, type ExecutionMode, type Ledger, type LedgerModel, type LedgerShard, type RerunRecord } from './ledger.ts';
import { planModelShards } from './plan.ts';
import { colocateShardMedia } from './media-plan.ts';
import { incompleteRanges } from './shard-records.ts';
import { forEachCountedOutput } from './counted-outputs.ts';

export type RerunStatus = 'error' | 'missing' | 'not-run' | 'filtered';
export const RERUN_STATUSES: readonly RerunStatus[] = ['error', 'missing', 'not-run', 'filtered'];
/** `filtered` only on request: a team that changed a guardrail asks for it; otherwise the same filter answers again. */
export const DEFAULT_RERUN: readonly RerunStatus[] = ['error', 'missing', 'not-run'];

/** The attempt a shard belongs to: 1 for the run's own shards (and every shard of a ledger written before reruns). */
export function shardAttempt(shard: LedgerShard): number {
  return shard.attempt ?? 1;
}

/**
 * Each suite record's status for one model, from the lines its shards hold, by the rule scoring uses: the newest
 * attempt's line counts; within an attempt a reply beats an error, then the smaller line hash (outputs/line-choice.ts).
 * A record without a line is not-run when a shard holding it did not complete, missing otherwise (as scoring says).
 */
export async function recordStatuses(dir: string, model: LedgerModel, suite: Pick<Suite, 'records' | 'index'>): Promise<(RerunStatus | 'ok')[]> {
  const status: (RerunStatus | 'ok' | undefined)[] = new Array(suite.records.length).fill(undefined);
  await forEachCountedOutput(dir, model, suite.index, suite.records.length, (i, out) => {
    status[i] = !out.ok ? 'error' : FILTERED_STOP_REASONS.has(out.stopReason) ? 'filtered' : 'ok';
  });
  const incomplete = await incompleteRanges(dir, model, suite.index);
  return status.map((s, i) => s ?? (incomplete.some(([a, b]) => i >= a && i < b) ? 'not-run' : 'missing'));
}

/** The newest rerun while the run is not collected again: planned (maybe half sent), which `rerun` and `run --resume` carry on. */
export function pendingRerun(ledger: Ledger): RerunRecord | undefined {
  const last = ledger.reruns?.at(-1);
  return last && ledger.phase !== 'collected' ? last : undefined;
}

/**
 * How an attempt's records of one model go: realtime when the config says `mode: 'realtime'` (the user chose answers
 * now over half the price); otherwise batch when they reach the job minimum and the run has an S3 location, realtime
 * when not (batch would refuse the job, so this is what `mode: auto` does, and all `mode: 'batch'` can).
 */
export function attemptMode(config: Pick<ResolvedConfig, 'quotas' | 'mode'>, ledger: Pick<Ledger, 's3'>, records: number): ExecutionMode {
  if (config.mode === 'realtime') return 'realtime';
  return ledger.s3 !== undefined && records >= config.quotas.minRecordsPerJob ? 'batch' : 'realtime';
}

/**
 * The config's entry for a model of the run, which a rerun sends again: it must still be there with the same model ID
 * (another ID would mix two models' answers in one column).
 */
export function rerunModel(config: ResolvedConfig, ledger: Pick<Ledger, 'runId'>, model: LedgerModel): ResolvedModel {
  const resolved = config.models.find((m) => m.key === model.key);
  if (!resolved) throw new BevalError('CONFIG', `Model ${model.label} (${model.id}) of run ${ledger.runId} is not in ${config.configPath} any more; put it back to rerun its records, or leave it out with --models.`);
  if (resolved.id !== model.id) throw new BevalError('CONFIG', `Model ${model.label} is ${resolved.id} in ${config.configPath} but run ${ledger.runId} ran ${model.id}; a rerun sends the same model again. Put the ID back, or start a new run.`);
  return resolved;
}

/**
 * Shards for some of a model's records (suite indices, in order), numbered from `firstIndex`: batch shards when they
 * reach the job minimum and the run has an S3 location, one realtime shard otherwise (batch would refuse the job, so
 * this is what `mode: auto` does). Writes their input files (each atomically, so a ledger naming them finds them
 * whole); returns the shards for the ledger, marked `subset`: their `start`/`end` count their own records ([0, n)).
 * `realtime` keeps them realtime whatever their number (a run the config sends realtime).
 */
export function attemptShards(config: ResolvedConfig, ledger: Pick<Ledger, 'runId' | 's3'>, dir: string, suite: Pick<Suite, 'records'>, model: ResolvedModel, firstIndex: number, indices: number[], attempt: number, opts: { realtime?: boolean } = {}): LedgerShard[] {
  const records = indices.map((i) => suite.records[i]!);
  const lines = records.map((r) => `${batchLine(r, model)}\n`);
  const mode: ExecutionMode = !opts.realtime && attemptMode(config, ledger, lines.length) === 'batch' ? 'batch' : 'realtime';
  // Batch lines name S3 media by their copy in the shard's input folder, as a run's do (media-plan.ts).
  const media = mode === 'batch' && ledger.s3 ? colocateShardMedia(records, lines, { bucket: ledger.s3.bucket, owner: config.s3?.bucketOwner }, `${ledger.s3.prefix}${ledger.runId}/${model.key}/input/`) : undefined;
  const planned = planModelShards({ runId: ledger.runId, key: model.key, label: model.label, lines, mode, s3: ledger.s3, quotas: config.quotas, firstIndex, ...(media ? { media } : {}) });
  for (const { file, body } of planned.bodies) {
    makeDir(path.join(dir, path.dirname(file)));
    writeFileAtomicSync(path.join(dir, file), body);
  }
  // Shard indices continue the model's own, so job names, tokens, S3 keys and realtime output files are new.
  return planned.shards.map((s) => ({ ...s, ...(attempt > 1 ? { attempt } : {}), subset: true }));
}

export interface RerunSelection {
  model: LedgerModel;
  /** Suite indices to send again, in suite order. */
  indices: number[];
}

/** The next attempt number of a run: one past the newest of any shard. */
export function nextAttempt(ledger: Ledger): number {
  return Math.max(1, ...ledger.models.flatMap((m) => m.shards.map(shardAttempt))) + 1;
}

/**
 * Plans the next attempt for the selected records of each model: batch shards when a model's records reach the job
 * minimum (and the run has an S3 location), one realtime shard otherwise. Writes the input files, then the ledger
 * (phase `submitted`, the shards, the rerun record) in one atomic write; nothing is sent here. A crash before that
 * write leaves the collected run as it was (the input files are rewritten by the next rerun).
 */
export function planRerun(config: ResolvedConfig, ledger: Ledger, dir: string, suite: Suite, selections: RerunSelection[], only: RerunStatus[], now: Date): RerunRecord {
  const attempt = nextAttempt(ledger);
  const record: RerunRecord = { attempt, requestedAt: now.toISOString(), only: [...only], records: {} };
  const planned: { model: LedgerModel; shards: LedgerShard[] }[] = [];
  for (const { model, indices } of selections) {
    if (!indices.length) continue;
    const resolved = rerunModel(config, ledger, model);
    planned.push({ model, shards: attemptShards(config, ledger, dir, suite, resolved, model.shards.length, indices, attempt) });
    record.records[model.key] = indices.length;
  }
  if (!planned.length) return record;
  for (const { model, shards } of planned) model.shards.push(...shards);
  (ledger.reruns ??= []).push(record);
  ledger.phase = 'submitted';
  delete ledger.collectedAt;
  writeLedger(dir, ledger);
  return record;
}
