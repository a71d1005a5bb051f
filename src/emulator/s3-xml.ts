// The S3 REST-XML documents the emulator returns: errors and ListObjectsV2 results.
import type { ServerResponse } from 'node:http';
import { newRequestId } from './http-util.ts';
import type { StoredObject } from './object-store.ts';

export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';

export interface S3Error {
  status: number;
  code: string;
  message: string;
  /** Extra elements such as Key or BucketName. */
  extra?: Record<string, string>;
  /** Extra response headers (a redirect's `x-amz-bucket-region`, which HEAD answers carry without a body). */
  headers?: Record<string, string>;
}

export const noSuchKey = (key: string): S3Error => ({ status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.', extra: { Key: key } });
export const noSuchBucket = (bucket: string): S3Error => ({ status: 404, code: 'NoSuchBucket', message: 'The specified bucket does not exist', extra: { BucketName: bucket } });

/** HEAD responses never carry a body, so the SDK sees only the status (404 → `NotFound`). */
export function sendS3Error(res: ServerResponse, err: S3Error, method: string): void {
  const requestId = newRequestId();
  if (method === 'HEAD') {
    res.writeHead(err.status, { 'x-amz-request-id': requestId, ...err.headers });
    res.end();
    return;
  }
  const extra = Object.entries(err.extra ?? {}).map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`).join('');
  const body = `${XML_HEADER}<Error><Code>${err.code}</Code><Message>${xmlEscape(err.message)}</Message>${extra}<RequestId>${requestId}</RequestId></Error>`;
  res.writeHead(err.status, { 'Content-Type': 'application/xml', 'Content-Length': String(Buffer.byteLength(body)), 'x-amz-request-id': requestId, ...err.headers });
  res.end(body);
}

export function sendXml(res: ServerResponse, body: string): void {
  const text = XML_HEADER + body;
  res.writeHead(200, { 'Content-Type': 'application/xml', 'Content-Length': String(Buffer.byteLength(text)), 'x-amz-request-id': newRequestId() });
  res.end(text);
}

export interface ListV2Page {
  bucket: string;
  prefix: string;
  delimiter?: string;
  maxKeys: number;
  startAfter?: string;
  continuationToken?: string;
  nextContinuationToken?: string;
  contents: StoredObject[];
  commonPrefixes: string[];
  encodeUrl: boolean;
}

export function listV2Xml(page: ListV2Page): string {
  const enc = (s: string): string => xmlEscape(page.encodeUrl ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
  const parts = [
    '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
    `<Name>${xmlEscape(page.bucket)}</Name>`,
    `<Prefix>${enc(page.prefix)}</Prefix>`,
    page.delimiter !== undefined ? `<Delimiter>${enc(page.delimiter)}</Delimiter>` : '',
    `<MaxKeys>${page.maxKeys}</MaxKeys>`,
    `<KeyCount>${page.contents.length + page.commonPrefixes.length}</KeyCount>`,
    `<IsTruncated>${page.nextContinuationToken !== undefined}</IsTruncated>`,
    page.encodeUrl ? '<EncodingType>url</EncodingType>' : '',
    page.startAfter !== undefined ? `<StartAfter>${enc(page.startAfter)}</StartAfter>` : '',
    page.continuationToken !== undefined ? `<ContinuationToken>${xmlEscape(page.continuationToken)}</ContinuationToken>` : '',
    page.nextContinuationToken !== undefined ? `<NextContinuationToken>${xmlEscape(page.nextContinuationToken)}</NextContinuationToken>` : '',
    ...page.contents.map(
      (o) => `<Contents><Key>${enc(o.key)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>${xmlEscape(o.etag)}</ETag><Size>${o.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
    ),
    ...page.commonPrefixes.map((p) => `<CommonPrefixes><Prefix>${enc(p)}</Prefix></CommonPrefixes>`),
    '</ListBucketResult>',
  ];
  return parts.join('');
}
