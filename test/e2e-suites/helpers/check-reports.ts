// Runs a suite through `beval run` against a test-owned emulator, and checks every report file against the oracle.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../../src/emulator/index.ts';
import type { CliIo } from '../../../src/cli/io.ts';
import { parseCsv } from '../../report/helpers/parse-csv.ts';
import {
  commonIds, csvText, expectedScores, headlineValues, mean, modelCells, neutralised, wellFormed, parseSuite, scoredValues, tagMeans,
  type Expected, type OracleMetric, type OracleRecord,
} from './oracle.ts';

export const FAST_TIMING = { stepMs: 20, recordsPerSecond: 4000 } as const;

export interface SuiteRun {
  code: number;
  out: string;
  err: string;
  dir: string;
  runId: string;
  runDir: string;
  emulator: RunningEmulator;
  suite: OracleRecord[];
  suiteText: string;
}

/** Writes suite + config into a temp dir, runs `beval run` against an emulator this test owns, returns the run. */
export async function runSuite(args: {
  suiteText: string;
  config: Record<string, unknown>;
  emulator?: EmulatorOptions;
  files?: Record<string, string>;
}): Promise<SuiteRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-suites-'));
  fs.writeFileSync(path.join(dir, 'suite.jsonl'), args.suiteText);
  for (const [name, text] of Object.entries(args.files ?? {})) fs.writeFileSync(path.join(dir, name), text);
  // Replay recordings are named relative to the project folder.
  const replay = Object.fromEntries(Object.entries(args.emulator?.replay ?? {}).map(([id, file]) => [id, path.join(dir, file)]));
  const emulator = await startEmulator({ timing: FAST_TIMING, ...args.emulator, replay });
  const target = { kind: 'emulator', endpoint: emulator.endpoint, ...(args.config.target as object | undefined) };
  const config = { suite: 'suite.jsonl', polling: { initialMs: 20, maxMs: 100 }, outDir: 'reports', ...args.config, target };
  const file = path.join(dir, 'eval.config.ts');
  fs.writeFileSync(file, `export default ${JSON.stringify(config, null, 2)};\n`);
  let out = '';
  let err = '';
  const io: CliIo = { cwd: dir, stdout: { write: (t: string) => { out += t; return true; } }, stderr: { write: (t: string) => { err += t; return true; } } };
  const code = await main(['run', '--config', file], io);
  const runId = fs.readdirSync(path.join(dir, 'reports')).sort().at(-1)!;
  return { code, out, err, dir, runId, runDir: path.join(dir, 'reports', runId), emulator, suite: parseSuite(args.suiteText), suiteText: args.suiteText };
}

/** Every model's cells from raw outputs, with job states taken from the emulator (the job name is documented). */
export function oracleFor(run: SuiteRun, modelKeys: string[], metrics: OracleMetric[]): Expected {
  const jobs = run.emulator.jobs();
  const cells = new Map(modelKeys.map((key) => [key, modelCells({
    runDir: run.runDir,
    modelKey: key,
    suite: run.suite,
    jobStatus: (shard) => jobs.find((j) => j.jobName === `beval-${run.runId}-${key}-s${shard}`)?.status ?? 'NotCreated',
  })]));
  return expectedScores(run.suite, modelKeys, cells, metrics);
}

