// What a rerun costs, through the real pipeline on the emulator: a batch run whose `beval rerun` went realtime (under
// the batch minimum) bills each counted answer at the price of the mode that answered it, in every report; and the
// estimate `beval rerun` checks the budget against prices the attempt at the mode it will go.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { loadConfig } from '../../src/config/load.ts';
import { loadSuite } from '../../src/suite/load-suite.ts';
import { estimateSubset } from '../../src/pricing/subset-estimate.ts';
import { readLedger } from '../../src/run/ledger.ts';
import { fmtCost } from '../../src/report/html/format.ts';
import { ARITH, FAST_TIMING, VERBOSE, latestRun, readResults, writeProject } from '../run/helpers.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { cli, onDemand, parquetRows, PRICE, summaryCsvRows } from './cost-helpers.ts';

const N = 200;
const MODEL = { ...ARITH, pricing: PRICE };

/** Dollars as the budget message prints them. */
const usd = (v: number): string => `$${v < 0.01 ? v.toFixed(4) : v.toFixed(2)}`;

/** What a command printed, its footnotes' wrapped lines joined back into one. */
const joined = (out: string): string => out.replace(/\n/g, ' ');

const summaryCsvRow = (runDir: string): Record<string, string> => summaryCsvRows(runDir)[0]!;

