// A Converse call that Bedrock answered (HTTP 2xx) but whose body the SDK could not read was sent and may have been
// billed: it must become an error line, not a "fatal, no line" failure that every resume would pay for again.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { allShards } from '../../src/run/ledger.ts';
import { ARITH, latestRun, readResults, writeProject } from '../run/helpers.ts';
import { converseBody, fakeRuntime, type FakeRuntime } from './fake-runtime.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const N = 12;
/** suiteLines(N) record r0005 asks this. */
const GARBLED_PROMPT = 'What is 8 * 2?';

describe('an answer the SDK cannot read (HTTP 200, torn body)', () => {
  let rt: FakeRuntime;
  let dir: string;
  beforeAll(async () => {
    // Every answer well formed but one, cut mid-object: what a body the SDK cannot parse looks like.
    rt = await fakeRuntime((prompt) => ({ status: 200, body: prompt === GARBLED_PROMPT ? converseBody('Answer: 1').slice(0, 40) : converseBody('Answer: 1') }));
    dir = tempDir('rt-unreadable');
  });
  afterAll(async () => {
    await rt.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is written as an error line (502) once and never sent again by a resume', async () => {
    const config = writeProject(dir, N, { models: [ARITH], mode: 'realtime', realtime: { concurrency: 2 }, target: { kind: 'emulator', endpoint: rt.endpoint } });
    const io = captureIo(dir);
    expect(await main(['run', '--skip-preflight', '--config', config], io), io.out() + io.err()).toBe(0);
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
