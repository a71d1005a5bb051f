// The generation cache across runs: a second run of the example suite with three records changed, with reuse asked
// for, sends exactly three requests per model (the emulator's counters prove it); reused answers keep their usage and
// are reported apart, with their cost outside the new run's.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { ARITH, FAST_TIMING, FLAKY, VERBOSE, latestRun, readResults } from '../run/helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { DuckDBInstance } from '@duckdb/node-api';
import { tempDir } from '../helpers/temp-dir.ts';

const EXAMPLE = path.join(import.meta.dirname, '..', '..', 'suites', 'example.jsonl');
const MODELS = [ARITH, FLAKY, VERBOSE];

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    return (await c.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    c.closeSync();
  }
}

async function cli(dir: string, ...args: string[]) {
  const io = captureIo(dir);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('beval run --reuse', () => {
  let emu: RunningEmulator;
  let dir: string;
  let config: string;
  let firstId: string;
  beforeAll(async () => {
    emu = await startEmulator({ timing: FAST_TIMING });
    dir = tempDir('reuse');
    fs.copyFileSync(EXAMPLE, path.join(dir, 'suite.jsonl'));
    config = path.join(dir, 'eval.config.ts');
    fs.writeFileSync(config, `export default ${JSON.stringify({ suite: 'suite.jsonl', models: MODELS, scorers: ['numeric'], polling: { initialMs: 20, maxMs: 100 }, outDir: 'reports', target: { kind: 'emulator', endpoint: emu.endpoint } })};\n`);
    const first = await cli(dir, 'run', '--config', config);
    expect(first.code, first.err).toBe(0);
    firstId = latestRun(dir).id;
  });
  afterAll(async () => emu?.close());

  it('sends exactly the three changed records per model; the rest are the first run\'s answers, reported apart', async () => {
    const lines = fs.readFileSync(path.join(dir, 'suite.jsonl'), 'utf8').split('\n').filter(Boolean);
    // Three records changed (a new question each); everything else byte-identical.
    for (const i of [2, 50, 100]) lines[i] = lines[i]!.replace(/"text":"([^"]*?)(\d+)/, (_m, pre: string, n: string) => `"text":"${pre}${Number(n) + 1}`);
    fs.writeFileSync(path.join(dir, 'suite.jsonl'), `${lines.join('\n')}\n`);
    const before = { jobs: emu.counters().jobsCreated, calls: { ...emu.counters().converseCalls } };

    const second = await cli(dir, 'run', '--config', config, '--reuse', firstId);
    expect(second.code, second.err).toBe(0);
    expect(second.out).toContain(`Reusing ${129 * 3} answer(s) from ${firstId}: arith 129 reused, 3 to send; flaky 129 reused, 3 to send; verbose 129 reused, 3 to send.`);
    // Three requests per model (realtime: under the batch minimum), and no batch job.
    for (const m of MODELS) expect((emu.counters().converseCalls[m.id] ?? 0) - (before.calls[m.id] ?? 0)).toBe(3);
    expect(emu.counters().jobsCreated).toBe(before.jobs);

    const { id, runDir } = latestRun(dir);
    expect(id).not.toBe(firstId);
    const first = readResults(path.join(dir, 'reports', firstId));
    const now = readResults(runDir);
    for (const [k, m] of MODELS.entries()) {
      const pm = now.summary.perModel[k]!;
      expect(pm.reused).toMatchObject({ records: 129, fromRuns: { [firstId]: 129 } });
      // Manifests cover only the records sent: no reconciliation note compares them with the reused ones.
      expect(pm.notes ?? []).toEqual([]);
      // Reused answers keep their usage; the run's cost is new spend only, the reused cost is shown apart.
      expect(pm.inputTokens).toBeGreaterThan(pm.reused!.inputTokens);
      expect(pm.cost! + pm.reused!.cost!).toBeGreaterThan(pm.cost!);
      expect(pm.cost!).toBeLessThan(first.summary.perModel[k]!.cost! / 10);
      // Unchanged records: the same status and scores as in the first run.
      const same = (r: typeof now.records[number]) => [r.recordId, r.cells[m.label]!.status, r.cells[m.label]!.scores];
      expect(now.records.filter((_r, i) => ![2, 50, 100].includes(i)).map(same)).toEqual(first.records.filter((_r, i) => ![2, 50, 100].includes(i)).map(same));
    }
    // Reused answers keep their own usage and latency (results.parquet, one row per record × model here).
    const usage = async (runDir: string) => query(`select record_id, model_key, status, input_tokens, output_tokens, latency_ms, attempt from read_parquet('${path.join(runDir, 'results.parquet')}') order by record_id, model_key`);
    const changed = new Set(first.records.filter((_r, i) => [2, 50, 100].includes(i)).map((r) => r.recordId));
    const earlier = (await usage(path.join(dir, 'reports', firstId))).filter((r) => !changed.has(String(r.record_id)));
    const reusedRows = (await usage(runDir)).filter((r) => !changed.has(String(r.record_id)));
    expect(reusedRows).toEqual(earlier);
    expect(reusedRows.filter((r) => r.status === 'ok' && (r.input_tokens as number) > 0).length).toBeGreaterThan(300);
    expect(reusedRows.every((r) => r.attempt === 1)).toBe(true);
    expect(second.out).toContain(`arith: 129 answer(s) reused (129 from ${firstId})`);
    expect(fs.readFileSync(path.join(runDir, 'report.html'), 'utf8')).toContain('<h3>Reused answers</h3>');

    // The run's cost is new spend only; what the reused answers cost is said apart.
    expect(now.summary.totals.cost).toBeCloseTo(now.summary.perModel.reduce((n, p) => n + p.cost!, 0), 12);
    expect(now.summary.totals.reusedCost).toBeCloseTo(now.summary.perModel.reduce((n, p) => n + p.reused!.cost!, 0), 12);
    expect(now.summary.totals.reusedCost!).toBeGreaterThan(now.summary.totals.cost! * 10);

    // Reusing the reusing run: nothing is left to send, and each answer still names the run that paid for it.
    const callsBefore = { ...emu.counters().converseCalls };
    const third = await cli(dir, 'run', '--config', config, '--reuse', id);
    expect(third.code, third.err).toBe(0);
    expect(third.out).toContain('Nothing is left to send: every answer is reused.');
    expect(emu.counters().converseCalls).toEqual(callsBefore);
    expect(emu.counters().jobsCreated).toBe(before.jobs);
    const chained = readResults(latestRun(dir).runDir);
    for (const pm of chained.summary.perModel) expect(pm.reused).toMatchObject({ records: 132, fromRuns: { [firstId]: 129, [id]: 3 } });
    expect(chained.summary.totals.cost).toBe(0);
    expect(chained.records.map((r) => r.cells)).toEqual(now.records.map((r) => r.cells));

    // --no-reuse wins over the config's `reuse`: the run asks the models again (a batch job per model).
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('"outDir":', `"reuse":${JSON.stringify(firstId)},"outDir":`));
    const fresh = await cli(dir, 'run', '--config', config, '--no-reuse');
    expect(fresh.code, fresh.err).toBe(0);
    expect(fresh.out).not.toContain('Reusing');
    expect(emu.counters().jobsCreated).toBe(before.jobs + 3);
  });
});
