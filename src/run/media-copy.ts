// Copies the S3 media a shard's records reference into the shard's input folder, before its job is created, so that
// the job can read them (media-plan.ts). Each copy is marked in the ledger once done; copying again is harmless.
import { writeLedger, type LedgerShard, type LedgerMedia } from './ledger.ts';
import type { RunContext } from './context.ts';

/**
 * Copies every not-yet-copied media object of the shard. `current.media` names the one being copied, so that a refusal
 * can say which record and source it was about.
 */
export async function copyShardMedia(ctx: RunContext, shard: LedgerShard, current: { media?: LedgerMedia }): Promise<void> {
  for (const media of shard.media ?? []) {
    if (media.copied) continue;
    current.media = media;
    await ctx.blobs.copy(media.source, media.uri, media.sourceOwner);
    media.copied = true;
    writeLedger(ctx.dir, ctx.ledger);
  }
  delete current.media;
}

/** `s3://src/a.png (suite line 12, record r12)`: what a refused copy was about, for the refusal message. */
export function describeMedia(media: LedgerMedia): string {
  return `copying ${media.source} (suite line ${media.line}, record ${media.recordId}) into the job's input folder`;
}
