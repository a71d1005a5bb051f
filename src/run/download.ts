// Downloads each terminal job's output files and manifest into the run directory (never reading the manifest as data).
import fs from 'node:fs';
import path from 'node:path';
import { TERMINAL_STATUSES, type DownloadedFile } from '../types/ports.ts';
import pLimit from 'p-limit';
import { allModels, writeLedger, type LedgerModel, type LedgerShard, type ReceivedFile } from './ledger.ts';
import { BevalError } from '../errors.ts';
import { describeError, isTransient } from './service-errors.ts';
import type { RunContext } from './context.ts';
import { damagedOutputs, fileStamp, listDamaged, sha256File, type DamagedShard } from './local-outputs.ts';

/** The 12-character job id Bedrock uses as the output folder name. */
export function jobIdOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/**
 * Downloads outputs of every terminal shard not yet downloaded, after fetching again the files of downloaded shards
 * that went missing or were torn since (refetchDamaged). Files already complete locally are not fetched again.
 * A shard that fails with throttling or a 5xx (after the SDK's own retries) does not stop the others; the call then
 * fails naming them, with everything downloaded so far kept for the next collect.
 */
export async function downloadOutputs(ctx: RunContext): Promise<void> {
  await refetchDamaged(ctx);
  // Models download side by side (a few at a time), each model's shards one after another. Ledger writes are
  // synchronous and whole, so two models' downloads never interleave inside the ledger file.
  const limit = pLimit(MODELS_AT_ONCE);
  const models = allModels(ctx.ledger);
  const failed = models.map(() => [] as string[]);
  const settled = await Promise.allSettled(models.map((model, k) => limit(async () => {
    for (const shard of model.shards) {
      if (shard.mode !== 'batch' || shard.downloaded || !shard.jobArn || !TERMINAL_STATUSES.has(shard.status ?? '')) continue;
      try {
        await downloadShard(ctx, model, shard, shard.jobArn);
      } catch (e) {
        if (!isTransient(e)) throw e;
        failed[k]!.push(`${model.label} shard ${shard.index}: ${describeError(e)}`);
      }
    }
  })));
  // Any other error stops the command, once every download in flight has ended (in the config's model order).
  const error = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (error) throw error.reason;
  const all = failed.flat();
  if (all.length) {
    throw new BevalError('OUTPUT', `Could not download the outputs of ${all.length} job(s):\n  ${all.join('\n  ')}\nEverything downloaded so far is kept. Run \`${ctx.advice.collect(ctx.ledger.runId)}\` again to fetch the rest and score.`);
  }
}

/** How many models download at the same time. */
const MODELS_AT_ONCE = 4;

/** A download that wrote fewer bytes than S3 listed: retried by the next round or collect, like a cut connection. */
function truncated(uri: string, got: number, expected: number): Error {
  return Object.assign(new Error(`${uri}: downloaded ${got} bytes where S3 lists ${expected}`), { name: 'TruncatedDownload' });
}

/** Where an output object of a shard is kept in the run directory (relative): one folder per model and shard. */
function localPath(model: LedgerModel, shard: LedgerShard, name: string): string {
  return path.join('outputs', model.key, `shard-${shard.index}`, name.replaceAll('/', '__'));
}

/**
 * Fetches again the files of downloaded batch shards that were deleted or torn since (see local-outputs.ts), so a
 * collect never scores a shard with files missing or cut short. What S3 no longer holds, and any
 * damaged realtime output (written only to the run directory), stops the command. Each file fetched again gets its new
 * size and sha256 in the ledger.
 */
