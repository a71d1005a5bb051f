// Uploads each shard's input (once) and creates its job (once), writing the ledger before and after each side effect.
import path from 'node:path';
import { TERMINAL_STATUSES, type CreateJobRequest } from '../types/ports.ts';
import { allModels, allShards, writeLedger, type LedgerModel, type LedgerShard } from './ledger.ts';
import { BevalError } from '../errors.ts';
import type { RunContext } from './context.ts';
import { describeError, isQuotaExceeded, isTransient } from './service-errors.ts';
import { batchSetup } from './batch-setup.ts';
import { settleUnrecordedCreates } from './cancel.ts';
import { copyShardMedia, describeMedia } from './media-copy.ts';
import type { LedgerMedia } from './ledger.ts';
import pLimit from 'p-limit';

/** Uploads files not yet marked uploaded; an object already in S3 with the same sha256 and size is not sent again. */
async function uploadShard(ctx: RunContext, shard: LedgerShard): Promise<void> {
  for (const file of shard.files) {
    if (file.uploaded) continue;
    const head = await ctx.blobs.head(file.uri);
    if (!(head && head.size === file.bytes && head.sha256 === file.sha256)) {
      // Streamed from disk: a 1 GB input file never sits in memory whole.
      await ctx.blobs.put(file.uri, path.join(ctx.dir, file.local), file.sha256);
    }
    file.uploaded = true;
    writeLedger(ctx.dir, ctx.ledger);
  }
}

type CreateResult = 'created' | 'adopted' | { deferred: string };

/** Creates the shard's job, adopting one that an interrupted earlier attempt may already have created. */
async function createShardJob(ctx: RunContext, model: LedgerModel, shard: LedgerShard): Promise<CreateResult> {
  if (shard.createRequestedAt) {
    // We may have crashed between CreateModelInvocationJob and recording its ARN: look before creating again.
    const found = await ctx.batch.findJobByName(shard.jobName);
    if (found) {
      shard.jobArn = found.arn;
      shard.status = found.status;
      shard.statusChangedAt = new Date(ctx.clock.now()).toISOString();
      delete shard.deferred;
      writeLedger(ctx.dir, ctx.ledger);
      return 'adopted';
    }
  }
  shard.createRequestedAt = new Date(ctx.clock.now()).toISOString();
  writeLedger(ctx.dir, ctx.ledger);
  let arn: string;
  try {
    arn = await ctx.batch.createJob({
      jobName: shard.jobName,
      clientRequestToken: shard.clientRequestToken,
      modelId: model.id,
      roleArn: batchSetup(ctx.config, 'batch jobs').roleArn,
      inputUri: shard.inputUri,
      outputUri: shard.outputUri,
      timeoutHours: ctx.config.jobTimeoutHours,
      tags: { ...ctx.config.tags, 'beval:run': ctx.ledger.runId, 'beval:model': model.key, 'beval:shard': String(shard.index) },
      ...s3Options(ctx),
    });
  } catch (e) {
    // The quota error is a 400 the SDK does not retry; throttling and 5xx reach here only after its retries ran out.
    if (isQuotaExceeded(e)) return { deferred: 'ServiceQuotaExceededException (too many submitted + in-progress jobs for this model)' };
    if (isTransient(e)) return { deferred: describeError(e) };
    throw e;
  }
  ctx.crashAt?.('after-create-before-ledger');
  shard.jobArn = arn;
  shard.status = 'Submitted';
  shard.statusChangedAt = new Date(ctx.clock.now()).toISOString();
  delete shard.deferred;
  writeLedger(ctx.dir, ctx.ledger);
  return 'created';
}

/** The config's KMS key, bucket owner and VPC for CreateModelInvocationJob (undefined fields are not sent). */
function s3Options(ctx: RunContext): Pick<CreateJobRequest, 'kmsKeyId' | 'bucketOwner' | 'vpcConfig'> {
  const { s3, vpcConfig } = ctx.config;
  return {
    ...(s3?.kmsKeyId ? { kmsKeyId: s3.kmsKeyId } : {}),
    ...(s3?.bucketOwner ? { bucketOwner: s3.bucketOwner } : {}),
    ...(vpcConfig ? { vpcConfig } : {}),
  };
}

