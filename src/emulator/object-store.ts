// S3 object storage for the emulator: bytes in files under dataDir, metadata in memory.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredObject {
  key: string;
  size: number;
  /** Quoted, as S3 returns it. */
  etag: string;
  lastModified: Date;
  contentType: string;
  /** User metadata from PutObject's `x-amz-meta-*` headers, names lowercased and without the prefix. */
  metadata?: Record<string, string>;
  file: string;
}

/** Appends to one object while a job writes output, keeping size and ETag current so readers see a consistent prefix. */
export interface ObjectAppender {
  append(text: string): Promise<void>;
  close(): Promise<void>;
}

let tmpCounter = 0;

export class ObjectStore {
  private readonly buckets = new Map<string, Map<string, StoredObject>>();

  /**
   * `autoCreateBuckets` (the default) creates a bucket on its first write, so a fresh emulator needs no setup; without
   * it only buckets made by CreateBucket (or listed at start) exist, and writes elsewhere fail as on S3.
   */
  constructor(private readonly dir: string, readonly autoCreateBuckets = true) {}

  /** Whether a client write to this bucket may go ahead (it exists, or writes create buckets). */
  writable(bucket: string): boolean {
    return this.autoCreateBuckets || this.buckets.has(bucket);
  }

  async init(): Promise<void> {
    await mkdir(join(this.dir, 'objects'), { recursive: true });
  }

  createBucket(bucket: string): void {
    if (!this.buckets.has(bucket)) this.buckets.set(bucket, new Map());
  }

  hasBucket(bucket: string): boolean {
    return this.buckets.has(bucket);
  }

  deleteBucket(bucket: string): 'deleted' | 'missing' | 'not-empty' {
    const objects = this.buckets.get(bucket);
    if (!objects) return 'missing';
    if (objects.size > 0) return 'not-empty';
    this.buckets.delete(bucket);
    return 'deleted';
  }

  head(bucket: string, key: string): StoredObject | undefined {
    return this.buckets.get(bucket)?.get(key);
  }

  /** All keys of a bucket in S3's (UTF-8 binary) order; undefined when the bucket does not exist. */
  sortedKeys(bucket: string): StoredObject[] | undefined {
    const objects = this.buckets.get(bucket);
    if (!objects) return undefined;
    return [...objects.values()].sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
  }

  /** Streams a body to disk (through optional transforms), then publishes it atomically under the key. */
  async put(bucket: string, key: string, body: Readable, options: { contentType?: string; metadata?: Record<string, string>; transforms?: Transform[] } = {}): Promise<StoredObject> {
    const tmp = join(this.dir, 'objects', `tmp-${process.pid}-${++tmpCounter}`);
    const md5 = createHash('md5');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        md5.update(chunk);
        size += chunk.length;
        cb(null, chunk);
      },
    });
    try {
      await pipeline([body, ...(options.transforms ?? []), meter, createWriteStream(tmp)]);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    const file = this.fileFor(bucket, key);
    await rename(tmp, file);
    const metadata = options.metadata && Object.keys(options.metadata).length ? { metadata: { ...options.metadata } } : {};
    return this.record(bucket, { key, size, etag: `"${md5.digest('hex')}"`, lastModified: new Date(), contentType: options.contentType ?? 'binary/octet-stream', ...metadata, file });
  }

  async putText(bucket: string, key: string, text: string, contentType = 'application/octet-stream'): Promise<StoredObject> {
    const file = this.fileFor(bucket, key);
    const bytes = Buffer.from(text, 'utf8');
    const handle = await open(file, 'w');
    try {
      await handle.writeFile(bytes);
    } finally {
      await handle.close();
    }
    const etag = `"${createHash('md5').update(bytes).digest('hex')}"`;
    return this.record(bucket, { key, size: bytes.length, etag, lastModified: new Date(), contentType, file });
  }

  /** Starts a new (empty) object that grows with each append; used for incrementally written job output. */
  async openAppender(bucket: string, key: string): Promise<ObjectAppender> {
    const file = this.fileFor(bucket, key);
    const handle: FileHandle = await open(file, 'w');
    const md5: Hash = createHash('md5');
    const meta = this.record(bucket, { key, size: 0, etag: `"${md5.copy().digest('hex')}"`, lastModified: new Date(), contentType: 'application/octet-stream', file });
    return {
      append: async (text: string) => {
        const bytes = Buffer.from(text, 'utf8');
        await handle.write(bytes);
        md5.update(bytes);
        meta.size += bytes.length;
        meta.etag = `"${md5.copy().digest('hex')}"`;
        meta.lastModified = new Date();
      },
      close: () => handle.close(),
    };
  }

  /** Byte range [start, end] inclusive of an object; the caller has checked the range. */
  stream(object: StoredObject, start = 0, end = object.size - 1): Readable {
    return createReadStream(object.file, { start, end: Math.max(start, end) });
  }

  async readText(object: StoredObject): Promise<string> {
    const buf = await readFile(object.file);
    return buf.subarray(0, object.size).toString('utf8');
  }

  async delete(bucket: string, key: string): Promise<void> {
    const object = this.buckets.get(bucket)?.get(key);
    if (!object) return;
    this.buckets.get(bucket)?.delete(key);
    await rm(object.file, { force: true });
  }

  /** A scratch file path for multipart parts and similar. */
  scratchFile(name: string): string {
    return join(this.dir, 'objects', `scratch-${createHash('sha1').update(name).digest('hex')}`);
  }

  private fileFor(bucket: string, key: string): string {
    return join(this.dir, 'objects', createHash('sha1').update(`${bucket}\u0000${key}`).digest('hex'));
  }

  private record(bucket: string, object: StoredObject): StoredObject {
    this.createBucket(bucket);
    this.buckets.get(bucket)?.set(object.key, object);
    return object;
  }
}
