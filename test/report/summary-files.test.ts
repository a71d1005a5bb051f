// summary.csv holds the models only, numbers rounded to what they mean; the judge stage's totals are in judges.csv;
// and a re-score rewrites or removes the files of an earlier scoring its scores would contradict (the gate's,
// judges.csv of judges no longer configured). Through main() against the emulator.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { RunSummary } from '../../src/types/results.ts';
import { arithmeticSuite, tempProject, type TempProject } from '../helpers/project.ts';
import { captureIo } from '../helpers/io.ts';
import { parseCsv, parseCsvObjects } from './helpers/parse-csv.ts';

const MODELS = [{ id: 'beval.arith-v1', label: 'arith' }, { id: 'beval.flaky-v1', label: 'flaky' }, { id: 'beval.verbose-v1', label: 'verbose' }];
const BASE = { models: MODELS, baseline: 'arith', scorers: ['numeric'], target: { kind: 'emulator', timing: { stepMs: 20, recordsPerSecond: 4000 } } };
const JUDGES = [
  { kind: 'rubric', model: 'beval.judge-v1', rubric: 'The final answer is arithmetically correct and clearly stated.' },
  { kind: 'pairwise', model: 'beval.judge-v1' },
];
const GATE = { rules: [{ metric: 'numeric', margin: 0.05 }] };

const decimals = (cell: string) => (cell.split('.')[1] ?? '').length;
/** Significant digits of a plain decimal or exponent cell ("0.000123456" → 6, "1.5e-7" → 2). */
const significant = (cell: string) => cell.replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').length;

describe('summary.csv, judges.csv and stale files', () => {
  let project: TempProject;
  let runId: string;
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  const writeConfig = (config: Record<string, unknown>) => fs.writeFileSync(project.config, `export default ${JSON.stringify({ suite: 'suite.jsonl', ...config })};\n`);

  beforeAll(async () => {
    project = tempProject({ ...BASE, judges: JUDGES, gate: GATE }, arithmeticSuite(132));
    const io = captureIo(project.dir);
    await main(['run', '--gate', '-c', project.config], io);
    runId = /Run (\S+) finished/.exec(io.out())![1]!;
    dir = path.join(project.dir, 'reports', runId);
  }, 120_000);
  afterAll(() => project?.cleanup());

  it('summary.csv has a row per model and no judge row; its floats are rounded to what they mean', () => {
    const text = fs.readFileSync(file('summary.csv'), 'utf8');
    const rows = parseCsvObjects(text);
    expect(rows.map((r) => r.model)).toEqual(['arith', 'flaky', 'verbose']);
    const { summary } = JSON.parse(fs.readFileSync(file('results.json'), 'utf8')) as { summary: RunSummary };
    const header = parseCsv(text)[0]!;
    const rateCols = header.filter((h) => /(^coverage|mean|ci_low|ci_high|truncation_rate)$/.test(h));
    const costCols = header.filter((h) => /usd$/.test(h));
    expect(rateCols.length).toBeGreaterThan(20);
    let long = 0;
    for (const row of rows) {
      for (const c of rateCols) if (row[c]) expect(decimals(row[c]!), `${row.model} ${c} = ${row[c]}`).toBeLessThanOrEqual(6);
      for (const c of costCols) if (row[c]) expect(significant(row[c]!), `${row.model} ${c} = ${row[c]}`).toBeLessThanOrEqual(6);
      // results.json keeps full precision: the CSV is that value rounded.
      const pm = summary.perModel.find((p) => p.model.key === row.model)!;
      const numeric = pm.metrics.find((m) => m.metric === 'numeric')!;
      expect(Number(row['numeric:mean'])).toBe(Math.round(numeric.mean! * 1e6) / 1e6);
      expect(Number(row['numeric:ci_low'])).toBe(Math.round(numeric.ci!.low * 1e6) / 1e6);
      expect(Number(row.cost_usd)).toBe(Number(pm.cost!.toPrecision(6)));
      if (String(numeric.ci!.low).length > 8) long++;
    }
    // The rounding was needed: results.json's own intervals carry more digits.
    expect(long).toBeGreaterThan(0);
  });

  it('judges.csv holds the judge stage\'s tokens, cost and verdict counts, as results.json has them', () => {
    const { summary } = JSON.parse(fs.readFileSync(file('results.json'), 'utf8')) as { summary: RunSummary };
    const j = summary.judge!;
    const rows = parseCsvObjects(fs.readFileSync(file('judges.csv'), 'utf8'));
    expect(rows).toEqual([{
      input_tokens: String(j.inputTokens), output_tokens: String(j.outputTokens), cost_usd: String(Number(j.cost!.toPrecision(6))),
      cached_verdicts: String(j.cachedVerdicts), fresh_verdicts: String(j.freshVerdicts), unscored: String(j.unscored), skipped: String(j.skipped ?? 0),
    }]);
    expect(j.inputTokens).toBeGreaterThan(0);
  });

  it('beval score rewrites the gate\'s files of an earlier scoring from its new scores, and removes them and judges.csv once neither is configured', async () => {
    expect(fs.existsSync(file('gate.json'))).toBe(true);
    // Stand-ins for what an earlier scoring left: a re-score must not leave them beside its new results.
    fs.writeFileSync(file('gate.junit.xml'), '<testsuites><!-- stale --></testsuites>');
    const io = captureIo(project.dir);
    expect(await main(['score', runId, '-c', project.config], io)).toBe(0);
    const { summary } = JSON.parse(fs.readFileSync(file('results.json'), 'utf8')) as { summary: RunSummary };
    const junit = fs.readFileSync(file('gate.junit.xml'), 'utf8');
    expect(junit).not.toContain('stale');
    expect(junit).toContain(`beval gate: run ${runId} against ${summary.gate!.baseline}`);
    expect((junit.match(/<testcase /g) ?? []).length).toBe(summary.gate!.rows.length);
    expect(fs.existsSync(file('judges.csv'))).toBe(true);
    expect(io.out()).toContain(`judges:        ${path.relative(project.dir, file('judges.csv'))}`);
    // Without judges and without a gate: no judges.csv, no gate files.
    writeConfig(BASE);
    const again = captureIo(project.dir);
    expect(await main(['score', runId, '-c', project.config], again)).toBe(0);
    for (const stale of ['gate.json', 'gate.junit.xml', 'judges.csv']) expect(fs.existsSync(file(stale)), stale).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