async function refetchDamaged(ctx: RunContext): Promise<void> {
  const damaged = damagedOutputs(ctx.dir, ctx.ledger).filter(({ shard }) => shard.mode === 'batch');
  if (damaged.length) {
    const what = damaged.map(({ model, shard, files }) => `${model.label} shard ${shard.index} (${files.join(', ')})`).join('; ');
    ctx.log.warn(`downloaded output file(s) missing or damaged, downloading them again: ${what}`);
  }
  for (const { model, shard, files } of damaged) {
    if (!shard.jobArn) continue;
    const prefix = `${shard.outputUri}${jobIdOf(shard.jobArn)}/`;
    try {
      for (const o of await ctx.blobs.list(prefix)) {
        const local = localPath(model, shard, o.uri.slice(prefix.length));
        if (!files.includes(local)) continue;
        const got = await ctx.blobs.download(o.uri, path.join(ctx.dir, local));
        if (got.bytes !== o.size) throw truncated(o.uri, got.bytes, o.size);
        shard.received = [...(shard.received ?? []).filter((r) => r.file !== local), { file: local, ...got, ...fileStamp(path.join(ctx.dir, local)) }];
        writeLedger(ctx.dir, ctx.ledger);
      }
    } catch (e) {
      ctx.log.warn(`${model.label} shard ${shard.index}: could not list or download ${prefix}: ${describeError(e)}`);
    }
  }
  const still = damagedOutputs(ctx.dir, ctx.ledger);
  if (still.length) throw new BevalError('OUTPUT', notRestoredMessage(ctx, still));
}

/**
 * What to do about outputs still missing. A batch job's files can be copied again from its S3 output folder; a realtime
 * shard's answers were written only to the run directory, and a resume sends only the records of a shard that is not
 * Completed (run-realtime.ts), so nothing sends them again: a backup, or a new run that pays for them again.
 */
function notRestoredMessage(ctx: RunContext, still: DamagedShard[]): string {
  const { runId } = ctx.ledger;
  const batch = still.filter(({ shard }) => shard.mode === 'batch');
  const realtime = still.filter(({ shard }) => shard.mode === 'realtime');
  const parts: string[] = [];
  if (batch.length) {
    parts.push(`downloaded output file(s) are missing or damaged and could not be fetched again from S3:\n${listDamaged(batch)}\nRestore them into ${ctx.dir} (from a backup, or from the job's output folder in S3) and run \`${ctx.advice.collect(runId)}\` again`);
  }
  if (realtime.length) {
    parts.push(`${batch.length ? 'Realtime' : 'realtime'} output file(s) are missing or damaged:\n${listDamaged(realtime)}\nRealtime answers are written only to the run directory (nothing is kept in S3), so beval cannot fetch them again and no resume sends those records again. Restore them into ${ctx.dir} from a backup and run \`${ctx.advice.collect(runId)}\` again, or start a new run (\`${ctx.advice.command('run')}\`), which sends the records again and is billed again`);
  }
  return `Run ${runId}: ${parts.join('.\n')}; the other outputs and the ledger are unchanged.`;
}

async function downloadShard(ctx: RunContext, model: LedgerModel, shard: LedgerShard, jobArn: string): Promise<void> {
  const prefix = `${shard.outputUri}${jobIdOf(jobArn)}/`;
  const objects = await ctx.blobs.list(prefix);
  const outputs: string[] = [];
  let manifest: string | undefined;
  const received: ReceivedFile[] = [];
  for (const o of objects) {
    const name = o.uri.slice(prefix.length);
    const isManifest = name === 'manifest.json.out';
    if (!isManifest && !name.endsWith('.jsonl.out')) continue;
    const local = localPath(model, shard, name);
    const abs = path.join(ctx.dir, local);
    let got: DownloadedFile;
    if (fs.existsSync(abs) && fs.statSync(abs).size === o.size) {
      got = { bytes: o.size, sha256: sha256File(abs) };
    } else {
      got = await ctx.blobs.download(o.uri, abs);
      // S3's listing and the bytes received must agree: a shorter file is a cut download, not a finished one.
      if (got.bytes !== o.size) throw truncated(o.uri, got.bytes, o.size);
      ctx.crashAt?.('while-downloading');
    }
    received.push({ file: local, ...got, ...fileStamp(abs) });
    if (isManifest) manifest = local;
    else outputs.push(local);
  }
  shard.downloaded = outputs.sort();
  if (manifest) shard.manifest = manifest;
  shard.received = received;
  writeLedger(ctx.dir, ctx.ledger);
  ctx.log.info(`${model.label} shard ${shard.index}: downloaded ${outputs.length} output file(s)${manifest ? ' and the manifest' : ''}`);
}
