// The cost of a rerun of a rerun: attempts 1 (batch), 2 (realtime) and 3 (batch) each answer some records; every
// report (results.json, results.parquet, summary.csv, summary.md, the terminal, --json) says the same cost, each answer
// at the price of the mode of the attempt that answered it. Also: a rerun of a run that reused answers bills none of
// them again, and a model with no known price keeps an unknown cost after a rerun (never a partial sum).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { readLedger } from '../../src/run/ledger.ts';
import { fmtCost } from '../../src/report/html/format.ts';
import type { ModelSummary } from '../../src/types/results.ts';
import { ARITH, FAST_TIMING, latestRun, readResults, writeProject } from '../run/helpers.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { cli, onDemand, parquetRows, PRICE, summaryCsvRows } from './cost-helpers.ts';

const N = 200;

// Each test's emulator, closed after it (a test may replace it midway: closed and started again).
let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe('the cost of a rerun of a rerun', () => {

  it('batch, then realtime, then batch: each answer at its attempt\'s mode, the same total everywhere', async () => {
    // Record errors once (answered by attempt 2, realtime), filtered replies once (answered by attempt 3, batch).
    emu = await startEmulator({ timing: FAST_TIMING, minRecordsPerJob: 5, faults: [{ kind: 'record-errors', fraction: 0.15, times: 1 }, { kind: 'filtered', fraction: 0.1, times: 1 }] });
    const dir = tempDir('rerun-cost-chain');
    const target = { kind: 'emulator', endpoint: emu.endpoint };
    let config = writeProject(dir, N, { models: [{ ...ARITH, pricing: PRICE }], quotas: { minRecordsPerJob: 100 }, target });
    expect((await cli(dir, 'run', '--config', config)).code).toBe(0);
    const { id, runDir } = latestRun(dir);
    const first = readResults(runDir);
    const errored = first.records.filter((r) => r.cells.arith!.status === 'error').length;
    const filtered = first.records.filter((r) => r.cells.arith!.status === 'filtered').length;
    expect(errored).toBeGreaterThan(5);
    expect(filtered).toBeGreaterThan(5);

    const second = await cli(dir, 'rerun', id, '--config', config);
    expect(second.code, second.err).toBe(0);
    config = writeProject(dir, N, { models: [{ ...ARITH, pricing: PRICE }], quotas: { minRecordsPerJob: 5 }, target });
    const third = await cli(dir, 'rerun', id, '--config', config, '--only', 'filtered', '--json');
    expect(third.code, third.err).toBe(0);
    expect(readLedger(runDir).models[0]!.shards.map((s) => [s.attempt ?? 1, s.mode])).toEqual([[1, 'batch'], [2, 'realtime'], [3, 'batch']]);

    const rows = await parquetRows(runDir);
    expect(rows.map((r) => r.status).every((s) => s === 'ok')).toBe(true);
    const byAttempt = [1, 2, 3].map((a) => rows.filter((r) => r.attempt === a));
    // A record that errored first may be filtered by the realtime rerun: attempt 3 answers it.
    expect(byAttempt[0]!.length).toBe(N - errored - filtered);
    expect(byAttempt[1]!.length).toBeGreaterThan(0);
    expect(byAttempt[2]!.length).toBeGreaterThanOrEqual(filtered);
    expect(byAttempt.map((r) => [...new Set(r.map((x) => x.mode))])).toEqual([['batch'], ['realtime'], ['batch']]);
    const full = (r: { input_tokens: number | null; output_tokens: number | null }) => onDemand(r.input_tokens!, r.output_tokens!);
    const batch = [...byAttempt[0]!, ...byAttempt[2]!].reduce((n, r) => n + full(r) * (1 - PRICE.batchDiscount), 0);
    const realtime = byAttempt[1]!.reduce((n, r) => n + full(r), 0);
    for (const r of rows) expect(r.cost_usd!).toBeCloseTo(r.mode === 'batch' ? full(r) * (1 - PRICE.batchDiscount) : full(r), 12);
    const parquetSum = rows.reduce((n, r) => n + r.cost_usd!, 0);

    const { summary } = readResults(runDir);
    const pm = summary.perModel[0]!;
    expect(pm.cost!).toBeCloseTo(batch + realtime, 12);
    expect(parquetSum).toBeCloseTo(pm.cost!, 12);
    const rt = byAttempt[1]!.length;
    expect(pm.billedByMode!.map((b) => [b.mode, b.answers])).toEqual([['batch', N - rt], ['realtime', rt]]);
    expect(Number(summaryCsvRows(runDir)[0]!.cost_usd)).toBeCloseTo(Number(pm.cost!.toPrecision(6)), 12);
    expect(summaryCsvRows(runDir)[0]!.mode).toBe('batch + realtime (rerun)');
    expect(fs.readFileSync(path.join(runDir, 'summary.md'), 'utf8')).toContain(`| ${fmtCost(pm.cost)} (batch + realtime (rerun)) |`);
    const doc = JSON.parse(third.out) as { models: ModelSummary[] };
    expect(doc.models[0]!.cost).toBe(pm.cost);
    expect(doc.models[0]!.billedByMode).toEqual(pm.billedByMode);
    expect(third.err.replace(/\n\s+/g, ' ')).toContain(`arith: cost ${fmtCost(pm.cost)} (batch + realtime (rerun)) = ${fmtCost(batch)} at batch prices (${N - rt} answer(s)) + ${fmtCost(realtime)} at on-demand prices (${rt} answer(s) of reruns)`);
  }, 90_000);
});

