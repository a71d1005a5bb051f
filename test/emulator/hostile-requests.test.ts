// The emulator never dies on a malformed request: one `GET //[` used to end the process (standalone: every job on it
// lost; in-process: the `beval run` itself, leaving a stale lock and its temp data). A bounded, seeded fuzz of request
// lines, headers and bodies over loopback, then real SDK calls to show it still serves. Also the 4xx AWS answers
// for bodies and names the emulator used to answer with 500 (which the SDK retries) or accept.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListModelInvocationJobsCommand } from '@aws-sdk/client-bedrock';
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { clients, getText, putText, type Clients } from './helpers.ts';
// The project's seeded generator, so a failing case can be replayed from its seed.
import { mulberry32 as rng } from '../../src/stats/random.ts';

let emu: RunningEmulator;
let c: Clients;
const crashes: unknown[] = [];
const onCrash = (e: unknown) => { crashes.push(e); };

beforeAll(async () => {
  process.on('uncaughtException', onCrash);
  emu = await startEmulator({ maxUploadBytes: 1024 });
  c = clients(emu);
});
afterAll(async () => {
  process.off('uncaughtException', onCrash);
  await emu.close();
});

/** Sends raw bytes on a fresh loopback connection; resolves with what came back (or '' on reset/timeout). */
function raw(port: number, bytes: string | Buffer, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let got = '';
    const done = () => { socket.destroy(); resolve(got); };
    socket.setTimeout(timeoutMs, done);
    socket.on('data', (d) => { got += d.toString('latin1'); });
    socket.on('error', done);
    socket.on('close', done);
    socket.write(bytes, () => socket.end());
  });
}


const METHODS = ['GET', 'POST', 'PUT', 'HEAD', 'DELETE', 'PATCH', 'OPTIONS', 'G\u00e9T', ''];
const TARGETS = [
  '//[', '/[', '//', '/%', '/%zz', '/%E0%A4%A', 'http://[', '*', ':', '/?%', '/..%2f..%2fetc', '/%00', '/model/%ff/converse',
  '/model-invocation-job/%00/stop', '/model-invocation-jobs?maxResults=-1&nextToken=%', '/bucket/key?list-type=2&max-keys=abc',
  '/b/k?partNumber=1&uploadId=%', '/Bad_Bucket/key', `/${'a'.repeat(9000)}`, '/model/x/converse?%=%', '//model-invocation-job', '/bucket',
];
const HEADERS = [
  'Authorization: AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/s3/aws4_request',
  'Authorization: AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/bedrock/aws4_request',
  'Authorization: AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/iam/aws4_request',
  'Authorization: AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/servicequotas/aws4_request',
  'X-Amz-Target: ServiceQuotasV20190624.ListServiceQuotas',
  'Authorization: garbage', 'Content-Length: -1', 'Content-Length: abc', 'Content-Length: 99999999999999999999',
  'Transfer-Encoding: chunked', 'content-encoding: aws-chunked', 'x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  'x-amz-trailer: x-amz-checksum-crc32', 'x-amz-checksum-sha256: ###', 'x-amz-checksum-foo: 1', 'x-amz-checksum-crc64nvme: AAAA',
  'Range: bytes=abc', 'Range: bytes=-', 'Range: bytes=5-1', 'x-amz-meta-\u00ff: 1', 'Host: [', 'Expect: 100-continue', 'Content-Type: \u0000',
];
const BODIES = ['', 'null', '[]', '"x"', '{', '{"modelId":null}', '{"messages":[{"role":"user","content":[null]}]}', '0\r\n\r\n', 'zz\r\nxx\r\n', '\u0000\u0001\u0002'];

describe('malformed requests', () => {
  it('a seeded fuzz of 400 request lines, headers and bodies never ends the process, and it keeps serving', async () => {
    const next = rng(19);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    for (let i = 0; i < 400; i++) {
      const headers = Array.from({ length: Math.floor(next() * 4) }, () => pick(HEADERS));
      const body = pick(BODIES);
      const version = next() < 0.9 ? 'HTTP/1.1' : pick(['HTTP/9.9', 'HTTP/1', '']);
      const request = `${pick(METHODS)} ${pick(TARGETS)} ${version}\r\nHost: 127.0.0.1\r\n${headers.map((h) => `${h}\r\n`).join('')}${body && !headers.some((h) => /length|chunked/i.test(h)) ? `Content-Length: ${Buffer.byteLength(body)}\r\n` : ''}\r\n${body}`;
      await raw(emu.port, Buffer.from(request, 'latin1'), 1000);
    }
    expect(crashes).toEqual([]);
    await putText(c, 's3://fuzz/after.txt', 'still here');
    expect(await getText(c, 's3://fuzz/after.txt')).toBe('still here');
    const list = await c.bedrock.send(new ListModelInvocationJobsCommand({}));
    expect(list.invocationJobSummaries).toBeDefined();
  }, 120_000);

  it('answers `GET //[` with 400 instead of dying', async () => {
    const res = await raw(emu.port, 'GET //[ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(res).toMatch(/^HTTP\/1\.1 400 /);
    expect(crashes).toEqual([]);
  });
});

describe('bodies, names and sizes AWS refuses with a 4xx', () => {
  const post = (path: string, body: string, headers: Record<string, string> = {}) => fetch(`${emu.endpoint}${path}`, { method: 'POST', body, headers });

  it('a null (or non-object) JSON body is a 400 ValidationException, not a 500 the SDK retries', async () => {
    for (const body of ['null', '[]', '"x"', '7']) {
      const res = await post('/model-invocation-job', body);
      expect(res.status, body).toBe(400);
      expect(res.headers.get('x-amzn-errortype')).toMatch(/^ValidationException:/);
    }
  });

  it('a body over 64 MB is refused from its Content-Length with 413, before it is read', async () => {
    const res = await raw(emu.port, `POST /model-invocation-job HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${64 * 1024 * 1024 + 1}\r\n\r\n{}`);
    expect(res).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('Converse refuses a null content block', async () => {
    const res = await post('/model/beval.arith-v1/converse', JSON.stringify({ messages: [{ role: 'user', content: [null] }] }), { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('messages.0.content.0');
    await expect(c.runtime.send(new ConverseCommand({ modelId: 'beval.arith-v1', messages: [{ role: 'user', content: [{ text: 'What is 2 + 2?' }] }] }))).resolves.toBeDefined();
  });

  it.each(['Bad_Bucket', 'ab', 'a'.repeat(64), '-start', 'end-', 'two..dots', '192.168.1.1', 'UPPER'])('refuses the bucket name %s with InvalidBucketName', async (bucket) => {
    await expect(putText(c, `s3://${bucket}/k.txt`, 'x')).rejects.toMatchObject({ name: 'InvalidBucketName', $metadata: { httpStatusCode: 400 } });
  });

  it('caps an upload at the configured size with EntityTooLarge (S3 refuses a single PUT over 5 GB)', async () => {
    await putText(c, 's3://sizes/fits.txt', 'y'.repeat(1024));
    await expect(putText(c, 's3://sizes/big.txt', 'y'.repeat(1025))).rejects.toMatchObject({ name: 'EntityTooLarge', $metadata: { httpStatusCode: 400 } });
    await expect(getText(c, 's3://sizes/big.txt')).rejects.toMatchObject({ name: 'NoSuchKey' });
  });
});