describe('the cost of a rerun', () => {
  let emu: RunningEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  it('a batch run rerun realtime bills the first attempt\'s answers at the batch price and the rerun\'s at on-demand', async () => {
    emu = await startEmulator({ timing: FAST_TIMING, faults: [{ kind: 'record-errors', fraction: 0.1, times: 1 }] });
    const dir = tempDir('rerun-cost');
    const config = writeProject(dir, N, { models: [MODEL], target: { kind: 'emulator', endpoint: emu.endpoint } });
    expect((await cli(dir, 'run', '--config', config)).code).toBe(0);
    const { id, runDir } = latestRun(dir);
    // The records the first attempt (a batch job) did not answer: the rerun answers them.
    const failed = new Set(readResults(runDir).records.filter((r) => r.cells.arith!.status === 'error').map((r) => r.recordId));
    expect(failed.size).toBeGreaterThan(5);
    expect(readResults(runDir).summary.perModel[0]!.cost).toBeDefined();
    const single = summaryCsvRow(runDir);
    expect(single.mode).toBe('batch');

    const rerun = await cli(dir, 'rerun', id, '--config', config);
    expect(rerun.code, rerun.err).toBe(0);
    expect(rerun.out).toContain(`arith: ${failed.size} record(s) sent again as attempt 2 (realtime, under the batch minimum)`);
    expect(readLedger(runDir).models[0]!.shards.map((s) => [s.attempt ?? 1, s.mode])).toEqual([[1, 'batch'], [2, 'realtime']]);

    // Expected from the tokens the run reports per record: the first attempt's answers at the batch price, the rerun's
    // at on-demand (no batch discount).
    const rows = await parquetRows(runDir);
    expect(rows).toHaveLength(N);
    let expected = 0, allBatch = 0, batchTokens = 0, realtimeTokens = 0;
    for (const r of rows) {
      const full = onDemand(r.input_tokens!, r.output_tokens!);
      expected += failed.has(r.record_id) ? full : full * (1 - PRICE.batchDiscount);
      allBatch += full * (1 - PRICE.batchDiscount);
      if (failed.has(r.record_id)) realtimeTokens += r.input_tokens! + r.output_tokens!;
      else batchTokens += r.input_tokens! + r.output_tokens!;
    }
    expect(batchTokens).toBeGreaterThan(0);
    expect(realtimeTokens).toBeGreaterThan(0);
    // The bug this guards: the rerun's answers billed at the batch price understate the cost.
    expect(expected - allBatch).toBeGreaterThan(1e-6);

    const { summary } = readResults(runDir);
    const pm = summary.perModel[0]!;
    expect(pm.cost!).toBeCloseTo(expected, 12);
    expect(summary.totals.cost!).toBeCloseTo(expected, 12);
    const passed = pm.metrics[0]!.passed!;
    expect(pm.metrics[0]!.costPerPass!).toBeCloseTo(expected / passed, 12);
    // Each results.parquet row says the mode that answered it, its attempt, and its own cost at that mode's price.
    for (const r of rows) {
      const rerunAnswer = failed.has(r.record_id);
      const full = onDemand(r.input_tokens!, r.output_tokens!);
      expect([r.record_id, r.status, r.attempt, r.mode]).toEqual([r.record_id, 'ok', rerunAnswer ? 2 : 1, rerunAnswer ? 'realtime' : 'batch']);
      expect(r.cost_usd!).toBeCloseTo(rerunAnswer ? full : full * (1 - PRICE.batchDiscount), 12);
    }
    // Per mode: which answers, tokens and cost, summing to the model's.
    expect(pm.billedByMode!.map((b) => [b.mode, b.answers])).toEqual([['batch', N - failed.size], ['realtime', failed.size]]);
    expect(pm.billedByMode!.reduce((n, b) => n + b.cost!, 0)).toBeCloseTo(pm.cost!, 12);
    expect(pm.billedByMode!.reduce((n, b) => n + b.inputTokens, 0)).toBe(pm.inputTokens);
    expect(pm.billedByMode!.reduce((n, b) => n + b.outputTokens, 0)).toBe(pm.outputTokens);
    // The run's own mode stays the first attempt's: results.json readers see the same `models[].mode`.
    expect(summary.models[0]!.mode).toBe('batch');

    // Every report that names the model's mode beside its cost says both, the same way.
    const csv = summaryCsvRow(runDir);
    expect(csv.mode).toBe('batch + realtime (rerun)');
    expect(Number(csv.cost_usd)).toBeCloseTo(Number(expected.toPrecision(6)), 12);
    const html = fs.readFileSync(path.join(runDir, 'report.html'), 'utf8');
    expect(html).toContain('<span class="muted">batch + realtime (rerun)</span>');
    const md = fs.readFileSync(path.join(runDir, 'summary.md'), 'utf8');
    expect(md).toContain(`| ${fmtCost(expected)} (batch + realtime (rerun)) |`);
    // report.html says what each mode's answers cost, under the rerun's note.
    const [batch, realtime] = pm.billedByMode!;
    expect(html).toContain(`<li>arith: cost ${fmtCost(pm.cost)} = ${fmtCost(batch!.cost)} at batch prices (${N - failed.size} answer(s)) + ${fmtCost(realtime!.cost)} at on-demand prices (${failed.size} answer(s) of reruns)</li>`);
  }, 60_000);

  it('the rerun\'s budget check prices the records at the mode the attempt goes: on-demand when realtime, batch when a job', async () => {
    // The emulator takes batch jobs of 5 records; the config's minimum decides which way the rerun goes.
    emu = await startEmulator({ timing: FAST_TIMING, minRecordsPerJob: 5, faults: [{ kind: 'record-errors', fraction: 0.1, times: 1 }] });
    const dir = tempDir('rerun-budget');
    const target = { kind: 'emulator', endpoint: emu.endpoint };
    let config = writeProject(dir, N, { models: [MODEL], quotas: { minRecordsPerJob: 100 }, target });
    expect((await cli(dir, 'run', '--config', config)).code).toBe(0);
    const { id, runDir } = latestRun(dir);
    const records = readResults(runDir).records;
    const failed = records.flatMap((r, i) => (r.cells.arith!.status === 'error' ? [i] : []));
    expect(failed.length).toBeGreaterThanOrEqual(5);
    expect(failed.length).toBeLessThan(100);

    // A budget between what those records may cost at batch prices and at on-demand prices.
    const resolved = await loadConfig(dir, config);
    const estimate = estimateSubset(resolved, loadSuite(path.join(runDir, 'suite.jsonl')), [{ key: 'arith', indices: failed }], []);
    const budget = (estimate.batchMax! + estimate.onDemandMax!) / 2;
    expect(estimate.batchMax!).toBeLessThan(budget);
    expect(estimate.onDemandMax!).toBeGreaterThan(budget);

    // Under the minimum of 100 the rerun goes realtime, at on-demand prices: over the budget, nothing is sent.
    config = writeProject(dir, N, { models: [MODEL], quotas: { minRecordsPerJob: 100 }, budgetUsd: budget, target });
    const refused = await cli(dir, 'rerun', id, '--config', config);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain(`The realtime run may cost up to ${usd(estimate.onDemandMax!)}`);
    // The line under the estimate says which prices, and that they are not the run's.
    expect(joined(refused.out)).toContain(`The records sent again go: arith realtime through the Converse API, at the ON-DEMAND prices, not as batch jobs like the run (${failed.length} record(s), under the batch minimum of 100).`);
    expect(emu.counters().converseCalls[ARITH.id] ?? 0).toBe(0);
    expect(readLedger(runDir).reruns ?? []).toEqual([]);

    // With the minimum at 5 the same records go as a batch job, at batch prices: within the same budget.
    config = writeProject(dir, N, { models: [MODEL], quotas: { minRecordsPerJob: 5 }, budgetUsd: budget, target });
    const sent = await cli(dir, 'rerun', id, '--config', config);
    expect(sent.code, sent.err).toBe(0);
    // Every model goes as the run did: one sentence, in the words of `beval run`'s, naming no model apart.
    expect(joined(sent.out)).toContain('The records sent again go as the run did: every model as batch jobs, at the BATCH prices.');
    expect(sent.out).not.toContain('like the run');
    expect(sent.out).toContain(`arith: ${failed.length} record(s) sent again as attempt 2 (batch job)`);
    expect(emu.counters().converseCalls[ARITH.id] ?? 0).toBe(0);
    // Both attempts batch: one mode for the whole cost, said as before.
    const { summary } = readResults(runDir);
    expect(summary.perModel[0]!.billedByMode).toBeUndefined();
    expect(summaryCsvRow(runDir).mode).toBe('batch');
  }, 60_000);

  it('a rerun whose models go different ways checks the budget at each model\'s own prices, not one price for all', async () => {
    // verbose's job is refused (its 200 records not run: a batch rerun), arith errors on some records (a realtime one).
    emu = await startEmulator({ timing: FAST_TIMING, faults: [{ kind: 'access-denied', n: 1, op: 'CreateModelInvocationJob', model: VERBOSE.id }, { kind: 'record-errors', fraction: 0.1, times: 1 }] });
    const dir = tempDir('rerun-budget-mixed');
    const target = { kind: 'emulator', endpoint: emu.endpoint };
    const models = [MODEL, { ...VERBOSE, pricing: PRICE }];
    let config = writeProject(dir, N, { models, target });
    expect((await cli(dir, 'run', '--config', config, '--skip-preflight')).code).toBe(1);
    const { id, runDir } = latestRun(dir);
    const records = readResults(runDir).records;
    const arith = records.flatMap((r, i) => (r.cells.arith!.status === 'error' ? [i] : []));
    const verbose = records.flatMap((r, i) => (r.cells.verbose!.status === 'not-run' ? [i] : []));
    expect(arith.length).toBeGreaterThan(0);
    expect(arith.length).toBeLessThan(100);
    expect(verbose).toHaveLength(N);

    // The bound as the attempt goes (arith on-demand, verbose batch) lies strictly between all of it at batch prices
    // and all of it on-demand, so a check at either one price alone would decide otherwise at the budgets below.
    const resolved = await loadConfig(dir, config);
    const estimate = estimateSubset(resolved, loadSuite(path.join(runDir, 'suite.jsonl')), [{ key: 'arith', indices: arith }, { key: 'verbose', indices: verbose }], []);
    const [a, v] = estimate.models;
    const asItGoes = a!.onDemandMax! + v!.batchMax!;
    expect(estimate.batchMax!).toBeLessThan(asItGoes);
    expect(asItGoes).toBeLessThan(estimate.onDemandMax!);
    const line = `The records sent again go: arith realtime through the Converse API, at the ON-DEMAND prices, not as batch jobs like the run (${arith.length} record(s), under the batch minimum of 100); verbose as batch jobs, at the BATCH prices, as the run did.`;
    // Under that bound (above all-batch): refused, the bound said at those prices; nothing sent.
    config = writeProject(dir, N, { models, budgetUsd: (estimate.batchMax! + asItGoes) / 2, target });
    const refused = await cli(dir, 'rerun', id, '--config', config);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain(`The batch + realtime run may cost up to ${usd(asItGoes)}`);
    expect(joined(refused.out)).toContain(line);
    expect(emu.counters().jobsCreated).toBe(1);
    expect(emu.counters().converseCalls[ARITH.id] ?? 0).toBe(0);
    expect(readLedger(runDir).reruns ?? []).toEqual([]);
    // A budget of exactly that bound (below all on-demand): accepted, and sent.
    config = writeProject(dir, N, { models, budgetUsd: asItGoes, target });
    const rerun = await cli(dir, 'rerun', id, '--config', config);
    expect(rerun.code, rerun.err).toBe(0);
    expect(joined(rerun.out)).toContain(line);
    expect(rerun.out).toContain(`arith: ${arith.length} record(s) sent again as attempt 2 (realtime, under the batch minimum)`);
    expect(rerun.out).toContain(`verbose: ${N} record(s) sent again as attempt 2 (batch job)`);

    const { summary } = readResults(runDir);
    expect(summary.perModel.map((pm) => pm.billedByMode?.map((b) => b.mode))).toEqual([['batch', 'realtime'], undefined]);
  }, 60_000);
});
