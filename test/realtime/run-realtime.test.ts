// End to end: `beval run` in realtime through the real @aws-sdk/client-bedrock-runtime against a standalone emulator.
import fs from 'node:fs';
import { parseCsv } from '../report/helpers/parse-csv.ts';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { EMULATOR_MODELS, startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { allShards, readLedger } from '../../src/run/ledger.ts';
import { statusTable } from '../../src/cli/commands/status.ts';
import { ARITH, FAST_TIMING, FLAKY, VERBOSE, latestRun, readResults, suiteLines, writeProject } from '../run/helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const N = 40;

interface OutLine { recordId: string; modelInput: unknown; modelOutput?: { metrics?: { latencyMs?: unknown } }; error?: { errorCode: number } }

function outputLines(runDir: string, modelKey: string): OutLine[] {
  const file = path.join(runDir, 'outputs', modelKey, 'realtime', 'shard-0.jsonl.out');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as OutLine) : [];
}

/**
 * N suite lines on which the flaky model fails with each of 400, 424 and 429, but with 429 only once: realtime retries
 * a throttled call with backoff (6 attempts), so every deterministic 429 costs seconds of test time.
 */
function mixedErrorSuite(): string {
  const byCode = new Map<number, number>();
  const kept: string[] = [];
  for (const line of suiteLines(4 * N).split('\n').filter(Boolean)) {
    const prompt = (JSON.parse(line) as { modelInput: { messages: { content: { text: string }[] }[] } }).modelInput.messages[0]!.content[0]!.text;
    const reply = EMULATOR_MODELS[FLAKY.id].respond({ prompt, system: '', maxTokens: 256 });
    const code = reply.ok ? 0 : reply.errorCode;
    if (code === 429 && (byCode.get(429) ?? 0) >= 1) continue;
    byCode.set(code, (byCode.get(code) ?? 0) + 1);
    kept.push(line);
    if (kept.length === N) break;
  }
  if (![400, 424, 429].every((c) => byCode.has(c))) throw new Error(`the generated suite lacks an error kind: ${JSON.stringify([...byCode])}`);
  return `${kept.join('\n')}\n`;
}

function calls(emu: RunningEmulator, modelId: string): number {
  return emu.counters().converseCalls[modelId] ?? 0;
}

