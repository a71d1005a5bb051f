// Each kind of Converse failure, through the real SDK client and CLI: the error line a batch job would write, how
// often it was sent (the SDK retries only throttling and 5xx, and so do beval's later passes), and how summary.csv and results.json count it.
import fs from 'node:fs';
import { parseCsv } from '../report/helpers/parse-csv.ts';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { ARITH, latestRun, readResults, writeProject } from '../run/helpers.ts';
import { converseBody, fakeRuntime, type FakeAnswer, type FakeRuntime } from './fake-runtime.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const N = 10;
/** suiteLines(N) prompts by record index: `What is ${3 + i} * 2?`. */
const prompt = (i: number) => `What is ${3 + i} * 2?`;
const exception = (status: number, type: string): FakeAnswer => ({ status, body: JSON.stringify({ __type: type, message: `${type} (test)` }) });

/** Record index → the failure it gets; every other record is answered. */
const FAILURES: Record<number, { answer: FakeAnswer; code: number; sends: number }> = {
  1: { answer: exception(400, 'ValidationException'), code: 400, sends: 1 },
  2: { answer: exception(424, 'ModelErrorException'), code: 424, sends: 1 },
  3: { answer: exception(404, 'ResourceNotFoundException'), code: 404, sends: 1 },
  4: { answer: exception(408, 'ModelTimeoutException'), code: 408, sends: 1 },
  // 5xx is retried by the SDK (6 attempts), and the record is sent again in later passes (realtime.maxAttempts, 3)
  // before the last attempt's failure is written as its line.
  5: { answer: exception(503, 'ServiceUnavailableException'), code: 503, sends: 6 * 3 },
  6: { answer: { status: 500, body: '<html>oops</html>' }, code: 500, sends: 6 * 3 },
};

describe('per-record failures', () => {
  let rt: FakeRuntime;
  let dir: string;
  let runDir: string;
  beforeAll(async () => {
    rt = await fakeRuntime((p) => {
      const i = Object.keys(FAILURES).map(Number).find((k) => prompt(k) === p);
      return i === undefined ? { status: 200, body: converseBody('Answer: 1') } : FAILURES[i]!.answer;
    });
    dir = tempDir('rt-errors');
    const config = writeProject(dir, N, { models: [ARITH], mode: 'realtime', target: { kind: 'emulator', endpoint: rt.endpoint } });
    const io = captureIo(dir);
    expect(await main(['run', '--skip-preflight', '--config', config], io), io.out() + io.err()).toBe(0);
    runDir = latestRun(dir).runDir;
    const again = captureIo(dir);
    expect(await main(['run', '--resume', latestRun(dir).id, '--config', config], again), again.out() + again.err()).toBe(0);
  });
  afterAll(async () => {
    await rt.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(Object.entries(FAILURES))('record %s: one error line with the status as errorCode, sent as often as the SDK retries it, never by a resume', (i, f) => {
    const lines = fs.readFileSync(path.join(runDir, 'outputs', 'arith', 'realtime', 'shard-0.jsonl.out'), 'utf8').split('\n').filter(Boolean)
      .map((l) => JSON.parse(l) as { recordId: string; error?: { errorCode: number } });
    const mine = lines.filter((l) => l.recordId === `r000${i}`);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.error?.errorCode).toBe(f.code);
    expect(rt.calls.filter((p) => p === prompt(Number(i)))).toHaveLength(f.sends);
  });

  it('counts them as errors, by code, in results.json and summary.csv', () => {
    const failures = Object.values(FAILURES);
    const pm = readResults(runDir).summary.perModel[0]!;
    expect(pm).toMatchObject({ ok: N - failures.length, errors: failures.length, missing: 0, notRun: 0 });
    expect(pm.errorCodes).toEqual(Object.fromEntries(failures.map((f) => [String(f.code), 1])));
    const [head, row] = parseCsv(fs.readFileSync(path.join(runDir, 'summary.csv'), 'utf8'));
    const col = (name: string) => row![head!.indexOf(name)];
    expect([col('ok'), col('errors'), col('missing'), col('not_run')]).toEqual([String(N - failures.length), String(failures.length), '0', '0']);
  });
});
