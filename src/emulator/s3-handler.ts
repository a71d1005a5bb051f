// The S3 side of the emulator: path-style bucket/object operations the harness and the SDK's helpers use.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { AwsChunkedDecoder } from './aws-chunked.ts';
import { ChecksumVerifier } from './checksum.ts';
import { newRequestId, readBody, redactedSearch } from './http-util.ts';
import { completeXml, initiateXml, listedParts, type MultipartUploads } from './multipart.ts';
import type { ObjectStore, StoredObject } from './object-store.ts';
import { listV2Xml, noSuchBucket, noSuchKey, sendS3Error, sendXml, xmlEscape } from './s3-xml.ts';
import { badRequest, S3HttpError } from './s3-error.ts';
import { copyObject } from './s3-copy.ts';

export interface S3Context {
  store: ObjectStore;
  onPutObject: () => void;
  onCopyObject: () => void;
  /** Largest single PutObject body (S3: 5 GB); larger uploads get EntityTooLarge. */
  maxUploadBytes: number;
  /** The emulator's Region and account: every bucket's, unless `buckets` says otherwise. */
  region: string;
  accountId: string;
  buckets: Record<string, BucketSettings>;
  uploads: MultipartUploads;
}

/** How one bucket differs from a plain bucket in the emulator's Region owned by its account. */
export interface BucketSettings {
  /** The bucket's Region; a request signed for another Region gets S3's 301 with `x-amz-bucket-region`. */
  region?: string;
  /** The owning account; a request whose `x-amz-expected-bucket-owner` differs gets 403 AccessDenied. */
  owner?: string;
  /**
   * The bucket's default encryption key (GetBucketEncryption answers aws:kms with it), and a bucket policy that denies
   * a PutObject without `x-amz-server-side-encryption: aws:kms`, as teams that mandate SSE-KMS write it.
   */
  kmsKeyId?: string;
}

/** The Region of a SigV4 credential scope (`Credential=AKID/20260101/us-east-1/s3/aws4_request`). */
function signingRegion(req: IncomingMessage): string | undefined {
  return /Credential=[^/,\s]+\/\d{8}\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1];
}

/**
 * The checks S3 makes before any operation: the bucket's Region (SDK v3 does not follow the redirect), the expected
 * owner, and a KMS-only bucket policy on writes.
 */
function checkBucketRules(ctx: S3Context, method: string, bucket: string, key: string | undefined, req: IncomingMessage, url: URL): void {
  const settings = Object.hasOwn(ctx.buckets, bucket) ? ctx.buckets[bucket]! : {};
  const region = settings.region ?? ctx.region;
  const signed = signingRegion(req);
  if (signed !== undefined && signed !== region) {
    throw new S3HttpError({
      status: 301, code: 'PermanentRedirect',
      message: 'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
      extra: { Bucket: bucket, Endpoint: `s3.${region}.amazonaws.com` },
      headers: { 'x-amz-bucket-region': region },
    });
  }
  const expected = req.headers['x-amz-expected-bucket-owner'];
  if (typeof expected === 'string' && expected !== (settings.owner ?? ctx.accountId)) throw new S3HttpError({ status: 403, code: 'AccessDenied', message: 'Access Denied' });
  // The SSE headers travel on PutObject and CreateMultipartUpload (POST ?uploads), not on each part.
  const write = (method === 'PUT' && !url.searchParams.has('uploadId')) || (method === 'POST' && url.searchParams.has('uploads'));
  if (settings.kmsKeyId !== undefined && write && key !== undefined && req.headers['x-amz-server-side-encryption'] !== 'aws:kms') {
    throw new S3HttpError({ status: 403, code: 'AccessDenied', message: `User is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::${bucket}/${key}" with an explicit deny in a resource-based policy` });
  }
}

const META_PREFIX = 'x-amz-meta-';
/** S3 returns at most 1,000 keys per ListObjectsV2 page, whatever max-keys asks for. */
const MAX_LIST_KEYS = 1000;


/** Handles one S3 request; never throws (errors become S3 XML error responses). */
export async function handleS3(ctx: S3Context, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = req.method ?? 'GET';
  try {
    const { bucket, key } = splitPath(url.pathname);
    if (!bucket) throw new S3HttpError({ status: 501, code: 'NotImplemented', message: 'ListBuckets is not supported by the emulator' });
    const nameProblem = bucketNameProblem(bucket);
    if (nameProblem) throw new S3HttpError({ status: 400, code: 'InvalidBucketName', message: `The specified bucket is not valid: ${nameProblem}`, extra: { BucketName: bucket } });
    checkBucketRules(ctx, method, bucket, key, req, url);
    if (key === undefined) await bucketOp(ctx, method, bucket, url, res);
    else if (url.searchParams.has('uploads') || url.searchParams.has('uploadId')) await multipartOp(ctx, method, bucket, key, url, req, res);
    else await objectOp(ctx, method, bucket, key, req, res);
  } catch (error) {
    if (error instanceof S3HttpError) sendS3Error(res, error.error, method);
    else sendS3Error(res, { status: 500, code: 'InternalError', message: (error as Error).message }, method);
  }
}