describe('auto mode with a suite under the batch minimum', () => {
  let emu: RunningEmulator;
  let dir: string;
  let code: number;
  let io: ReturnType<typeof captureIo>;

  beforeAll(async () => {
    emu = await startEmulator({ timing: FAST_TIMING });
    dir = tempDir('rt-auto');
    const config = writeProject(dir, N, { models: [ARITH, VERBOSE], mode: 'auto', target: { kind: 'emulator', endpoint: emu.endpoint } });
    io = captureIo(dir);
    code = await main(['run', '--config', config], io);
  });
  afterAll(async () => {
    await emu.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs every model in realtime: one Converse call per record, no batch job', () => {
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(calls(emu, ARITH.id)).toBe(N);
    expect(calls(emu, VERBOSE.id)).toBe(N);
    expect(emu.counters().createCalls).toBe(0);
    expect(emu.counters().putObjectCalls).toBe(0);
  });

  it('records realtime shards in the ledger as Completed jobs with counts and their output file', () => {
    const { ledger, runDir } = latestRun(dir);
    for (const { model, shard } of allShards(ledger)) {
      expect(shard).toMatchObject({ mode: 'realtime', status: 'Completed', counts: { total: N, processed: N, success: N, error: 0 } });
      expect(shard.downloaded).toEqual([path.join('outputs', model.key, 'realtime', 'shard-0.jsonl.out')]);
      expect(fs.existsSync(path.join(runDir, shard.downloaded![0]!))).toBe(true);
    }
    expect(ledger.phase).toBe('collected');
  });

  it('writes lines in the batch output shape, echoing the planned input and keeping metrics.latencyMs', () => {
    const { runDir } = latestRun(dir);
    const inputs = fs.readFileSync(path.join(runDir, 'inputs', 'arith', 'shard-0', 'part-0.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { recordId: string; modelInput: unknown });
    const lines = outputLines(runDir, 'arith');
    expect(lines).toHaveLength(N);
    const byId = new Map(lines.map((l) => [l.recordId, l]));
    for (const input of inputs) {
      const line = byId.get(input.recordId)!;
      expect(Object.keys(line).sort()).toEqual(['modelInput', 'modelOutput', 'recordId']);
      expect(line.modelInput).toEqual(input.modelInput);
      expect(typeof line.modelOutput?.metrics?.latencyMs).toBe('number');
    }
  });

  it('reports say realtime per model, price it on demand, and show latency percentiles', () => {
    const { runDir } = latestRun(dir);
    const { summary } = readResults(runDir);
    expect(summary.models.map((m) => m.mode)).toEqual(['realtime', 'realtime']);
    for (const pm of summary.perModel) {
      expect(pm.ok).toBe(N);
      expect(pm.latencyP50).toEqual(expect.any(Number));
      expect(pm.latencyP95).toEqual(expect.any(Number));
    }
    const [head, first] = parseCsv(fs.readFileSync(path.join(runDir, 'summary.csv'), 'utf8'));
    expect(first![head!.indexOf('mode')]).toBe('realtime');
    expect(fs.readFileSync(path.join(runDir, 'report.html'), 'utf8')).toContain('realtime');
  });

  it('`beval status` shows the realtime shards as completed', async () => {
    const statusIo = captureIo(dir);
    expect(await main(['status', '--config', path.join(dir, 'eval.config.ts')], statusIo)).toBe(0);
    expect(statusIo.out()).toMatch(/arith\s+0\s+realtime\s+Completed\s+40\/40/);
    expect(statusIo.out()).toMatch(/collected/);
  });
});

describe('interrupt in the middle, then resume', () => {
  let emu: RunningEmulator;
  let dir: string;
  afterAll(async () => {
    await emu?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends only the records without a line: the emulator sees exactly one request per record', async () => {
    // Each Converse call takes a little while, so the run is still going when we stop it.
    emu = await startEmulator({ timing: FAST_TIMING, faults: [{ kind: 'slow', latencyMs: 15 }] });
    dir = tempDir('rt-resume');
    const config = writeProject(dir, N, { models: [ARITH, VERBOSE], realtime: { concurrency: 2 }, target: { kind: 'emulator', endpoint: emu.endpoint } });
    const stop = new AbortController();
    const watch = setInterval(() => {
      const runs = fs.existsSync(path.join(dir, 'reports')) ? fs.readdirSync(path.join(dir, 'reports')) : [];
      const runDir = runs[0] ? path.join(dir, 'reports', runs[0]) : undefined;
      if (runDir && outputLines(runDir, 'arith').length >= 8) stop.abort();
    }, 2);
    const first = captureIo(dir, { signal: stop.signal });
    const code = await main(['run', '--realtime', '--config', config], first);
    clearInterval(watch);
    expect(code, first.out() + first.err()).toBe(130);
    expect(first.out()).toContain('Stopped sending realtime requests');

    const { id, runDir, ledger } = latestRun(dir);
    const partial = { arith: outputLines(runDir, 'arith').length, verbose: outputLines(runDir, 'verbose').length };
    expect(partial.arith).toBeLessThan(N);
    // Requests in flight at the stop were finished and written: every request sent so far has its line.
    expect(calls(emu, ARITH.id)).toBe(partial.arith);
    expect(calls(emu, VERBOSE.id)).toBe(partial.verbose);
    expect(allShards(ledger).map(({ shard }) => shard.status)).toEqual(['InProgress', 'InProgress']);

    // Nothing runs a realtime shard in the background: collect --no-wait says what waits, and sends nothing.
    const peek = captureIo(dir);
    expect(await main(['collect', id, '--no-wait', '--config', config], peek)).toBe(75);
    // Exactly: what waits, a blank line, the table, and no blank line after it (no batch job to come back for).
    expect(peek.out()).toBe([
      `2 realtime shard(s) with records not sent yet (nothing sends them until \`beval collect ${id} --config ${config}\` without --no-wait, or \`beval run --resume ${id} --config ${config}\`):`,
      '',
      statusTable(readLedger(runDir)),
      '',
    ].join('\n'));
    expect(calls(emu, ARITH.id)).toBe(partial.arith);

    const second = captureIo(dir);
    expect(await main(['run', '--resume', id, '--config', config], second), second.out() + second.err()).toBe(0);
    expect(second.out()).toContain(`${N - partial.arith} of ${N} records to send`);
    expect(calls(emu, ARITH.id)).toBe(N);
    expect(calls(emu, VERBOSE.id)).toBe(N);
    for (const key of ['arith', 'verbose']) {
      const ids = outputLines(runDir, key).map((l) => l.recordId);
      expect(ids).toHaveLength(N);
      expect(new Set(ids).size).toBe(N);
    }
    const { summary } = readResults(runDir);
    expect(summary.perModel.map((m) => [m.ok, m.missing, m.notRun])).toEqual([[N, 0, 0], [N, 0, 0]]);
  });
});

describe('throttling', () => {
  let emu: RunningEmulator;
  let dir: string;
  afterAll(async () => {
    await emu?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is absorbed by the SDK\'s adaptive retry: every record answered, the throttled requests sent again', async () => {
    emu = await startEmulator({ timing: FAST_TIMING, faults: [{ kind: 'throttle', n: 4, op: 'Converse', model: ARITH.id }] });
    dir = tempDir('rt-throttle');
    const config = writeProject(dir, N, { models: [ARITH], mode: 'realtime', target: { kind: 'emulator', endpoint: emu.endpoint } });
    const io = captureIo(dir);
    expect(await main(['run', '--config', config], io), io.out() + io.err()).toBe(0);
    expect(calls(emu, ARITH.id)).toBe(N + 4);
    const { runDir } = latestRun(dir);
    expect(outputLines(runDir, 'arith').filter((l) => l.error)).toEqual([]);
    expect(readResults(runDir).summary.perModel[0]).toMatchObject({ ok: N, errors: 0 });
  });
});

describe('batch and realtime runs of the same suite and models', () => {
  let emu: RunningEmulator;
  let dir: string;
  afterAll(async () => {
    await emu?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('produce identical per-record statuses and scores, error codes, tokens and metric summaries', async () => {
    emu = await startEmulator({ timing: FAST_TIMING, minRecordsPerJob: 1 });
    dir = tempDir('rt-same');
    const config = writeProject(dir, N, {
      models: [ARITH, FLAKY, VERBOSE], scorers: ['numeric', ['contains', { value: 'Answer:' }]],
      // One attempt: the flaky model's deterministic 429 is written at its first failure, as a batch job writes it
      // (later passes would send it again to the same answer; test/recover covers them).
      realtime: { maxAttempts: 1 },
      target: { kind: 'emulator', endpoint: emu.endpoint, minRecordsPerJob: 1 },
    });
    fs.writeFileSync(path.join(dir, 'suite.jsonl'), mixedErrorSuite());
    const batchIo = captureIo(dir);
    expect(await main(['run', '--mode', 'batch', '--config', config], batchIo), batchIo.err()).toBe(0);
    // Run ids sort by second, so take each run's directory from what it printed.
    const runDirOf = (out: string) => path.resolve(dir, /run directory: (\S+)/.exec(out)?.[1] ?? 'none');
    const batch = readResults(runDirOf(batchIo.out()));
    const realtimeIo = captureIo(dir);
    expect(await main(['run', '--realtime', '--config', config], realtimeIo), realtimeIo.err()).toBe(0);
    const realtime = readResults(runDirOf(realtimeIo.out()));

    expect(batch.summary.models.map((m) => m.mode)).toEqual(['batch', 'batch', 'batch']);
    expect(realtime.summary.models.map((m) => m.mode)).toEqual(['realtime', 'realtime', 'realtime']);
    expect(emu.counters().jobsCreated).toBe(3);

    const sorted = (r: typeof batch) => [...r.records].sort((a, b) => a.recordId.localeCompare(b.recordId));
    expect(sorted(realtime)).toEqual(sorted(batch));
    // The flaky model's per-record errors (400, 424, 429) come out the same way in both modes.
    const flaky = (r: typeof batch) => r.summary.perModel.find((m) => m.model.key === 'flaky')!;
    expect(Object.keys(flaky(batch).errorCodes).sort()).toEqual(['400', '424', '429']);
    expect(flaky(realtime).errorCodes).toEqual(flaky(batch).errorCodes);
    for (const [b, r] of batch.summary.perModel.map((m, k) => [m, realtime.summary.perModel[k]!] as const)) {
      expect([r.ok, r.errors, r.inputTokens, r.outputTokens, r.stopReasons]).toEqual([b.ok, b.errors, b.inputTokens, b.outputTokens, b.stopReasons]);
      // Everything but the price: realtime pays on-demand rates, twice the batch price at the default 50% discount.
      const quality = (m: typeof b.metrics) => m.map(({ costPerPass: _, ...rest }) => rest);
      expect(quality(r.metrics)).toEqual(quality(b.metrics));
      expect(r.cost).toBeCloseTo(2 * b.cost!, 12);
    }
    expect(realtime.summary.comparisons).toEqual(batch.summary.comparisons);
  });
});