export function csvObjects(file: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8').replace(/^\ufeff/, ''));
  for (const r of rows) expect(r.length, `row of ${path.basename(file)} has as many cells as the header`).toBe(header!.length);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

export interface ResultsJson {
  schemaVersion: number;
  summary: {
    models: { key: string }[];
    metrics: { name: string; kind: string }[];
    perModel: { model: { key: string }; ok: number; errors: number; missing: number; notRun: number; metrics: { metric: string; mean: number | null; scored: number; expected: number; passed?: number; common?: { mean: number | null; scored: number }; answered?: { mean: number | null } }[] }[];
    tags: { tag: string; records: number; means: Record<string, Record<string, number | null>> }[];
  };
  records: { recordId: string; tags: string[]; cells: Record<string, { status: string; error?: string; scores: ([number | null, boolean | null] | null)[] }> }[];
}

export function readResults(runDir: string): ResultsJson {
  return JSON.parse(fs.readFileSync(path.join(runDir, 'results.json'), 'utf8')) as ResultsJson;
}

/** summary.csv rounds rates and means to 6 decimals; results.json and scores.csv keep full precision. */
const SUMMARY_CSV = 5e-7 + 1e-12;
const close = (got: string | number | null | undefined, want: number | null, what: string, tolerance = 1e-12) => {
  if (want === null) return expect(got === '' || got === null || got === undefined, `${what}: expected no value, got ${String(got)}`).toBe(true);
  expect(typeof got === 'string' && got === '' ? null : Number(got), what).not.toBeNull();
  expect(Math.abs(Number(got) - want), `${what}: ${String(got)} vs ${want}`).toBeLessThan(tolerance);
};

/** summary.csv and results.json perModel: counts, means, scored, passed, common subset. */
export function checkSummary(run: SuiteRun, e: Expected, models: string[], metrics: OracleMetric[]): void {
  const rows = csvObjects(path.join(run.runDir, 'summary.csv'));
  const results = readResults(run.runDir);
  const all = run.suite.map((r) => r.recordId);
  expect(rows.map((r) => r.model)).toEqual(models);
  expect(results.summary.metrics.map((m) => m.name)).toEqual(metrics.map((m) => m.name));
  for (const m of models) {
    const row = rows.find((r) => r.model === m)!;
    const pm = results.summary.perModel.find((p) => p.model.key === m)!;
    const count = (s: string) => all.filter((id) => e.cells.get(m)!.get(id)!.status === s).length;
    const want = { records: all.length, ok: count('ok'), errors: count('error'), missing: count('missing'), notRun: count('not-run') };
    expect({ records: Number(row.records), ok: Number(row.ok), errors: Number(row.errors), missing: Number(row.missing), notRun: Number(row.not_run) }, `${m} counts in summary.csv`).toEqual(want);
    expect({ records: all.length, ok: pm.ok, errors: pm.errors, missing: pm.missing, notRun: pm.notRun }, `${m} counts in results.json`).toEqual(want);
    close(row.coverage, want.ok / all.length, `${m} coverage`, SUMMARY_CSV);
    const ok = all.filter((id) => e.cells.get(m)!.get(id)!.status === 'ok');
    const tokens = (k: 'inputTokens' | 'outputTokens') => ok.reduce((n, id) => n + e.cells.get(m)!.get(id)![k]!, 0);
    expect(Number(row.input_tokens), `${m} input tokens`).toBe(tokens('inputTokens'));
    expect(Number(row.output_tokens), `${m} output tokens`).toBe(tokens('outputTokens'));
    for (const metric of metrics) {
      const values = scoredValues(e, m, metric.name, all);
      const common = commonIds(e, run.suite, models, metric.name);
      const commonValues = scoredValues(e, m, metric.name, common);
      const scoresAny = models.some((x) => scoredValues(e, x, metric.name, all).length > 0);
      const what = `${m} ${metric.name}`;
      // The headline counts unanswered records as failures (binary); "answered only" is the mean of what was scored.
      const headline = headlineValues(e, models, m, metric, all);
      close(row[neutralised(`${metric.name}:mean`)], mean(headline), `${what} mean (summary.csv)`, SUMMARY_CSV);
      close(row[neutralised(`${metric.name}:answered_mean`)], mean(values), `${what} answered_mean (summary.csv)`, SUMMARY_CSV);
      expect(Number(row[neutralised(`${metric.name}:scored`)]), `${what} scored`).toBe(values.length);
      expect(Number(row[neutralised(`${metric.name}:expected`)]), `${what} expected`).toBe(all.length);
      if (metric.kind === 'binary') expect(Number(row[neutralised(`${metric.name}:passed`)]), `${what} passed`).toBe(values.filter((v) => v === 1).length);
      const pmm = pm.metrics.find((x) => x.metric === metric.name)!;
      close(pmm.mean, mean(headline), `${what} mean (results.json)`);
      close(pmm.answered?.mean ?? null, mean(values), `${what} answered mean (results.json)`);
      expect(pmm.scored, `${what} scored (results.json)`).toBe(values.length);
      // A model that never scores the metric takes no part in its common subset (its own common figures are empty).
      const participates = values.length > 0 || !scoresAny;
      expect(Number(row[neutralised(`${metric.name}:common_scored`)]), `${what} common_scored`).toBe(participates ? commonValues.length : 0);
      close(row[neutralised(`${metric.name}:common_mean`)], participates ? mean(commonValues) : null, `${what} common_mean`, SUMMARY_CSV);
      expect(pmm.common?.scored ?? 0, `${what} common scored (results.json)`).toBe(participates ? commonValues.length : 0);
    }
  }
}

/** records.csv: suite order, tags, expected, per-model status/output/stop reason/error/tokens/scores (neutralised). */
export function checkRecordsCsv(run: SuiteRun, e: Expected, models: string[], metrics: OracleMetric[], opts: { neutralise?: boolean } = {}): Record<string, string>[] {
  const nz = (s: string) => (opts.neutralise === false ? csvText(s) : neutralised(s));
  const rows = csvObjects(path.join(run.runDir, 'records.csv'));
  expect(rows.map((r) => r.record_id)).toEqual(run.suite.map((r) => nz(r.recordId)));
  run.suite.forEach((r, i) => {
    const row = rows[i]!;
    expect(row.tags, `${r.recordId} tags`).toBe(nz(r.tags.join(';')));
    if (r.expected?.length === 1) expect(row.expected, `${r.recordId} expected`).toBe(nz(r.expected[0]!));
    if (!r.expected) expect(row.expected, `${r.recordId} expected`).toBe('');
    const meta = r.raw.meta;
    if (meta !== undefined) expect(JSON.parse(row.meta!.replace(/^'/, '')), `${r.recordId} meta`).toEqual(meta);
    for (const m of models) {
      const cell = e.cells.get(m)!.get(r.recordId)!;
      const what = `${r.recordId} ${m}`;
      expect(row[`${m}:status`], `${what} status`).toBe(cell.status);
      expect(row[`${m}:output`], `${what} output`).toBe(cell.status === 'ok' ? nz(cell.text!) : '');
      expect(row[`${m}:stop_reason`], `${what} stop reason`).toBe(cell.stopReason ?? '');
      expect(row[`${m}:error`], `${what} error`).toBe(cell.status === 'error' ? nz(`${cell.errorCode}: ${cell.errorMessage}`) : '');
      expect(row[`${m}:input_tokens`], `${what} input tokens`).toBe(cell.inputTokens === undefined ? '' : String(cell.inputTokens));
      expect(row[`${m}:output_tokens`], `${what} output tokens`).toBe(cell.outputTokens === undefined ? '' : String(cell.outputTokens));
      for (const metric of metrics) {
        const v = e.scores.get(m)!.get(r.recordId)!.get(metric.name);
        close(row[neutralised(`${m}:${metric.name}`)], typeof v === 'number' ? v : null, `${what} ${metric.name}`);
      }
    }
  });
  return rows;
}

/** scores.csv: one row per (record, model, metric) the metric ran on, record-major in suite order. */
export function checkScoresCsv(run: SuiteRun, e: Expected, models: string[], metrics: OracleMetric[], opts: { neutralise?: boolean } = {}): void {
  const nz = (s: string) => (opts.neutralise === false ? csvText(s) : neutralised(s));
  const rows = csvObjects(path.join(run.runDir, 'scores.csv'));
  const want: { record_id: string; model: string; scorer: string; value: number | null; pass: string }[] = [];
  for (const r of run.suite) {
    for (const m of models) {
      for (const metric of metrics) {
        const v = e.scores.get(m)!.get(r.recordId)!.get(metric.name);
        if (v === undefined) continue;
        want.push({ record_id: nz(r.recordId), model: nz(m), scorer: nz(metric.name), value: v, pass: metric.kind === 'binary' && v !== null ? String(v === 1) : '' });
      }
    }
  }
  expect(rows.map((r) => `${r.record_id}|${r.model}|${r.scorer}`)).toEqual(want.map((w) => `${w.record_id}|${w.model}|${w.scorer}`));
  rows.forEach((row, i) => {
    const w = want[i]!;
    close(row.value, w.value, `scores.csv ${w.record_id} ${w.model} ${w.scorer}`);
    expect(row.pass, `scores.csv ${w.record_id} ${w.model} ${w.scorer} pass`).toBe(w.pass);
  });
}

/** results.json records: ids, tags, statuses, error codes and scores exactly as the oracle has them. */
export function checkResultsRecords(run: SuiteRun, e: Expected, models: string[], metrics: OracleMetric[]): void {
  const { records } = readResults(run.runDir);
  expect(records.map((r) => r.recordId)).toEqual(run.suite.map((r) => r.recordId));
  run.suite.forEach((r, i) => {
    const got = records[i]!;
    expect(got.tags, `${r.recordId} tags`).toEqual(r.tags);
    for (const m of models) {
      const cell = e.cells.get(m)!.get(r.recordId)!;
      const c = got.cells[m]!;
      expect(c.status, `${r.recordId} ${m} status`).toBe(cell.status);
      if (cell.status === 'error') expect(c.error).toBe(cell.errorCode);
      metrics.forEach((metric, k) => {
        const v = e.scores.get(m)!.get(r.recordId)!.get(metric.name);
        const slot = c.scores[k];
        const what = `${r.recordId} ${m} ${metric.name} in results.json`;
        if (v === undefined) expect(slot, what).toBeNull();
        else if (v === null) expect(slot, what).toEqual([null, null]);
        else {
          close(slot?.[0], v, what);
          expect(slot?.[1], what).toBe(metric.kind === 'binary' ? v === 1 : null);
        }
      });
    }
  });
}

const fmt = (v: number | null, kind: string) => (v === null ? '–' : kind === 'binary' ? `${(v * 100).toFixed(1)}%` : v.toFixed(3));
const unescapeHtml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** Per-tag means in results.json (exact) and report.html's tag table (as displayed). */
export function checkTags(run: SuiteRun, e: Expected, models: string[], metrics: OracleMetric[]): void {
  const want = tagMeans(e, run.suite, models, metrics);
  const { summary } = readResults(run.runDir);
  expect(new Set(summary.tags.map((t) => t.tag))).toEqual(new Set(want.keys()));
  for (const t of summary.tags) {
    const w = want.get(t.tag)!;
    expect(t.records, `tag ${t.tag} records`).toBe(w.records);
    for (const m of models) for (const metric of metrics) close(t.means[m]?.[metric.name] ?? null, w.means[m]![metric.name]!, `tag ${t.tag} ${m} ${metric.name}`);
  }
  const html = fs.readFileSync(path.join(run.runDir, 'report.html'), 'utf8');
  const section = /<section id="tags">([\s\S]*?)<\/section>/.exec(html)![1]!;
  const rows = [...section.matchAll(/<tr><th scope="row">([\s\S]*?)<\/th>([\s\S]*?)<\/tr>/g)];
  // report.html is UTF-8: a lone surrogate in a tag shows as U+FFFD there.
  const byShown = new Map([...want].map(([tag, w]) => [wellFormed(tag), w]));
  expect(rows.map((r) => unescapeHtml(r[1]!)).sort()).toEqual([...byShown.keys()].sort());
  for (const r of rows) {
    const tag = unescapeHtml(r[1]!);
    // Each cell's figure is its first text (an interval and the scored count follow in spans).
    const cells = [...r[2]!.matchAll(/<td class="num[^"]*">([^<]*)/g)].map((c) => c[1]!.trim());
    const w = byShown.get(tag)!;
    expect(cells, `report.html tag row ${tag}`).toEqual([String(w.records), ...models.flatMap((m) => metrics.map((x) => fmt(w.means[m]![x.name]!, x.kind)))]);
  }
}
