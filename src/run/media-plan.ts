// Plans the copies of S3 media that batch records reference: each shard's lines name the copy in that shard's input
// folder (src/suite/media-location.ts says why), and the shard's ledger entry lists what submit must copy first.
import type { SuiteRecord } from '../types/suite.ts';
import { s3Uri } from '../aws/s3-uri.ts';
import { colocatedKey, rewriteMediaLine, type MediaRef } from '../suite/media-location.ts';
import type { LedgerMedia } from './ledger.ts';
import type { Slice } from './shard.ts';

export interface ShardMedia {
  /** Every line of the model's input, those of this shard rewritten (the others as they were). */
  lines: string[];
  /** One entry per distinct source URI in the shard. */
  media: LedgerMedia[];
}

export interface MediaPlan {
  /** Each line's size in bytes once rewritten for the longest shard folder name: an upper bound for every shard. */
  plannedBytes: number[];
  forShard(shard: Slice, inputFolderKey: string): ShardMedia;
}

/** Rewrites a line that ends with `\n`, keeping the newline. */
function rewrite(line: string, rename: (ref: MediaRef) => string, owner: string | undefined): string {
  return `${rewriteMediaLine(line.slice(0, -1), rename, owner)}\n`;
}

/**
 * The media plan of one model's batch lines (each ends with `\n`), or undefined when no record references S3 media.
 * @param bucket the job bucket and, for a cross-account bucket, its owner (the copies' `s3Location.bucketOwner`)
 * @param inputBaseKey the model's input folder key, under which each shard has `shard-<n>/`
 */
export function colocateShardMedia(records: SuiteRecord[], lines: string[], bucket: { bucket: string; owner?: string | undefined }, inputBaseKey: string): MediaPlan | undefined {
  if (!lines.some((l) => l.includes('"s3Location"'))) return undefined;
  const longest = `${inputBaseKey}shard-999999/`;
  const plannedBytes = lines.map((l) => Buffer.byteLength(rewrite(l, (ref) => s3Uri(bucket.bucket, colocatedKey(longest, ref.uri)), bucket.owner)));
  return {
    plannedBytes,
    forShard(shard, inputFolderKey) {
      const out = lines.slice();
      const media = new Map<string, LedgerMedia>();
      for (let i = shard.start; i < shard.end; i++) {
        const record = records[i]!;
        out[i] = rewrite(lines[i]!, (ref) => {
          const uri = s3Uri(bucket.bucket, colocatedKey(inputFolderKey, ref.uri));
          if (!media.has(ref.uri)) {
            media.set(ref.uri, { source: ref.uri, ...(ref.bucketOwner ? { sourceOwner: ref.bucketOwner } : {}), uri, recordId: record.recordId, line: record.line, copied: false });
          }
          return uri;
        }, bucket.owner);
      }
      return { lines: out, media: [...media.values()] };
    },
  };
}
