// The reverse of a batch run rerun realtime, through the real CLI on the emulator: a run under the batch minimum goes
// realtime, its `beval rerun` (with the minimum lowered in between) reaches it and goes as a batch job. The first
// attempt's answers bill on-demand, the rerun's at the batch price, and every report names both modes, the run's own
// first: "realtime + batch (rerun)".
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { readLedger } from '../../src/run/ledger.ts';
import { fmtCost } from '../../src/report/html/format.ts';
import { ARITH, FAST_TIMING, latestRun, readResults, writeProject } from '../run/helpers.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { cli, onDemand, parquetRows, PRICE, summaryCsvRows } from './cost-helpers.ts';

const N = 200;
const MODEL = { ...ARITH, pricing: PRICE };

/** report.html as a reader sees it: tags dropped, entities of these reports' text decoded, spaces collapsed. */
function htmlText(html: string): string {
  return html.replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, ' ');
}

describe('a realtime run rerun as a batch job', () => {
  let emu: RunningEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  it('bills the first attempt\'s answers on-demand and the rerun\'s at the batch price, and says "realtime + batch (rerun)"', async () => {
    // The emulator takes batch jobs of 5 records or more; each record the fault picks fails once, then answers.
    emu = await startEmulator({ timing: FAST_TIMING, minRecordsPerJob: 5, faults: [{ kind: 'record-errors', fraction: 0.1, times: 1 }] });
    const dir = tempDir('rerun-realtime-first');
    const target = { kind: 'emulator', endpoint: emu.endpoint };
    // mode auto: 200 records under a minimum of 250 go realtime.
    let config = writeProject(dir, N, { models: [MODEL], mode: 'auto', quotas: { minRecordsPerJob: 250 }, target });
    const run = await cli(dir, 'run', '--config', config);
    expect(run.code, run.err).toBe(0);
    // (The footnote wraps under 100 characters: its lines joined back.)
    expect(run.out.replace(/\n/g, ' ')).toContain('This run sends every model realtime through the Converse API, at the ON-DEMAND prices (mode auto: 200 records under the batch minimum of 250).');
    const { id, runDir } = latestRun(dir);
    const failed = new Set(readResults(runDir).records.filter((r) => r.cells.arith!.status === 'error').map((r) => r.recordId));
    expect(failed.size).toBeGreaterThanOrEqual(5);
    // One mode so far: said as before reruns.
    expect(readResults(runDir).summary.perModel[0]!.billedByMode).toBeUndefined();
    expect(summaryCsvRows(runDir)[0]!.mode).toBe('realtime');
    const jobsBefore = emu.counters().jobsCreated;
    expect(jobsBefore).toBe(0);

    // The minimum lowered to 5: the failed records reach it, and the run has the emulator's S3 location, so a batch job.
    config = writeProject(dir, N, { models: [MODEL], mode: 'auto', quotas: { minRecordsPerJob: 5 }, target });
    const rerun = await cli(dir, 'rerun', id, '--config', config);
    expect(rerun.code, rerun.err).toBe(0);
    // The line under the estimate says the rerun's prices are not the run's, and why.
    expect(rerun.out.replace(/\n/g, ' ')).toContain(`The records sent again go: arith as batch jobs, at the BATCH prices, not realtime like the run (${failed.size} record(s) reach the batch minimum of 5).`);
    expect(rerun.out).toContain(`arith: ${failed.size} record(s) sent again as attempt 2 (batch job)`);
    expect(emu.counters().jobsCreated).toBe(1);
    expect(readLedger(runDir).models[0]!.shards.map((s) => [s.attempt ?? 1, s.mode])).toEqual([[1, 'realtime'], [2, 'batch']]);

    // Expected from the tokens the run reports per record: the first attempt's answers at on-demand prices, the
    // rerun's at the batch price (on-demand × (1 − batchDiscount)).
    const rows = await parquetRows(runDir);
    expect(rows).toHaveLength(N);
    let realtimeCost = 0, batchCost = 0, realtimeAnswers = 0, batchAnswers = 0, allOnDemand = 0;
    for (const r of rows) {
      expect(r.status).toBe('ok');
      const rerunAnswer = failed.has(r.record_id);
      // Each row says the mode and attempt that answered it, and its own cost at that mode's price.
      expect([r.attempt, r.mode]).toEqual(rerunAnswer ? [2, 'batch'] : [1, 'realtime']);
      const full = onDemand(r.input_tokens!, r.output_tokens!);
      allOnDemand += full;
      if (rerunAnswer) {
        batchCost += full * (1 - PRICE.batchDiscount);
        batchAnswers++;
      } else {
        realtimeCost += full;
        realtimeAnswers++;
      }
      expect(r.cost_usd!).toBeCloseTo(rerunAnswer ? full * (1 - PRICE.batchDiscount) : full, 12);
    }
    const expected = realtimeCost + batchCost;
    // The mistake this guards: the rerun's answers billed at the run's own (on-demand) price overstate the cost.
    expect(allOnDemand - expected).toBeGreaterThan(1e-6);

    const { summary } = readResults(runDir);
    const pm = summary.perModel[0]!;
    expect(summary.models[0]!.mode).toBe('realtime');
    expect(pm.cost!).toBeCloseTo(expected, 12);
    expect(summary.totals.cost!).toBeCloseTo(expected, 12);
    expect(pm.metrics[0]!.costPerPass!).toBeCloseTo(expected / rows.filter((r) => r.pass === true).length, 12);
    // The run's own mode first, then the rerun's.
    expect(pm.billedByMode!.map((b) => [b.mode, b.answers])).toEqual([['realtime', realtimeAnswers], ['batch', batchAnswers]]);
    expect(pm.billedByMode![0]!.cost!).toBeCloseTo(realtimeCost, 12);
    expect(pm.billedByMode![1]!.cost!).toBeCloseTo(batchCost, 12);

    // Every report that names the model's mode beside its cost says both, the run's own first.
    const csv = summaryCsvRows(runDir)[0]!;
    expect(csv.mode).toBe('realtime + batch (rerun)');
    expect(Number(csv.cost_usd)).toBeCloseTo(Number(expected.toPrecision(6)), 12);
    const html = htmlText(fs.readFileSync(path.join(runDir, 'report.html'), 'utf8'));
    expect(html).toContain(`arith beval.arith-v1 realtime + batch (rerun)`);
    expect(html).toContain(`arith: cost ${fmtCost(expected)} = ${fmtCost(realtimeCost)} at on-demand prices (${realtimeAnswers} answer(s)) + ${fmtCost(batchCost)} at batch prices (${batchAnswers} answer(s) of reruns)`);
    const md = fs.readFileSync(path.join(runDir, 'summary.md'), 'utf8');
    expect(md).toContain(`| ${fmtCost(expected)} (realtime + batch (rerun)) |`);
    // And the terminal, in the same words (a footnote wrapped under 100 characters: joined back here).
    expect(rerun.out.replace(/\n {4}/g, ' ')).toContain(`  arith: cost ${fmtCost(expected)} (realtime + batch (rerun)) = ${fmtCost(realtimeCost)} at on-demand prices (${realtimeAnswers} answer(s)) + ${fmtCost(batchCost)} at batch prices (${batchAnswers} answer(s) of reruns)\n`);
  }, 60_000);

  it('a run whose config says mode: \'realtime\' reruns realtime, even with records enough for a batch job', async () => {
    emu = await startEmulator({ timing: FAST_TIMING, minRecordsPerJob: 5, faults: [{ kind: 'record-errors', fraction: 0.1, times: 1 }] });
    const dir = tempDir('rerun-realtime-config');
    const config = writeProject(dir, N, { models: [MODEL], mode: 'realtime', quotas: { minRecordsPerJob: 5 }, target: { kind: 'emulator', endpoint: emu.endpoint } });
    expect((await cli(dir, 'run', '--config', config)).code).toBe(0);
    const { id, runDir } = latestRun(dir);
    const failed = readResults(runDir).records.filter((r) => r.cells.arith!.status === 'error').length;
    // Enough for a batch job under mode auto (the minimum is 5), but the user chose answers now.
    expect(failed).toBeGreaterThanOrEqual(5);
    const rerun = await cli(dir, 'rerun', id, '--config', config);
    expect(rerun.code, rerun.err).toBe(0);
    expect(rerun.out.replace(/\n/g, ' ')).toContain('The records sent again go as the run did: every model realtime through the Converse API, at the ON-DEMAND prices.');
    expect(emu.counters().jobsCreated).toBe(0);
    expect(readLedger(runDir).models[0]!.shards.map((s) => [s.attempt ?? 1, s.mode])).toEqual([[1, 'realtime'], [2, 'realtime']]);
    expect(readResults(runDir).records.every((r) => r.cells.arith!.status === 'ok')).toBe(true);
  }, 60_000);
});