/** A shard whose input upload (S3) or job create (Bedrock) failed with an error retrying cannot fix. */
interface Refusal {
  model: LedgerModel;
  shard: LedgerShard;
  step: 'media' | 'upload' | 'create';
  error: unknown;
  /** What the step was doing when refused, where it did several things (which media object it copied). */
  detail?: string;
}

const STEP_TEXT: Record<Refusal['step'], string> = {
  media: 'S3 refused to copy a media object the suite references',
  upload: 'S3 refused the input upload',
  create: 'CreateModelInvocationJob was refused',
};

/**
 * Shards whose upload or create was refused for good. While no job of the run exists, the refusal stops the run
 * (nothing is billed yet; a role or bucket problem refuses every shard alike). Once some job runs, each refused shard
 * is marked Failed, so that the other models' jobs are still collected and scored (its records count as not run).
 */
function recordRefusals(ctx: RunContext, refused: Refusal[]): void {
  const lines = refused.map(({ model, shard, step, error, detail }) => `${model.label} shard ${shard.index} (${model.id}): ${STEP_TEXT[step]}${detail ? `, ${detail}` : ''}: ${describeError(error)}`);
  if (!allShards(ctx.ledger).some(({ shard }) => shard.jobArn)) {
    throw new BevalError('JOB', `${refused.length === 1 ? 'A job' : `${refused.length} jobs`} could not be submitted and no job of this run exists yet, so nothing is billed:\n  ${lines.join('\n  ')}\nFix the cause (model id, region, role, bucket) and resume with \`${ctx.advice.resume(ctx.ledger.runId)}\`, or remove the model from the config and start a new run.`, { cause: refused[0]!.error });
  }
  for (const [k, { shard, step }] of refused.entries()) {
    shard.createError = describeError(refused[k]!.error);
    shard.status = 'Failed';
    shard.message = `${STEP_TEXT[step]}: ${shard.createError}`;
    shard.statusChangedAt = new Date(ctx.clock.now()).toISOString();
    ctx.log.warn(`${lines[k]!.replace(/\.+$/, '')}. This shard is marked Failed (its records count as not run); the rest of the run goes on. \`${ctx.advice.collect(ctx.ledger.runId)}\` tries it again.`);
  }
  writeLedger(ctx.dir, ctx.ledger);
}

/** A Node system error (fs), not an answer from a service: services' errors carry `$metadata`. */
function isLocalSystemError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && typeof (e as NodeJS.ErrnoException).syscall === 'string' && !('$metadata' in e);
}

/** Clears the Failed mark of shards whose create was refused, so this process tries them again (see recordRefusals). */
export function retryRefusedCreates(ctx: RunContext): void {
  // Only a model's newest attempt: the records of an older refused shard were planned again by a `beval rerun`, and
  // creating both would pay for them twice.
  const newest = new Map(allShards(ctx.ledger).map(({ model }) => [model, Math.max(...model.shards.map((s) => s.attempt ?? 1))]));
  const refused = allShards(ctx.ledger).filter(({ model, shard }) => shard.createError !== undefined && !shard.jobArn && (shard.attempt ?? 1) === newest.get(model));
  if (!refused.length || ctx.ledger.phase === 'cancelled') return;
  for (const { shard } of refused) {
    delete shard.createError;
    delete shard.status;
    delete shard.message;
  }
  writeLedger(ctx.dir, ctx.ledger);
}

/** How many models upload inputs and create jobs at the same time (S3 uploads and Bedrock creates in flight). */
const MODELS_AT_ONCE = 4;

export interface SubmitRound {
  created: number;
  waitingForCapacity: number;
  quotaDeferred: number;
}

/**
 * One submission round: for every batch shard without a job, upload and create it, while keeping each model's
 * submitted + in-progress jobs under its cap. Shards left waiting (cap, quota error, throttling) are created by a
 * later round. A cancelled run creates nothing.
 */
