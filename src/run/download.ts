// Downloads each terminal job's output files and manifest into the run directory (never reading the manifest as data).
import fs from 'node:fs';
import path from 'node:path';
import { TERMINAL_STATUSES } from '../pipeline/ports.ts';
import { allShards, writeLedger, type LedgerModel, type LedgerShard } from './ledger.ts';
import { BevalError } from '../errors.ts';
import { describeError, isTransient } from './service-errors.ts';
import type { RunContext } from './context.ts';

/** The 12-character job id Bedrock uses as the output folder name. */
export function jobIdOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/**
 * Downloads outputs of every terminal shard not yet downloaded. Files already complete locally are not fetched again.
 * A shard that fails with throttling or a 5xx (after the SDK's own retries) does not stop the others; the call then
 * fails naming them, with everything downloaded so far kept for the next collect.
 */
export async function downloadOutputs(ctx: RunContext): Promise<void> {
  const failed: string[] = [];
  for (const { model, shard } of allShards(ctx.ledger)) {
    if (shard.mode !== 'batch' || shard.downloaded || !shard.jobArn || !TERMINAL_STATUSES.has(shard.status ?? '')) continue;
    try {
      await downloadShard(ctx, model, shard, shard.jobArn);
    } catch (e) {
      if (!isTransient(e)) throw e;
      failed.push(`${model.label} shard ${shard.index}: ${describeError(e)}`);
    }
  }
  if (failed.length) {
    throw new BevalError('OUTPUT', `Could not download the outputs of ${failed.length} job(s):\n  ${failed.join('\n  ')}\nEverything downloaded so far is kept. Run \`beval collect ${ctx.ledger.runId}\` again to fetch the rest and score.`);
  }
}

async function downloadShard(ctx: RunContext, model: LedgerModel, shard: LedgerShard, jobArn: string): Promise<void> {
  const prefix = `${shard.outputUri}${jobIdOf(jobArn)}/`;
  const objects = await ctx.blobs.list(prefix);
  const outputs: string[] = [];
  let manifest: string | undefined;
  for (const o of objects) {
    const name = o.uri.slice(prefix.length);
    const isManifest = name === 'manifest.json.out';
    if (!isManifest && !name.endsWith('.jsonl.out')) continue;
    const local = path.join('outputs', model.key, `shard-${shard.index}`, name.replaceAll('/', '__'));
    const abs = path.join(ctx.dir, local);
    if (!(fs.existsSync(abs) && fs.statSync(abs).size === o.size)) {
      await ctx.blobs.download(o.uri, abs);
      ctx.crashAt?.('while-downloading');
    }
    if (isManifest) manifest = local;
    else outputs.push(local);
  }
  shard.downloaded = outputs.sort();
  if (manifest) shard.manifest = manifest;
  writeLedger(ctx.dir, ctx.ledger);
  ctx.log.info(`${model.label} shard ${shard.index}: downloaded ${outputs.length} output file(s)${manifest ? ' and the manifest' : ''}`);
}
