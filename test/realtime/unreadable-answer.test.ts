// A Converse call that Bedrock answered (HTTP 2xx) but whose body the SDK could not read was sent and may have been
// billed: it must become an error line, not a "fatal, no line" failure that every resume would pay for again.
import fs from 'node:fs';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { allShards } from '../../src/run/ledger.ts';
import { ARITH, captureIo, latestRun, readResults, tempDir, writeProject } from '../run/helpers.ts';

const N = 12;
/** suiteLines(N) record r0005 asks this. */
const GARBLED_PROMPT = 'What is 8 * 2?';

interface FakeRuntime {
  endpoint: string;
  calls: string[];
  close(): Promise<void>;
}

/** A cleartext HTTP/2 bedrock-runtime that answers every Converse call, but with a torn JSON body for one prompt. */
async function fakeRuntime(): Promise<FakeRuntime> {
  const calls: string[] = [];
  const server = http2.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => { body += d.toString(); });
    req.on('end', () => {
      if (!/\/converse$/.test(req.url)) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not here"}');
        return;
      }
      const prompt = (JSON.parse(body) as { messages: { content: { text: string }[] }[] }).messages[0]!.content[0]!.text;
      calls.push(prompt);
      const answer = JSON.stringify({
        output: { message: { role: 'assistant', content: [{ text: 'Answer: 1' }] } }, stopReason: 'end_turn',
        usage: { inputTokens: 5, outputTokens: 3, totalTokens: 8 }, metrics: { latencyMs: 3 },
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      // Cut mid-object: what a proxy that drops the end of a body, or a body the SDK cannot parse, looks like.
      res.end(prompt === GARBLED_PROMPT ? answer.slice(0, 40) : answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('an answer the SDK cannot read (HTTP 200, torn body)', () => {
  let rt: FakeRuntime;
  let dir: string;
  beforeAll(async () => {
    rt = await fakeRuntime();
    dir = tempDir('rt-unreadable');
  });
  afterAll(async () => {
    await rt.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is written as an error line (502) once and never sent again by a resume', async () => {
    const config = writeProject(dir, N, { models: [ARITH], mode: 'realtime', realtime: { concurrency: 2 }, target: { kind: 'emulator', endpoint: rt.endpoint } });
    const io = captureIo(dir);
    expect(await main(['run', '--config', config], io), io.out() + io.err()).toBe(0);
    const { id, runDir, ledger } = latestRun(dir);
    const lines = fs.readFileSync(path.join(runDir, 'outputs', 'arith', 'realtime', 'shard-0.jsonl.out'), 'utf8').split('\n').filter(Boolean)
      .map((l) => JSON.parse(l) as { recordId: string; error?: { errorCode: number; errorMessage: string } });
    expect(lines).toHaveLength(N);
    const garbled = lines.find((l) => l.recordId === 'r0005')!;
    expect(garbled.error?.errorCode).toBe(502);
    expect(garbled.error?.errorMessage).toMatch(/HTTP 200/);
    expect(allShards(ledger)[0]!.shard).toMatchObject({ status: 'Completed', counts: { total: N, processed: N, success: N - 1, error: 1 } });
    expect(readResults(runDir).summary.perModel[0]).toMatchObject({ ok: N - 1, errors: 1, missing: 0, notRun: 0, errorCodes: { 502: 1 } });

    const again = captureIo(dir);
    expect(await main(['run', '--resume', id, '--config', config], again), again.out() + again.err()).toBe(0);
    // One request per record over both commands: the unreadable answer was not paid for twice.
    expect(rt.calls).toHaveLength(N);
    expect(rt.calls.filter((p) => p === GARBLED_PROMPT)).toHaveLength(1);
  });
});