/**
 * S3's general purpose bucket naming rules: 3–63 characters of lowercase letters, digits, dots and hyphens, starting
 * and ending with a letter or digit, no two adjacent dots, not an IP address. AWS answers InvalidBucketName; beval's
 * config check should catch the same names before a run, so the emulator must not accept them either.
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'a bucket name has 3 to 63 characters';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return 'a bucket name uses lowercase letters, digits, dots and hyphens, and starts and ends with a letter or digit';
  if (name.includes('..')) return 'a bucket name has no two adjacent dots';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'a bucket name is not an IP address';
  return undefined;
}

function splitPath(pathname: string): { bucket: string; key?: string } {
  const rest = pathname.replace(/^\//, '');
  const slash = rest.indexOf('/');
  try {
    if (slash < 0) return { bucket: decodeURIComponent(rest) };
    const key = decodeURIComponent(rest.slice(slash + 1));
    return { bucket: decodeURIComponent(rest.slice(0, slash)), ...(key === '' ? {} : { key }) };
  } catch {
    throw badRequest('InvalidURI', 'Could not decode the request path');
  }
}

async function bucketOp(ctx: S3Context, method: string, bucket: string, url: URL, res: ServerResponse): Promise<void> {
  const { store } = ctx;
  if (method === 'PUT') {
    store.createBucket(bucket);
    res.writeHead(200, { Location: `/${bucket}`, 'x-amz-request-id': newRequestId(), 'Content-Length': '0' });
    res.end();
    return;
  }
  if (method === 'HEAD') {
    if (!store.hasBucket(bucket)) throw new S3HttpError(noSuchBucket(bucket));
    res.writeHead(200, { 'x-amz-request-id': newRequestId(), 'x-amz-bucket-region': (Object.hasOwn(ctx.buckets, bucket) ? ctx.buckets[bucket]!.region : undefined) ?? ctx.region });
    res.end();
    return;
  }
  if (method === 'DELETE') {
    const result = store.deleteBucket(bucket);
    if (result === 'missing') throw new S3HttpError(noSuchBucket(bucket));
    if (result === 'not-empty') throw new S3HttpError({ status: 409, code: 'BucketNotEmpty', message: 'The bucket you tried to delete is not empty', extra: { BucketName: bucket } });
    res.writeHead(204, { 'x-amz-request-id': newRequestId() });
    res.end();
    return;
  }
  if (method === 'GET' && url.searchParams.get('list-type') === '2') {
    listObjectsV2(store, bucket, url, res);
    return;
  }
  if (method === 'GET' && url.searchParams.has('encryption')) {
    if (!store.hasBucket(bucket)) throw new S3HttpError(noSuchBucket(bucket));
    // Every S3 bucket has default encryption (SSE-S3 since January 2023); a KMS bucket names its key.
    const kms = Object.hasOwn(ctx.buckets, bucket) ? ctx.buckets[bucket]!.kmsKeyId : undefined;
    const rule = kms ? `<SSEAlgorithm>aws:kms</SSEAlgorithm><KMSMasterKeyID>${xmlEscape(kms)}</KMSMasterKeyID>` : '<SSEAlgorithm>AES256</SSEAlgorithm>';
    sendXml(res, `<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault>${rule}</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>${kms ? 'true' : 'false'}</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>`);
    return;
  }
  throw new S3HttpError({ status: 501, code: 'NotImplemented', message: `${method} ${redactedSearch(url) || 'on a bucket'} is not supported by the emulator` });
}

function listObjectsV2(store: ObjectStore, bucket: string, url: URL, res: ServerResponse): void {
  const all = store.sortedKeys(bucket);
  if (!all) throw new S3HttpError(noSuchBucket(bucket));
  const q = url.searchParams;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') || undefined;
  const maxKeysRaw = q.get('max-keys');
  const requested = maxKeysRaw === null ? MAX_LIST_KEYS : Number(maxKeysRaw);
  if (!Number.isInteger(requested) || requested < 0) throw badRequest('InvalidArgument', 'max-keys must be a non-negative integer');
  const maxKeys = Math.min(requested, MAX_LIST_KEYS);
  const token = q.get('continuation-token') ?? undefined;
  const startAfter = q.get('start-after') ?? undefined;
  let marker = startAfter ?? '';
  if (token !== undefined) {
    const decoded = Buffer.from(token, 'base64url').toString('utf8');
    if (!decoded.startsWith('k:')) throw badRequest('InvalidArgument', 'The continuation token provided is incorrect');
    marker = decoded.slice(2);
  }
  const contents: StoredObject[] = [];
  const commonPrefixes: string[] = [];
  let lastKey: string | undefined;
  let truncated = false;
  const markerBytes = Buffer.from(marker);
  for (const object of all) {
    if (!object.key.startsWith(prefix) || Buffer.compare(Buffer.from(object.key), markerBytes) <= 0) continue;
    const rest = object.key.slice(prefix.length);
    const cut = delimiter ? rest.indexOf(delimiter) : -1;
    const rolled = delimiter && cut >= 0 ? prefix + rest.slice(0, cut + delimiter.length) : undefined;
    // Keys that roll up into the prefix just emitted cost nothing; they are skipped past, not counted.
    if (rolled !== undefined && rolled === commonPrefixes.at(-1)) {
      lastKey = object.key;
      continue;
    }
    if (contents.length + commonPrefixes.length >= maxKeys) {
      truncated = true;
      break;
    }
    if (rolled !== undefined) commonPrefixes.push(rolled);
    else contents.push(object);
    lastKey = object.key;
  }
  sendXml(res, listV2Xml({
    // The request's max-keys is echoed; the page itself holds at most 1,000 entries.
    bucket, prefix, delimiter, maxKeys: requested, startAfter, continuationToken: token, contents, commonPrefixes,
    nextContinuationToken: truncated && lastKey !== undefined ? Buffer.from(`k:${lastKey}`).toString('base64url') : undefined,
    encodeUrl: q.get('encoding-type') === 'url',
  }));
}

async function multipartOp(ctx: S3Context, method: string, bucket: string, key: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { store, uploads } = ctx;
  if (method === 'POST' && url.searchParams.has('uploads')) {
    if (!store.writable(bucket)) throw new S3HttpError(noSuchBucket(bucket));
    const id = uploads.create(bucket, key, typeof req.headers['content-type'] === 'string' ? req.headers['content-type'] : undefined, userMetadata(req));
    sendXml(res, initiateXml(bucket, key, id));
    return;
  }
  const id = url.searchParams.get('uploadId') ?? '';
  if (!uploads.get(id, bucket, key)) throw new S3HttpError({ status: 404, code: 'NoSuchUpload', message: 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', extra: { UploadId: id } });
  if (method === 'PUT') {
    const n = Number(url.searchParams.get('partNumber'));
    if (!Number.isInteger(n) || n < 1 || n > 10_000) throw badRequest('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive');
    const target = uploads.partTarget(id, n);
    const part = await putObject(store, target.bucket, target.key, req, ctx.maxUploadBytes);
    uploads.addPart(id, n, part);
    res.writeHead(200, { ETag: part.etag, 'x-amz-request-id': newRequestId(), 'Content-Length': '0' });
    res.end();
    return;
  }
  if (method === 'POST') {
    const body = (await readBody(req, 10 * 1024 * 1024)).toString('utf8');
    const done = await uploads.complete(id, listedParts(body));
    if (typeof done === 'string') throw badRequest(done, done === 'InvalidPart' ? 'One or more of the specified parts could not be found, or the parts are not in ascending order.' : 'The specified upload does not exist.');
    ctx.onPutObject();
    sendXml(res, completeXml(bucket, key, done.etag));
    return;
  }
  if (method === 'DELETE') {
    await uploads.abort(id);
    res.writeHead(204, { 'x-amz-request-id': newRequestId() });
    res.end();
    return;
  }
  throw new S3HttpError({ status: 405, code: 'MethodNotAllowed', message: `${method} is not allowed on a multipart upload` });
}

/** S3 keeps `x-amz-meta-*` headers as the object's user metadata (names lowercased, as Node gives them). */
function userMetadata(req: IncomingMessage): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(META_PREFIX) && name.length > META_PREFIX.length && value !== undefined) metadata[name.slice(META_PREFIX.length)] = String(value);
  }
  return metadata;
}

