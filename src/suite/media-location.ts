// Media that a Converse record references by S3 URI (`{image|document|video|audio: {source: {s3Location: {uri}}}}`),
// and where a batch job needs it: AWS requires every referenced object to sit in the bucket and folder that the job's
// inputDataConfig names (batch-inference-data.html, "When using S3 URIs in your prompts, all resources must be in the
// same S3 bucket and folder"). beval copies each one into the shard's input folder and rewrites the URI. Pure.
import { createHash } from 'node:crypto';

/** The content blocks that can carry an s3Location source (src/suite/media-blocks.ts checks their shape). */
const MEDIA_KINDS = ['image', 'document', 'video', 'audio'] as const;

export interface MediaRef {
  /** The URI as the suite wrote it. */
  uri: string;
  /** `s3Location.bucketOwner`: the account that owns the source bucket, when the suite says. */
  bucketOwner?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Each `s3Location` object of a modelInput's messages, in order (the same object may appear more than once). */
function s3Locations(modelInput: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const messages = isObject(modelInput) ? modelInput.messages : undefined;
  if (!Array.isArray(messages)) return found;
  for (const m of messages) {
    if (!isObject(m) || !Array.isArray(m.content)) continue;
    for (const block of m.content) {
      if (!isObject(block)) continue;
      for (const kind of MEDIA_KINDS) {
        const media = block[kind];
        const source = isObject(media) ? media.source : undefined;
        const location = isObject(source) ? source.s3Location : undefined;
        if (isObject(location) && typeof location.uri === 'string') found.push(location);
      }
    }
  }
  return found;
}

/** The S3 media a modelInput references. */
export function mediaRefs(modelInput: unknown): MediaRef[] {
  return s3Locations(modelInput).map((l) => ({ uri: l.uri as string, ...(typeof l.bucketOwner === 'string' ? { bucketOwner: l.bucketOwner } : {}) }));
}

/**
 * The key a referenced object gets inside a job's input folder: `media/<16 hex of the source URI's sha256>-<file name>`.
 * Derived from the source URI alone, so planning twice (a resumed run) names the same copy, and two sources with the
 * same file name never collide. The file name keeps its extension: Bedrock reads only `.jsonl` files as input.
 */
export function colocatedKey(inputFolderKey: string, sourceUri: string): string {
  const name = sourceUri.slice(sourceUri.lastIndexOf('/') + 1).replace(/[^A-Za-z0-9._-]/g, '_').slice(-100) || 'object';
  return `${inputFolderKey}media/${createHash('sha256').update(sourceUri).digest('hex').slice(0, 16)}-${name}`;
}

/**
 * A batch line with every s3Location URI replaced by `rename(uri)` and its `bucketOwner` set to the job bucket's owner
 * (or removed: the copy lives in beval's bucket, not the source's). Returns the line unchanged when it has no media.
 */
export function rewriteMediaLine(line: string, rename: (ref: MediaRef) => string, jobBucketOwner: string | undefined): string {
  // Most suites have no media: skip the parse for them.
  if (!line.includes('"s3Location"')) return line;
  const parsed = JSON.parse(line) as { modelInput?: unknown };
  const locations = s3Locations(parsed.modelInput);
  if (locations.length === 0) return line;
  for (const l of locations) {
    l.uri = rename({ uri: l.uri as string, ...(typeof l.bucketOwner === 'string' ? { bucketOwner: l.bucketOwner } : {}) });
    if (jobBucketOwner) l.bucketOwner = jobBucketOwner;
    else delete l.bucketOwner;
  }
  return JSON.stringify(parsed);
}