export async function submitRound(ctx: RunContext): Promise<SubmitRound> {
  const round: SubmitRound = { created: 0, waitingForCapacity: 0, quotaDeferred: 0 };
  const refused: Refusal[] = [];
  if (ctx.ledger.phase === 'cancelled') {
    // A cancel interrupted before it learned whether a create reached Bedrock: settle those shards (stopping any job
    // found) so that waiting ends.
    for (const r of await settleUnrecordedCreates(ctx)) if (!r.failed) ctx.log.info(`${r.what}: ${r.outcome} (run cancelled)`);
    return round;
  }
  // Models upload and create side by side (a few at a time); each model's shards go one after another, so its cap
  // counts as before. Every ledger write is synchronous and writes the whole ledger, so writes from different models
  // never interleave inside the file, and each shard's own write still comes before/after its side effect.
  const limit = pLimit(MODELS_AT_ONCE);
  const models = allModels(ctx.ledger);
  const perModel = models.map(() => [] as Refusal[]);
  const halt = { failed: false };
  const settled = await Promise.allSettled(models.map((model, k) => limit(async () => {
    // After Ctrl-C nothing new is sent (bin.ts promises it): shards not yet created stay planned for the resume.
    if (ctx.signal?.aborted || halt.failed) return;
    let active = model.shards.filter((s) => s.jobArn && !TERMINAL_STATUSES.has(s.status ?? '')).length;
    for (const shard of model.shards) {
      if (shard.mode !== 'batch' || shard.jobArn || TERMINAL_STATUSES.has(shard.status ?? '')) continue;
      // After another model's local failure no new shard starts: the command is about to stop.
      if (ctx.signal?.aborted || halt.failed) break;
      if (active >= ctx.config.quotas.maxConcurrentJobsPerModel) {
        round.waitingForCapacity++;
        continue;
      }
      let result: CreateResult;
      let step: Refusal['step'] = 'media';
      const copying: { media?: LedgerMedia } = {};
      try {
        await copyShardMedia(ctx, shard, copying);
        step = 'upload';
        await uploadShard(ctx, shard);
        ctx.crashAt?.('after-upload');
        step = 'create';
        result = await createShardJob(ctx, model, shard);
      } catch (e) {
        // Throttling or a 5xx on the upload or the lookup before create: wait like a deferred create.
        if (isTransient(e) || isQuotaExceeded(e)) result = { deferred: describeError(e) };
        // The local disk failing (the ledger write before the create: full, read-only, no permission) is not Bedrock
        // refusing the job: it stops the command with its own message instead of marking the shard refused.
        else if (isLocalSystemError(e)) {
          halt.failed = true;
          throw e;
        } else {
          perModel[k]!.push({ model, shard, step, error: e, ...(copying.media ? { detail: describeMedia(copying.media) } : {}) });
          continue;
        }
      }
      if (typeof result === 'object') {
        // One line when a shard starts waiting (or the reason changes), not one per polling round.
        if (shard.deferred !== result.deferred) {
          ctx.log.warn(`${model.label} shard ${shard.index}: ${result.deferred} at create; waiting and retrying after the next poll.`);
          shard.deferred = result.deferred;
          writeLedger(ctx.dir, ctx.ledger);
        }
        round.quotaDeferred++;
        continue;
      }
      active++;
      round.created++;
      ctx.log.info(`${model.label} shard ${shard.index}: ${result === 'adopted' ? 'adopted existing job' : 'created job'} ${shard.jobArn}`);
    }
  })));
  // A local failure (disk) stops the command, but only once every model's step in flight has ended and been recorded.
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  // In the config's model order, whatever order the services answered in.
  refused.push(...perModel.flat());
  if (refused.length) recordRefusals(ctx, refused);
  if (ctx.ledger.phase === 'planned' && allModels(ctx.ledger).every((m) => m.shards.every((s) => s.jobArn || s.mode !== 'batch' || TERMINAL_STATUSES.has(s.status ?? '')))) {
    ctx.ledger.phase = 'submitted';
    writeLedger(ctx.dir, ctx.ledger);
  }
  return round;
}