describe('the cost of a rerun of a run that reused answers', () => {

  it('reused answers are not billed again; the rerun\'s answers at on-demand; results.parquet sums to cost + reused cost', async () => {
    const dir = tempDir('rerun-cost-reuse');
    const models = [{ ...ARITH, pricing: PRICE }];
    emu = await startEmulator({ timing: FAST_TIMING });
    let config = writeProject(dir, N, { models, target: { kind: 'emulator', endpoint: emu.endpoint } });
    expect((await cli(dir, 'run', '--config', config)).code).toBe(0);
    const source = latestRun(dir).id;
    await emu.close();
    // 150 more records: a batch job for them, some of whose answers fail once.
    emu = await startEmulator({ timing: FAST_TIMING, faults: [{ kind: 'record-errors', fraction: 0.1, times: 1 }] });
    config = writeProject(dir, N + 150, { models, target: { kind: 'emulator', endpoint: emu.endpoint } });
    const reused = await cli(dir, 'run', '--config', config, '--reuse', source);
    expect(reused.code, reused.err).toBe(0);
    const { id, runDir } = latestRun(dir);
    expect(id).not.toBe(source);
    const rerun = await cli(dir, 'rerun', id, '--config', config, '--json');
    expect(rerun.code, rerun.err).toBe(0);
    const modes = readLedger(runDir).models[0]!.shards.map((s) => [s.attempt ?? 1, s.mode, s.reused ? 'reused' : 'sent']);
    expect(modes).toEqual([[1, 'batch', 'reused'], [1, 'batch', 'sent'], [2, 'realtime', 'sent']]);

    const rows = await parquetRows(runDir);
    expect(rows.every((r) => r.status === 'ok')).toBe(true);
    const full = (r: { input_tokens: number | null; output_tokens: number | null }) => onDemand(r.input_tokens!, r.output_tokens!);
    const fresh = new Set(Array.from({ length: 150 }, (_, i) => `r${String(N + i).padStart(4, '0')}`));
    const reusedRows = rows.filter((r) => !fresh.has(r.record_id));
    const freshBatch = rows.filter((r) => fresh.has(r.record_id) && r.attempt === 1);
    const realtime = rows.filter((r) => r.attempt === 2);
    expect(realtime.length).toBeGreaterThan(0);
    expect(realtime.every((r) => fresh.has(r.record_id) && r.mode === 'realtime')).toBe(true);
    const sum = (rs: typeof rows, k: number) => rs.reduce((n, r) => n + full(r) * k, 0);
    const { summary } = readResults(runDir);
    const pm = summary.perModel[0]!;
    expect(pm.cost!).toBeCloseTo(sum(freshBatch, 1 - PRICE.batchDiscount) + sum(realtime, 1), 12);
    expect(pm.reused!.cost!).toBeCloseTo(sum(reusedRows, 1 - PRICE.batchDiscount), 12);
    expect(rows.reduce((n, r) => n + r.cost_usd!, 0)).toBeCloseTo(pm.cost! + pm.reused!.cost!, 12);
    expect(summary.totals.cost!).toBeCloseTo(pm.cost!, 12);
    expect(pm.billedByMode!.map((b) => [b.mode, b.answers])).toEqual([['batch', freshBatch.length], ['realtime', realtime.length]]);
    const doc = JSON.parse(rerun.out) as { models: ModelSummary[] };
    expect(doc.models[0]!.cost).toBe(pm.cost);
  }, 90_000);
});

describe('the cost of a rerun of a model with no known price', () => {

  it('stays unknown in every report, never a partial sum', async () => {
    const dir = tempDir('rerun-cost-noprice');
    const lines: string[] = [];
    for (let i = 0; i < N; i++) lines.push(JSON.stringify({ prompt: `What is ${3 + (i % 17)} * ${2 + Math.floor(i / 17)}?`, output: 'Answer: 1' }));
    fs.writeFileSync(path.join(dir, 'replay.jsonl'), `${lines.join('\n')}\n`);
    emu = await startEmulator({ timing: FAST_TIMING, replay: { 'r.unpriced': path.join(dir, 'replay.jsonl') }, faults: [{ kind: 'record-errors', fraction: 0.1, times: 1 }] });
    const config = writeProject(dir, N, { models: [{ id: 'r.unpriced', label: 'unpriced' }, { ...ARITH, pricing: PRICE }], target: { kind: 'emulator', endpoint: emu.endpoint } });
    expect((await cli(dir, 'run', '--config', config, '--skip-preflight')).code).toBe(0);
    const { id, runDir } = latestRun(dir);
    const rerun = await cli(dir, 'rerun', id, '--config', config, '--yes');
    expect(rerun.code, rerun.err).toBe(0);
    const { summary } = readResults(runDir);
    const pm = summary.perModel[0]!;
    expect(pm.billedByMode?.map((b) => b.mode)).toEqual(['batch', 'realtime']);
    expect(pm.cost).toBeUndefined();
    expect(pm.billedByMode!.every((b) => b.cost === undefined)).toBe(true);
    expect(summary.totals.cost).toBeUndefined();
    expect(summaryCsvRows(runDir)[0]!.cost_usd).toBe('');
    const rows = await parquetRows(runDir);
    expect(rows.filter((r) => r.model_key === 'unpriced').every((r) => r.cost_usd === null)).toBe(true);
  }, 90_000);
});
