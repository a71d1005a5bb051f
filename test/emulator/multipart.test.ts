// S3 multipart upload in the emulator, driven by @aws-sdk/lib-storage's Upload as beval's uploads are: parts stream in,
// the object appears only on Complete, metadata and the bucket rules (SSE-KMS on create, owner) hold.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';

let emu: RunningEmulator | undefined;
let s3: S3Client | undefined;
afterEach(async () => {
  s3?.destroy();
  await emu?.close();
  emu = undefined;
});

const MiB = 1024 * 1024;

async function setup(options: Parameters<typeof startEmulator>[0] = {}) {
  emu = await startEmulator(options);
  s3 = new S3Client({ region: 'us-east-1', endpoint: emu.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  return s3;
}

/** 12 MiB of lines, produced chunk by chunk: more than two 5 MiB parts. */
function bigBody(): { stream: () => Readable; bytes: Buffer } {
  const line = Buffer.from(`${JSON.stringify({ recordId: 'r', modelInput: { messages: [{ role: 'user', content: [{ text: 'x'.repeat(200) }] }] } })}\n`);
  const bytes = Buffer.concat(Array.from({ length: Math.ceil((12 * MiB) / line.length) }, () => line));
  return { bytes, stream: () => Readable.from((function* () { for (let i = 0; i < bytes.length; i += 256 * 1024) yield bytes.subarray(i, i + 256 * 1024); })()) };
}

describe('multipart upload', () => {
  it('assembles the parts in order, keeps the metadata, and lists only the finished object', async () => {
    const c = await setup();
    const { bytes, stream } = bigBody();
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await new Upload({ client: c, params: { Bucket: 'big', Key: 'in/part-0.jsonl', Body: stream(), Metadata: { sha256 } }, partSize: 5 * MiB, queueSize: 2 }).done();
    const head = await c.send(new HeadObjectCommand({ Bucket: 'big', Key: 'in/part-0.jsonl' }));
    expect([head.ContentLength, head.Metadata?.sha256]).toEqual([bytes.length, sha256]);
    const got = Buffer.from(await (await c.send(new GetObjectCommand({ Bucket: 'big', Key: 'in/part-0.jsonl' }))).Body!.transformToByteArray());
    expect(createHash('sha256').update(got).digest('hex')).toBe(sha256);
    const listed = await c.send(new ListObjectsV2Command({ Bucket: 'big' }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['in/part-0.jsonl']);
  }, 60_000);

  it('on a KMS-only bucket: refused at create without SSE-KMS, accepted with it', async () => {
    const c = await setup({ bucketSettings: { enc: { kmsKeyId: 'alias/evals' } } });
    const { stream } = bigBody();
    await expect(new Upload({ client: c, params: { Bucket: 'enc', Key: 'a.jsonl', Body: stream() }, partSize: 5 * MiB }).done()).rejects.toMatchObject({ name: 'AccessDenied' });
    await new Upload({ client: c, params: { Bucket: 'enc', Key: 'a.jsonl', Body: stream(), ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/evals' }, partSize: 5 * MiB }).done();
    expect((await c.send(new HeadObjectCommand({ Bucket: 'enc', Key: 'a.jsonl' }))).ContentLength).toBeGreaterThan(12 * MiB - 1000);
  }, 60_000);
});

describe('beval\'s BlobPort', () => {
  it('streams a local file up, as a multipart upload above one part, with its sha256 as metadata', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { createBlobPort } = await import('../../src/aws/blob-port.ts');
    const { s3Client } = await import('../../src/aws/clients.ts');
    const lines: string[] = [];
    emu = await startEmulator({ log: (l) => lines.push(l) });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-mpu-'));
    const file = path.join(dir, 'part-0.jsonl');
    const { bytes } = bigBody();
    const big = Buffer.concat([bytes, bytes]); // 24 MiB: two 16 MiB parts
    fs.writeFileSync(file, big);
    const sha256 = createHash('sha256').update(big).digest('hex');
    const client = s3Client({ region: 'us-east-1', endpoint: emu.endpoint, local: true });
    try {
      const blobs = createBlobPort(client);
      await blobs.put('s3://beval-local/in/part-0.jsonl', file, sha256);
      expect(await blobs.head('s3://beval-local/in/part-0.jsonl')).toEqual({ size: big.length, sha256 });
      expect(lines.filter((l) => /^PUT \/beval-local\/in\/part-0\.jsonl\?.*partNumber=\d.* -> 200$/.test(l))).toHaveLength(2);
    } finally {
      client.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
