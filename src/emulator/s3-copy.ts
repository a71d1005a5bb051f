// S3 CopyObject for the emulator: what beval uses to put the media a batch record references into the job's input
// folder (src/run/media-copy.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ObjectStore } from './object-store.ts';
import { noSuchBucket, noSuchKey, sendXml, xmlEscape } from './s3-xml.ts';
import { badRequest, S3HttpError } from './s3-error.ts';

/** What a copy needs of the S3 handler's context (s3-handler.ts S3Context). */
export interface CopyContext {
  store: ObjectStore;
  accountId: string;
  buckets: Record<string, { owner?: string }>;
  /** S3 copies at most 5 GB in one CopyObject, as it takes at most that in one PutObject. */
  maxUploadBytes: number;
  onCopyObject: () => void;
}

/**
 * CopyObject: `x-amz-copy-source: bucket/url-encoded-key` (a leading `/` allowed). The source's expected owner
 * (`x-amz-source-expected-bucket-owner`) is checked like the target's; the copy keeps the source's content type and
 * user metadata (S3's default COPY directive). The target bucket's rules ran in checkBucketRules.
 */
export async function copyObject(ctx: CopyContext, header: string, bucket: string, key: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { store } = ctx;
  const raw = header.replace(/^\//, '').replace(/\?versionId=.*$/, '');
  const slash = raw.indexOf('/');
  if (slash <= 0 || slash === raw.length - 1) throw badRequest('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey');
  let source: { bucket: string; key: string };
  try {
    source = { bucket: decodeURIComponent(raw.slice(0, slash)), key: decodeURIComponent(raw.slice(slash + 1)) };
  } catch {
    throw badRequest('InvalidArgument', 'Copy Source could not be decoded');
  }
  const settings = Object.hasOwn(ctx.buckets, source.bucket) ? ctx.buckets[source.bucket]! : {};
  const expected = req.headers['x-amz-source-expected-bucket-owner'];
  if (typeof expected === 'string' && expected !== (settings.owner ?? ctx.accountId)) throw new S3HttpError({ status: 403, code: 'AccessDenied', message: 'Access Denied' });
  if (!store.hasBucket(source.bucket)) throw new S3HttpError(noSuchBucket(source.bucket));
  const object = store.head(source.bucket, source.key);
  if (!object) throw new S3HttpError(noSuchKey(source.key));
  if (object.size > ctx.maxUploadBytes) {
    throw badRequest('InvalidRequest', `The specified copy source is larger than the maximum allowable size for a copy source: ${ctx.maxUploadBytes}`);
  }
  if (!store.writable(bucket)) throw new S3HttpError(noSuchBucket(bucket));
  ctx.onCopyObject();
  const copy = await store.put(bucket, key, store.stream(object), { contentType: object.contentType, metadata: { ...object.metadata } });
  sendXml(res, `<CopyObjectResult><LastModified>${copy.lastModified.toISOString()}</LastModified><ETag>${xmlEscape(copy.etag)}</ETag></CopyObjectResult>`);
}
