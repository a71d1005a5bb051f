// Filtered replies (stopReason content_filtered / guardrail_intervened) are their own status: counted beside ok /
// error / missing / not-run in every table, kept but not scored, filterable in the report. Against the emulator's
// `filtered` fault, batch and realtime.
import fs from 'node:fs';
import { parseCsvObjects } from '../report/helpers/parse-csv.ts';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { ARITH, FAST_TIMING, latestRun, readResults, writeProject } from '../run/helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

function csvRows(file: string): Record<string, string>[] {
  return parseCsvObjects(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
}

async function run(records: number, mode: 'batch' | 'realtime', stopReason: 'content_filtered' | 'guardrail_intervened', fraction = 0.2, exit = 0) {
  const dir = tempDir('filtered');
  const config = writeProject(dir, records, {
    models: [ARITH],
    mode,
    target: { kind: 'emulator', timing: FAST_TIMING, faults: [{ kind: 'filtered', fraction, stopReason }] },
  });
  const io = captureIo(dir);
  const code = await main(['run', '--config', config], io);
  expect(code, io.err()).toBe(exit);
  return { dir, out: io.out(), err: io.err(), ...latestRun(dir) };
}

describe('filtered status', () => {
  it.each([['batch', 200, 'content_filtered'], ['realtime', 30, 'guardrail_intervened']] as const)('%s: filtered replies are counted apart, kept and not scored', async (mode, n, stopReason) => {
    const { runDir, out } = await run(n, mode, stopReason);
    const results = readResults(runDir);
    expect(results.schemaVersion).toBe(3);
    const pm = results.summary.perModel[0]!;
    const filtered = results.records.filter((r) => r.cells.arith!.status === 'filtered');
    expect(filtered.length).toBeGreaterThan(0);
    expect(pm.filtered).toBe(filtered.length);
    expect(pm.ok + pm.errors + pm.missing + pm.notRun + pm.filtered!).toBe(n);
    expect(pm.stopReasons[stopReason]).toBe(filtered.length);
    // Unscored like an error, and like an error a failure in the headline (docs/statistics.md: the user got no answer).
    for (const r of filtered) expect(r.cells.arith!.scores).toEqual([null]);
    expect(pm.metrics[0]!.scored).toBe(pm.ok);
    expect(pm.metrics[0]!.unanswered).toBe(filtered.length);
    expect(pm.metrics[0]!.counted).toBe(n);
    expect(pm.metrics[0]!.expected).toBe(n);
    // The manifest and job counts call a filtered reply a success: no reconciliation note about it.
    expect(pm.notes ?? []).toEqual([]);
    // Every table: terminal, summary.csv, records.csv, the HTML report's summary and explorer filter.
    expect(out).toMatch(/MODEL\s+RECORDS\s+OK\s+ERROR\s+MISSING\s+NOT-RUN\s+FILTERED\s+JOBS/);
    expect(out).toMatch(new RegExp(`arith\\s+${n}\\s+${pm.ok}\\s+0\\s+0\\s+0\\s+${filtered.length}\\s`));
    const summary = csvRows(path.join(runDir, 'summary.csv'))[0]!;
    expect(summary.filtered).toBe(String(filtered.length));
    const statuses = fs.readFileSync(path.join(runDir, 'records.csv'), 'utf8').split('\n').filter((l) => l.includes(',"filtered",'));
    expect(statuses).toHaveLength(filtered.length);
    const html = fs.readFileSync(path.join(runDir, 'report.html'), 'utf8');
    expect(html).toContain('<th scope="col">Filtered</th>');
    expect(html).toContain('id="f-filtered"');
  });

  it('a model whose every reply was filtered answered none: exit 1 naming the filter, not a missing output', async () => {
    const { err, runDir } = await run(10, 'realtime', 'content_filtered', 1, 1);
    expect(err).toContain('answered none of its 10 records; 10 of 10 replies were filtered (stopReason content_filtered / guardrail_intervened)');
    expect(readResults(runDir).summary.perModel[0]!.filtered).toBe(10);
  });
});