async function objectOp(ctx: S3Context, method: string, bucket: string, key: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { store } = ctx;
  if (method === 'PUT') {
    const copySource = req.headers['x-amz-copy-source'];
    if (typeof copySource === 'string') {
      await copyObject(ctx, copySource, bucket, key, req, res);
      return;
    }
    ctx.onPutObject();
    if (!store.writable(bucket)) throw new S3HttpError(noSuchBucket(bucket));
    const object = await putObject(store, bucket, key, req, ctx.maxUploadBytes);
    res.writeHead(200, { ETag: object.etag, 'x-amz-request-id': newRequestId(), 'Content-Length': '0' });
    res.end();
    return;
  }
  if (method === 'DELETE') {
    // A missing key is a 204 on S3; a missing bucket is not.
    if (!store.hasBucket(bucket)) throw new S3HttpError(noSuchBucket(bucket));
    await store.delete(bucket, key);
    res.writeHead(204, { 'x-amz-request-id': newRequestId() });
    res.end();
    return;
  }
  if (method !== 'GET' && method !== 'HEAD') throw new S3HttpError({ status: 405, code: 'MethodNotAllowed', message: `${method} is not allowed on an object` });
  if (!store.hasBucket(bucket)) throw new S3HttpError(noSuchBucket(bucket));
  const object = store.head(bucket, key);
  if (!object) throw new S3HttpError(noSuchKey(key));
  const range = parseRange(req.headers.range, object.size);
  const headers: Record<string, string> = {
    'Content-Type': object.contentType,
    ETag: object.etag,
    'Last-Modified': object.lastModified.toUTCString(),
    'Accept-Ranges': 'bytes',
    'x-amz-request-id': newRequestId(),
  };
  for (const [name, value] of Object.entries(object.metadata ?? {})) headers[`${META_PREFIX}${name}`] = value;
  if (range) {
    headers['Content-Range'] = `bytes ${range.start}-${range.end}/${object.size}`;
    headers['Content-Length'] = String(range.end - range.start + 1);
  } else headers['Content-Length'] = String(object.size);
  res.writeHead(range ? 206 : 200, headers);
  if (method === 'HEAD' || object.size === 0) {
    res.end();
    return;
  }
  const stream = store.stream(object, range?.start, range?.end);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

async function putObject(store: ObjectStore, bucket: string, key: string, req: IncomingMessage, maxBytes: number): Promise<StoredObject> {
  const headers = req.headers;
  const tooLarge = () => new S3HttpError({ status: 400, code: 'EntityTooLarge', message: 'Your proposed upload exceeds the maximum allowed object size.', extra: { MaxSizeAllowed: String(maxBytes) } });
  // The declared size (the decoded one for aws-chunked uploads) is refused before a byte is stored; the counter
  // below catches a body that declares none.
  const declared = Number(headers['x-amz-decoded-content-length'] ?? headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const chunked = String(headers['content-encoding'] ?? '').includes('aws-chunked') || String(headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');
  const decoder = chunked ? new AwsChunkedDecoder() : undefined;
  const trailerName = typeof headers['x-amz-trailer'] === 'string' ? headers['x-amz-trailer'].toLowerCase() : undefined;
  const headerName = Object.keys(headers).find((h) => h.startsWith('x-amz-checksum-') && h !== 'x-amz-checksum-type' && h !== 'x-amz-checksum-mode');
  const checksumName = trailerName ?? headerName;
  const verifier = checksumName ? ChecksumVerifier.forHeaderName(checksumName) : undefined;
  const transforms: Transform[] = decoder ? [decoder] : [];
  let received = 0;
  transforms.push(new Transform({
    transform(chunk: Buffer, _enc, cb) {
      received += chunk.length;
      if (received > maxBytes) cb(tooLarge());
      else cb(null, chunk);
    },
  }));
  if (verifier && checksumName) {
    // Verified in flush, before the object is published, so a corrupt upload never replaces the old bytes.
    transforms.push(new Transform({
      transform(chunk: Buffer, _enc, cb) {
        verifier.update(chunk);
        cb(null, chunk);
      },
      flush(cb) {
        const expected = trailerName ? decoder?.trailers[trailerName] : String(headers[checksumName]);
        if (expected === undefined || expected === verifier.digestBase64()) cb();
        else cb(badRequest('BadDigest', `The ${verifier.algorithm.toUpperCase()} you specified did not match the calculated checksum.`));
      },
    }));
  }
  const contentType = typeof headers['content-type'] === 'string' ? headers['content-type'] : undefined;
  // S3 keeps x-amz-meta-* headers as the object's user metadata (names lowercased, as Node gives them) and returns
  // them on GetObject and HeadObject; the harness's upload skip reads Metadata.sha256 back.
  const metadata = Object.create(null) as Record<string, string>; // header names from the client (x-amz-meta-__proto__)
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(META_PREFIX) && name.length > META_PREFIX.length && value !== undefined) metadata[name.slice(META_PREFIX.length)] = String(value);
  }
  let object: StoredObject;
  try {
    object = await store.put(bucket, key, req, { contentType, metadata, transforms });
  } catch (error) {
    if (error instanceof S3HttpError) throw error;
    throw badRequest('IncompleteBody', (error as Error).message);
  }
  return object;
}

function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) {
    throw new S3HttpError({ status: 416, code: 'InvalidRange', message: 'The requested range is not satisfiable', extra: { RangeRequested: header, ActualObjectSize: String(size) } });
  }
  return { start, end };
}
