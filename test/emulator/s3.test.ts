// S3 through the real @aws-sdk/client-s3 (default checksums on): put (string + stream), get, range, head, list, delete, errors.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, NoSuchKey, NotFound,
  PutObjectCommand, paginateListObjectsV2, ListObjectsV2Command, S3ServiceException,
} from '@aws-sdk/client-s3';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { clients, type Clients } from './helpers.ts';

let emu: RunningEmulator;
let c: Clients;

beforeAll(async () => {
  emu = await startEmulator();
  c = clients(emu);
});
afterAll(() => emu.close());

describe('emulator S3', () => {
  it('puts a string body and reads it back with ETag and length', async () => {
    const body = 'héllo wörld 日本語 🎉\n';
    const put = await c.s3.send(new PutObjectCommand({ Bucket: 'bkt1', Key: 'dir/a.txt', Body: body }));
    expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    const head = await c.s3.send(new HeadObjectCommand({ Bucket: 'bkt1', Key: 'dir/a.txt' }));
    expect(head.ContentLength).toBe(Buffer.byteLength(body));
    expect(head.ETag).toBe(put.ETag);
    expect(head.LastModified).toBeInstanceOf(Date);
    const got = await c.s3.send(new GetObjectCommand({ Bucket: 'bkt1', Key: 'dir/a.txt' }));
    expect(await got.Body?.transformToString('utf8')).toBe(body);
  });

  it('decodes an aws-chunked stream body sent with the SDK default trailing checksum', async () => {
    const parts = Array.from({ length: 200 }, (_, i) => `line ${i} ${'x'.repeat(1000)}\n`);
    const expected = parts.join('');
    await c.s3.send(new PutObjectCommand({ Bucket: 'bkt1', Key: 'stream.jsonl', Body: Readable.from(parts.map((p) => Buffer.from(p))), ContentLength: Buffer.byteLength(expected) }));
    const got = await c.s3.send(new GetObjectCommand({ Bucket: 'bkt1', Key: 'stream.jsonl' }));
    expect(await got.Body?.transformToString('utf8')).toBe(expected);
    expect(emu.counters().putObjectCalls).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['a plain body with a wrong checksum header', 'abc', { 'x-amz-checksum-crc32': 'AAAAAA==' }],
    ['an aws-chunked body with a wrong trailing checksum', '3\r\nabc\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n',
      { 'content-encoding': 'aws-chunked', 'x-amz-trailer': 'x-amz-checksum-crc32', 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' }],
  ])('rejects %s with BadDigest and stores nothing', async (_name, body, headers) => {
    const res = await fetch(`${emu.endpoint}/bkt1/bad.txt`, { method: 'PUT', body, headers });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<Code>BadDigest</Code>');
    await expect(c.s3.send(new HeadObjectCommand({ Bucket: 'bkt1', Key: 'bad.txt' }))).rejects.toBeInstanceOf(NotFound);
  });

  it.each([
    ['bytes=0-4', 'abcde'],
    ['bytes=5-', 'fghij'],
    ['bytes=-3', 'hij'],
  ])('serves Range %s', async (range, want) => {
    await c.s3.send(new PutObjectCommand({ Bucket: 'bkt1', Key: 'range.txt', Body: 'abcdefghij' }));
    const got = await c.s3.send(new GetObjectCommand({ Bucket: 'bkt1', Key: 'range.txt', Range: range }));
    expect(await got.Body?.transformToString()).toBe(want);
    expect(got.ContentRange).toMatch(/^bytes \d+-\d+\/10$/);
  });

  it('answers NoSuchKey for a missing object and NotFound for HEAD', async () => {
    await expect(c.s3.send(new GetObjectCommand({ Bucket: 'bkt1', Key: 'nope' }))).rejects.toBeInstanceOf(NoSuchKey);
    await expect(c.s3.send(new HeadObjectCommand({ Bucket: 'bkt1', Key: 'nope' }))).rejects.toBeInstanceOf(NotFound);
    const err = await c.s3.send(new GetObjectCommand({ Bucket: 'no-such-bucket', Key: 'k' })).catch((e: unknown) => e);
    expect((err as S3ServiceException).name).toBe('NoSuchBucket');
  });

  it('creates and heads buckets', async () => {
    await c.s3.send(new CreateBucketCommand({ Bucket: 'made' }));
    await expect(c.s3.send(new HeadBucketCommand({ Bucket: 'made' }))).resolves.toBeDefined();
    await expect(c.s3.send(new HeadBucketCommand({ Bucket: 'absent' }))).rejects.toBeInstanceOf(NotFound);
  });

  it('paginates ListObjectsV2 with prefix, delimiter and start-after', async () => {
    const keys = Array.from({ length: 25 }, (_, i) => `list/k${String(i).padStart(2, '0')}`);
    for (const key of keys) await c.s3.send(new PutObjectCommand({ Bucket: 'bkt2', Key: key, Body: key }));
    for (const key of ['list/sub1/a', 'list/sub1/b', 'list/sub2/a', 'other/x']) await c.s3.send(new PutObjectCommand({ Bucket: 'bkt2', Key: key, Body: 'x' }));

    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateListObjectsV2({ client: c.s3, pageSize: 7 }, { Bucket: 'bkt2', Prefix: 'list/' })) {
      pages++;
      seen.push(...(page.Contents ?? []).map((o) => o.Key ?? ''));
    }
    expect(pages).toBe(4);
    expect(seen).toEqual([...keys, 'list/sub1/a', 'list/sub1/b', 'list/sub2/a']);

    const delimited = await c.s3.send(new ListObjectsV2Command({ Bucket: 'bkt2', Prefix: 'list/', Delimiter: '/', StartAfter: 'list/k20' }));
    expect(delimited.Contents?.map((o) => o.Key)).toEqual(['list/k21', 'list/k22', 'list/k23', 'list/k24']);
    expect(delimited.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['list/sub1/', 'list/sub2/']);
    expect(delimited.KeyCount).toBe(6);
    expect(delimited.Contents?.[0]?.Size).toBe(8);
  });

  it('rolls keys under a common prefix into one entry across page boundaries', async () => {
    const pages: Array<{ keys: string[]; prefixes: string[] }> = [];
    for await (const page of paginateListObjectsV2({ client: c.s3, pageSize: 1 }, { Bucket: 'bkt2', Prefix: 'list/sub', Delimiter: '/' })) {
      pages.push({ keys: (page.Contents ?? []).map((o) => o.Key ?? ''), prefixes: (page.CommonPrefixes ?? []).map((p) => p.Prefix ?? '') });
    }
    expect(pages).toEqual([{ keys: [], prefixes: ['list/sub1/'] }, { keys: [], prefixes: ['list/sub2/'] }]);
  });

  it('keeps x-amz-meta-* user metadata and returns it on HeadObject and GetObject', async () => {
    await c.s3.send(new PutObjectCommand({ Bucket: 'bkt1', Key: 'meta.jsonl', Body: 'x', Metadata: { sha256: 'abc', Source: 'beval run' } }));
    const head = await c.s3.send(new HeadObjectCommand({ Bucket: 'bkt1', Key: 'meta.jsonl' }));
    expect(head.Metadata).toEqual({ sha256: 'abc', source: 'beval run' });
    const got = await c.s3.send(new GetObjectCommand({ Bucket: 'bkt1', Key: 'meta.jsonl', Range: 'bytes=0-0' }));
    expect(got.Metadata).toEqual({ sha256: 'abc', source: 'beval run' });
    // A new PutObject replaces the metadata with its own (none here), as S3 does.
    await c.s3.send(new PutObjectCommand({ Bucket: 'bkt1', Key: 'meta.jsonl', Body: 'y' }));
    expect((await c.s3.send(new HeadObjectCommand({ Bucket: 'bkt1', Key: 'meta.jsonl' }))).Metadata).toEqual({});
  });

  it('returns at most 1,000 keys per ListObjectsV2 page whatever max-keys asks, continuing from where it stopped', async () => {
    const keys = Array.from({ length: 1003 }, (_, i) => `k${String(i).padStart(5, '0')}`);
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(keys.slice(i, i + 50).map((Key) => c.s3.send(new PutObjectCommand({ Bucket: 'many', Key, Body: 'x' }))));
    }
    const first = await c.s3.send(new ListObjectsV2Command({ Bucket: 'many', MaxKeys: 5000 }));
    expect(first).toMatchObject({ KeyCount: 1000, IsTruncated: true, MaxKeys: 5000 });
    expect(first.Contents?.at(-1)?.Key).toBe(keys[999]);
    const rest = await c.s3.send(new ListObjectsV2Command({ Bucket: 'many', MaxKeys: 5000, ContinuationToken: first.NextContinuationToken }));
    expect(rest.Contents?.map((o) => o.Key)).toEqual(keys.slice(1000));
    expect(rest.IsTruncated).toBe(false);
    expect(rest.NextContinuationToken).toBeUndefined();
    const byDefault = await c.s3.send(new ListObjectsV2Command({ Bucket: 'many' }));
    expect(byDefault).toMatchObject({ KeyCount: 1000, IsTruncated: true, MaxKeys: 1000 });
  });

  it('deletes objects', async () => {
    await c.s3.send(new PutObjectCommand({ Bucket: 'bkt1', Key: 'gone.txt', Body: 'x' }));
    await c.s3.send(new DeleteObjectCommand({ Bucket: 'bkt1', Key: 'gone.txt' }));
    await expect(c.s3.send(new GetObjectCommand({ Bucket: 'bkt1', Key: 'gone.txt' }))).rejects.toBeInstanceOf(NoSuchKey);
  });
});
