// S3 multipart upload (CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload), which
// @aws-sdk/lib-storage's Upload uses for bodies over one part: beval streams GB-sized batch inputs that way.
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import type { ObjectStore, StoredObject } from './object-store.ts';
import { xmlEscape } from './s3-xml.ts';

/** Parts live in a bucket no S3 name can address (names may not start with '.'), so they never show up in a listing. */
const PARTS_BUCKET = '.multipart-parts';

export interface MultipartUpload {
  bucket: string;
  key: string;
  contentType?: string;
  metadata: Record<string, string>;
  parts: Map<number, StoredObject>;
}

export class MultipartUploads {
  private readonly uploads = new Map<string, MultipartUpload>();

  constructor(private readonly store: ObjectStore) {}

  create(bucket: string, key: string, contentType: string | undefined, metadata: Record<string, string>): string {
    const id = randomUUID().replace(/-/g, '');
    this.uploads.set(id, { bucket, key, ...(contentType ? { contentType } : {}), metadata, parts: new Map() });
    return id;
  }

  get(id: string, bucket: string, key: string): MultipartUpload | undefined {
    const u = this.uploads.get(id);
    return u && u.bucket === bucket && u.key === key ? u : undefined;
  }

  /** Where UploadPart stores part `n` (through the same body decoding and checksum checks as PutObject). */
  partTarget(id: string, n: number): { bucket: string; key: string } {
    return { bucket: PARTS_BUCKET, key: `${id}/${n}` };
  }

  addPart(id: string, n: number, part: StoredObject): void {
    this.uploads.get(id)?.parts.set(n, part);
  }

  /** Concatenates the listed parts (in the order given, which S3 requires to be ascending) into the object. */
  async complete(id: string, numbers: number[]): Promise<StoredObject | string> {
    const u = this.uploads.get(id);
    if (!u) return 'NoSuchUpload';
    const parts = numbers.map((n) => u.parts.get(n));
    if (!numbers.length || parts.some((p) => p === undefined) || numbers.some((n, i) => i > 0 && n <= numbers[i - 1]!)) return 'InvalidPart';
    const object = await this.store.put(u.bucket, u.key, concat(parts as StoredObject[]), { ...(u.contentType ? { contentType: u.contentType } : {}), metadata: u.metadata });
    await this.abort(id);
    return object;
  }

  async abort(id: string): Promise<void> {
    const u = this.uploads.get(id);
    this.uploads.delete(id);
    for (const n of u?.parts.keys() ?? []) await this.store.delete(PARTS_BUCKET, `${id}/${n}`);
  }
}

function concat(parts: StoredObject[]): Readable {
  const out = new PassThrough();
  void (async () => {
    try {
      for (const p of parts) for await (const chunk of createReadStream(p.file)) if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      out.end();
    } catch (e) {
      out.destroy(e as Error);
    }
  })();
  return out;
}

/** The part numbers a CompleteMultipartUpload body lists, in its order. */
export function listedParts(xml: string): number[] {
  return [...xml.matchAll(/<PartNumber>\s*(\d+)\s*<\/PartNumber>/g)].map((m) => Number(m[1]));
}

export function initiateXml(bucket: string, key: string, id: string): string {
  return `<InitiateMultipartUploadResult><Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(key)}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`;
}

export function completeXml(bucket: string, key: string, etag: string): string {
  return `<CompleteMultipartUploadResult><Location>/${xmlEscape(bucket)}/${xmlEscape(key)}</Location><Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(key)}</Key><ETag>${xmlEscape(etag)}</ETag></CompleteMultipartUploadResult>`;
}
