// What the terminal says about the cost of a rerun that went the other way, through the real CLI on the emulator: a
// batch run whose `beval rerun` went realtime prints, after the rerun and after `score` and `collect` of it, both modes
// and what each one's answers cost (the words of report.html and summary.md), and `--json` carries `billedByMode`.
// A run whose answers all came from its own mode prints its cost as before.
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { fmtCost } from '../../src/report/html/format.ts';
import type { ModelSummary } from '../../src/types/results.ts';
import { ARITH, FAST_TIMING, latestRun, readResults, writeProject } from '../run/helpers.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { cli, onDemand, parquetRows, PRICE } from './cost-helpers.ts';

const N = 200;

/** The printed line that starts with `start`, its footnote continuation lines (indented four spaces) joined back. */
function printedLine(out: string, start: string): string | undefined {
  const lines = out.split('\n');
  const i = lines.findIndex((l) => l.startsWith(start));
  if (i < 0) return undefined;
  let line = lines[i]!;
  for (let j = i + 1; j < lines.length && lines[j]!.startsWith('    '); j++) line += ` ${lines[j]!.trim()}`;
  return line;
}

/** The metrics table's row of `model`, split on the table's column gaps (two spaces or more). */
function metricsRow(out: string, model: string): string[] {
  const row = out.split('\n').find((l) => l.startsWith(`numeric  ${model} `));
  expect(row, out).toBeDefined();
  return row!.split(/ {2,}/);
}

describe('the terminal\'s cost of a rerun', () => {
  let emu: RunningEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  it('after a realtime rerun of a batch run, rerun, score and collect print both modes and each one\'s share of the cost', async () => {
    emu = await startEmulator({ timing: FAST_TIMING, faults: [{ kind: 'record-errors', fraction: 0.1, times: 1 }] });
    const dir = tempDir('rerun-cost-terminal');
    const config = writeProject(dir, N, { models: [{ ...ARITH, pricing: PRICE }], target: { kind: 'emulator', endpoint: emu.endpoint } });
    const run = await cli(dir, 'run', '--config', config);
    expect(run.code).toBe(0);
    const { id, runDir } = latestRun(dir);
    // One mode, as before reruns: the cost per pass alone, no line per mode, no mode named.
    const first = readResults(runDir).summary.perModel[0]!;
    expect(first.billedByMode).toBeUndefined();
    expect(metricsRow(run.out, 'arith')[5]).toBe(fmtCost(first.metrics[0]!.costPerPass));
    expect(run.out).not.toMatch(/prices \(|\(rerun\)/);

    // The rerun goes realtime (under the batch minimum); --json: the document on stdout, the person's text on stderr.
    const rerun = await cli(dir, 'rerun', id, '--config', config, '--json');
    expect(rerun.code, rerun.err).toBe(0);
    expect(rerun.err).toContain('(realtime, under the batch minimum)');

    // Expected from the run's own per-record facts: each answer's tokens at the price of the mode that answered it.
    const rows = await parquetRows(runDir);
    expect(rows).toHaveLength(N);
    const batchRows = rows.filter((r) => r.mode === 'batch');
    const realtimeRows = rows.filter((r) => r.mode === 'realtime');
    expect(batchRows.length).toBeGreaterThan(0);
    expect(realtimeRows.length).toBeGreaterThan(0);
    expect(batchRows.length + realtimeRows.length).toBe(N);
    const batchCost = batchRows.reduce((n, r) => n + onDemand(r.input_tokens!, r.output_tokens!) * (1 - PRICE.batchDiscount), 0);
    const realtimeCost = realtimeRows.reduce((n, r) => n + onDemand(r.input_tokens!, r.output_tokens!), 0);
    const passed = rows.filter((r) => r.pass === true).length;
    const costLine = `  arith: cost ${fmtCost(batchCost + realtimeCost)} (batch + realtime (rerun)) = ${fmtCost(batchCost)} at batch prices (${batchRows.length} answer(s)) + ${fmtCost(realtimeCost)} at on-demand prices (${realtimeRows.length} answer(s) of reruns)`;
    const costPerPass = `${fmtCost((batchCost + realtimeCost) / passed)} (batch + realtime (rerun))`;

    const human = { rerun: rerun.err, score: '', collect: '' };
    const score = await cli(dir, 'score', id, '--config', config);
    expect(score.code, score.err).toBe(0);
    human.score = score.out;
    const collect = await cli(dir, 'collect', id, '--config', config);
    expect(collect.code, collect.err).toBe(0);
    human.collect = collect.out;
    for (const [command, out] of Object.entries(human)) {
      // Under the Reruns heading, right after the model's attempts, and wrapped as a footnote (under 100 characters).
      expect(printedLine(out, '  arith: cost '), command).toBe(costLine);
      const lines = out.split('\n');
      const at = lines.findIndex((l) => l.startsWith('  arith: cost '));
      expect(lines[at - 1], command).toMatch(/^ {2}arith: \d+ record\(s\) retried; answers counted from attempt 1: \d+, attempt 2: \d+$/);
      for (let j = at; j < lines.length && (j === at || lines[j]!.startsWith('    ')); j++) expect([...lines[j]!].length, command).toBeLessThan(100);
      // The metrics table's cost per pass names both modes, as summary.md's cost cell does.
      expect(metricsRow(out, 'arith')[5], command).toBe(costPerPass);
    }

    // --json carries the split as results.json has it.
    const doc = JSON.parse(rerun.out) as { models: ModelSummary[] };
    const { summary } = readResults(runDir);
    expect(doc.models[0]!.billedByMode).toEqual(summary.perModel[0]!.billedByMode);
    expect(doc.models[0]!.billedByMode!.map((b) => [b.mode, b.answers])).toEqual([['batch', batchRows.length], ['realtime', realtimeRows.length]]);
    expect(doc.models[0]!.billedByMode![1]!.cost).toBeCloseTo(realtimeCost, 12);
    const scored = await cli(dir, 'score', id, '--config', config, '--json');
    expect((JSON.parse(scored.out) as { models: ModelSummary[] }).models[0]!.billedByMode).toEqual(summary.perModel[0]!.billedByMode);
  }, 60_000);
});
