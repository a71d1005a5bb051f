// BlobPort over @aws-sdk/client-s3: upload inputs, list and download outputs.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { CopyObjectCommand, GetObjectCommand, HeadObjectCommand, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { BlobPort } from '../types/ports.ts';
import { parseS3Uri, s3Uri } from './s3-uri.ts';
import { fsyncDir } from '../fsync-dir.ts';
import { writeAllSync } from '../write-all.ts';

/** How every S3 call is made: a cross-account bucket's expected owner and the SSE-KMS key for writes (config `s3`). */
export interface BlobOptions {
  kmsKeyId?: string;
  bucketOwner?: string;
}

/** 16 MiB parts: a 1 GB input is ~60 parts, and two in flight hold 32 MiB. */
const PART_SIZE = 16 * 1024 * 1024;

export function createBlobPort(client: S3Client, options: BlobOptions = {}): BlobPort {
  // S3 refuses a call whose bucket is owned by another account than ExpectedBucketOwner: a bucket taken over after
  // deletion never receives the prompts or serves forged outputs.
  const owner = options.bucketOwner ? { ExpectedBucketOwner: options.bucketOwner } : {};
  const sse = options.kmsKeyId ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: options.kmsKeyId } : {};
  return {
    async head(uri) {
      const { bucket, key } = parseS3Uri(uri);
      try {
        const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ...owner }));
        return { size: out.ContentLength ?? 0, ...(out.Metadata?.sha256 ? { sha256: out.Metadata.sha256 } : {}) };
      } catch (e) {
        const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
        if (err.name === 'NotFound' || err.name === 'NoSuchKey' || err.$metadata?.httpStatusCode === 404) return undefined;
        throw e;
      }
    },
    async put(uri, file, sha256, contentType = 'application/jsonl') {
      const { bucket, key } = parseS3Uri(uri);
      // lib-storage sends one PutObject for a file under one part and a multipart upload above it, reading the file
      // part by part: memory stays at queueSize × partSize whatever the file's size (S3 allows 10,000 parts).
      const body = fs.createReadStream(file);
      try {
        await new Upload({
          client,
          params: { Bucket: bucket, Key: key, Body: body, ContentType: contentType, Metadata: { sha256 }, ...owner, ...sse },
          partSize: PART_SIZE,
          queueSize: 2,
        }).done();
      } finally {
        body.destroy();
      }
    },
    async copy(sourceUri, targetUri, sourceOwner) {
      const source = parseS3Uri(sourceUri);
      const target = parseS3Uri(targetUri);
      // CopySource is `bucket/key` with the key URL-encoded (its slashes kept), as S3 reads the x-amz-copy-source header.
      const copySource = `${source.bucket}/${source.key.split('/').map(encodeURIComponent).join('/')}`;
      await client.send(new CopyObjectCommand({
        Bucket: target.bucket, Key: target.key, CopySource: copySource, ...owner, ...sse,
        ...(sourceOwner ? { ExpectedSourceBucketOwner: sourceOwner } : {}),
      }));
    },
    async list(prefixUri) {
      const { bucket, key } = parseS3Uri(prefixUri);
      const found: { uri: string; size: number }[] = [];
      for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: key, ...owner })) {
        for (const o of page.Contents ?? []) if (o.Key) found.push({ uri: s3Uri(bucket, o.Key), size: o.Size ?? 0 });
      }
      return found;
    },
    async download(uri, file) {
      const { bucket, key } = parseS3Uri(uri);
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...owner }));
      const dir = path.resolve(path.dirname(file));
      const created = fs.mkdirSync(dir, { recursive: true });
      const tmp = `${file}.part`;
      // The caller records the file as downloaded in the (fsynced) ledger next: its bytes and its name must reach the
      // disk first, or a power loss could leave the ledger saying "downloaded" over an empty or missing file.
      // Every chunk is written whole (a full disk throws ENOSPC, not a short file) and counted: a body that ends
      // before S3's Content-Length is a cut connection, never a finished file.
      const hash = createHash('sha256');
      let bytes = 0;
      const fd = fs.openSync(tmp, 'w');
      try {
        try {
          for await (const chunk of out.Body as Readable) {
            const buf = chunk as Buffer;
            writeAllSync(fd, buf, undefined, file);
            hash.update(buf);
            bytes += buf.length;
          }
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
        if (out.ContentLength !== undefined && bytes !== out.ContentLength) {
          throw Object.assign(new Error(`${uri}: the download ended after ${bytes} of ${out.ContentLength} bytes`), { name: 'TruncatedDownload', $retryable: {} });
        }
      } catch (e) {
        fs.rmSync(tmp, { force: true });
        if ((e as NodeJS.ErrnoException).path === tmp) (e as NodeJS.ErrnoException).path = file;
        throw e;
      }
      fs.renameSync(tmp, file);
      // The folder holding the new name, and the parent of every folder mkdir just created.
      const top = created === undefined ? dir : path.dirname(path.resolve(created));
      for (let d = dir; ; d = path.dirname(d)) {
        fsyncDir(d);
        if (d === top || d === path.dirname(d)) break;
      }
      return { bytes, sha256: hash.digest('hex'), ...(out.ETag ? { etag: out.ETag } : {}) };
    },
  };
}
