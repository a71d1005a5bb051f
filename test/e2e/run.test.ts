// End to end: main(['run']) against the in-process emulator through the real AWS SDK clients; every report file checked.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { tempProject, arithmeticSuite, type TempProject } from '../helpers/project.ts';
import { parseCsv } from '../report/helpers/parse-csv.ts';
import { captureIo } from '../helpers/io.ts';

const N = 150;
const MODELS = [
  { id: 'beval.arith-v1', label: 'arith' },
  { id: 'beval.flaky-v1', label: 'flaky' },
  { id: 'beval.verbose-v1', label: 'verbose' },
];

function csvObjects(file: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8').replace(/\n$/, ''));
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

/** Recomputes a model's correct answers straight from its raw .out files, independently of beval's scorer. */
function independentCorrect(runDir: string, modelKey: string, expected: Map<string, string>): { ok: number; correct: number; errors: number } {
  const dir = path.join(runDir, 'outputs', modelKey, 'shard-0');
  let ok = 0, correct = 0, errors = 0;
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl.out'))) {
    for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean)) {
      const rec = JSON.parse(line) as { recordId: string; error?: unknown; modelOutput?: { output: { message: { content: { text?: string | null }[] } } } };
      if (rec.error) { errors++; continue; }
      ok++;
      const text = rec.modelOutput!.output.message.content.map((b) => b.text ?? '').join('');
      const m = /Answer:\s*(-?[\d,]+)/.exec(text);
      if (m && m[1]!.replaceAll(',', '') === expected.get(rec.recordId)) correct++;
    }
  }
  return { ok, correct, errors };
}

/** Records of the verbose model that stopped at max_tokens, counted from its raw output. */
function truncated(runDir: string): number {
  const dir = path.join(runDir, 'outputs', 'verbose', 'shard-0');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl.out'))
    .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean))
    .filter((l) => (JSON.parse(l) as { modelOutput?: { stopReason: string } }).modelOutput?.stopReason === 'max_tokens').length;
}

describe('beval run on the emulator', () => {
  let project: TempProject;
  let io: ReturnType<typeof captureIo>;
  let code: number;
  let runDir: string;

  beforeAll(async () => {
    project = tempProject({ models: MODELS, scorers: ['numeric', ['contains', { value: 'Answer:' }]], baseline: 'arith' },
      arithmeticSuite(N, { maxTokens: (i) => (i % 10 === 0 ? 12 : 200) }));
    io = captureIo(project.dir);
    code = await main(['run', '--config', project.config], io);
    const m = /run directory: (\S+)/.exec(io.out());
    runDir = path.resolve(project.dir, m?.[1] ?? '');
  });
  afterAll(() => project.cleanup());

  it('exits 0 and prints the run directory and the report paths', () => {
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    for (const f of ['summary.csv', 'records.csv', 'report.html']) expect(io.out()).toContain(path.join(path.relative(project.dir, runDir), f));
    expect(io.out()).toMatch(/arith shard 0: Completed 150\/150 records/);
  });

  it('prints each metric per model as summary.csv has it, and each candidate against the baseline', () => {
    const rows = csvObjects(path.join(runDir, 'summary.csv'));
    const { comparisons } = (JSON.parse(fs.readFileSync(path.join(runDir, 'results.json'), 'utf8')) as { summary: { comparisons: { candidate: string; metric: string; verdict: string }[] } }).summary;
    const printed = io.out().split('\n').filter((l) => /^(numeric|contains:Answer:)\s/.test(l));
    expect(printed).toHaveLength(2 * MODELS.length);
    for (const row of rows) {
      const line = printed.find((l) => l.split(/\s+/)[1] === row.model)!;
      const pct = (v: string | undefined): string => `${(Number(v) * 100).toFixed(1)}%`;
      expect(line).toContain(`${pct(row['numeric:mean'])} [${pct(row['numeric:ci_low'])}, ${pct(row['numeric:ci_high'])}]`);
      expect(line).toContain(`${row['numeric:scored']}/${N}`);
      const c = comparisons.find((x) => x.candidate === row.model && x.metric === 'numeric');
      expect(line).toMatch(row.model === 'arith' ? /baseline$/ : new RegExp(` ${c!.verdict} \\(adj\\. p `));
    }
  });

  it('summary.csv has one row per model whose counts add up and match the raw outputs', () => {
    const rows = csvObjects(path.join(runDir, 'summary.csv'));
    expect(rows.map((r) => r.model)).toEqual(['arith', 'flaky', 'verbose']);
    const suite = fs.readFileSync(path.join(project.dir, 'suite.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { recordId: string; expected: string });
    const expected = new Map(suite.map((r) => [r.recordId, r.expected]));
    for (const row of rows) {
      expect(Number(row.ok) + Number(row.errors) + Number(row.missing) + Number(row.not_run)).toBe(N);
      const raw = independentCorrect(runDir, row.model!, expected);
      expect(Number(row.ok)).toBe(raw.ok);
      expect(Number(row.errors)).toBe(raw.errors);
      expect(Number(row['numeric:passed'])).toBe(raw.correct);
      // The headline counts an unanswered record as a failure; "answered only" is over the answered records.
      // summary.csv rounds rates to 6 decimals.
      expect(Number(row['numeric:mean'])).toBeCloseTo(raw.correct / (Number(row['numeric:scored']) + Number(row['numeric:unanswered'])), 6);
      expect(Number(row['numeric:answered_mean'])).toBeCloseTo(raw.correct / Number(row['numeric:scored']), 6);
      expect(Number(row['numeric:ci_low'])).toBeLessThanOrEqual(Number(row['numeric:mean']));
    }
    const [arith, flaky, verbose] = rows;
    expect(Number(verbose!.truncation_rate)).toBeCloseTo(truncated(runDir) / N, 6);
    // Both dollar figures are rounded to 6 significant digits: they agree to that.
    const perPass = Number(arith!.cost_usd) / Number(arith!['numeric:passed']);
    expect(Math.abs(Number(arith!['numeric:cost_per_pass_usd']) - perPass) / perPass).toBeLessThan(1e-5);
    expect(Number(flaky!.errors)).toBeGreaterThan(0); // the flaky model's per-record errors are counted, not scored
    expect(Number(flaky!['numeric:scored'])).toBe(Number(flaky!.ok));
    expect(Number(arith!['numeric:mean'])).toBeLessThan(1); // arith is wrong on some records
  });

  it('records.csv has one row per suite record, in suite order, with a column group per model', () => {
    const rows = csvObjects(path.join(runDir, 'records.csv'));
    expect(rows).toHaveLength(N);
    expect(rows[0]!.record_id).toBe('r0000');
    expect(rows.at(-1)!.record_id).toBe(`r${String(N - 1).padStart(4, '0')}`);
    for (const key of ['arith', 'flaky', 'verbose']) expect(Object.keys(rows[0]!)).toContain(`${key}:output`);
    const truncated = rows.filter((r) => r['verbose:stop_reason'] === 'max_tokens');
    expect(truncated.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r['flaky:status'] === 'error').every((r) => r['flaky:error'] !== '')).toBe(true);
  });

  it('scores.csv has a row per record, model and scorer', () => {
    const rows = csvObjects(path.join(runDir, 'scores.csv'));
    expect(new Set(rows.map((r) => r.scorer))).toEqual(new Set(['numeric', 'contains:Answer:']));
    expect(rows.filter((r) => r.model === 'arith' && r.scorer === 'numeric')).toHaveLength(N);
  });

  it('results.json is versioned and agrees with summary.csv', () => {
    const results = JSON.parse(fs.readFileSync(path.join(runDir, 'results.json'), 'utf8')) as { schemaVersion: number; summary: { runId: string; perModel: { ok: number; metrics: { metric: string; passed: number }[] }[]; comparisons: unknown[] }; records: unknown[] };
    expect(results.schemaVersion).toBe(3);
    expect(results.records).toHaveLength(N);
    expect(results.summary.runId).toBe(path.basename(runDir));
    const summaryRows = csvObjects(path.join(runDir, 'summary.csv'));
    results.summary.perModel.forEach((m, k) => expect(String(m.metrics[0]!.passed)).toBe(summaryRows[k]!['numeric:passed']));
    expect(results.summary.comparisons).toHaveLength(4); // 2 candidates × 2 metrics against the baseline
  });

  it('reports each metric also over the records every model completed', () => {
    const results = JSON.parse(fs.readFileSync(path.join(runDir, 'results.json'), 'utf8')) as { summary: { perModel: { ok: number; errors: number; metrics: { scored: number; common: { scored: number } }[] }[] } };
    const [arith, flaky, verbose] = results.summary.perModel;
    const common = N - flaky!.errors; // arith and verbose answer every record; flaky fails some
    expect(arith!.metrics[0]!.scored).toBe(N);
    for (const m of [arith!, flaky!, verbose!]) expect(m.metrics[0]!.common.scored).toBe(common);
  });

  it('report.html is one self-contained file naming the run and every model', () => {
    const html = fs.readFileSync(path.join(runDir, 'report.html'), 'utf8');
    expect(html).toContain(path.basename(runDir));
    for (const m of MODELS) expect(html).toContain(m.label);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
  });

  it('run.json records hashes, jobs and S3 URIs', () => {
    const run = JSON.parse(fs.readFileSync(path.join(runDir, 'run.json'), 'utf8')) as { schemaVersion: number; configHash: string; suite: { sha256: string }; models: { shards: { jobArn: string; status: string; inputUri: string }[] }[] };
    expect(run.schemaVersion).toBe(1);
    expect(run.configHash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.suite.sha256).toMatch(/^[0-9a-f]{64}$/);
    for (const m of run.models) {
      expect(m.shards[0]!.jobArn).toMatch(/^arn:aws:bedrock:us-east-1:\d{12}:model-invocation-job\/[a-z0-9]{12}$/);
      expect(m.shards[0]!.status).toBe('Completed');
      expect(m.shards[0]!.inputUri).toMatch(/^s3:\/\/beval-local\/beval\//);
    }
  });
});

describe('beval run refuses bad input before uploading anything', () => {
  it('names file, line and field for a bad suite line and creates no run', async () => {
    const suite = arithmeticSuite(120).split('\n');
    suite[4] = JSON.stringify({ recordId: 'bad', modelInput: { modelId: 'x', messages: [{ role: 'user', content: [{ text: 'q' }] }] } });
    const project = tempProject({ models: MODELS.slice(0, 1) }, suite.join('\n'));
    const io = captureIo(project.dir);
    expect(await main(['run', '--config', project.config], io)).toBe(1);
    expect(io.err()).toMatch(/suite\.jsonl:5: modelInput\.modelId: must not be inside modelInput/);
    expect(fs.existsSync(path.join(project.dir, 'reports'))).toBe(false);
    project.cleanup();
  });

  it('refuses a suite under the batch minimum with the numbers', async () => {
    const project = tempProject({ models: MODELS.slice(0, 1) }, arithmeticSuite(40));
    const io = captureIo(project.dir);
    expect(await main(['run', '--config', project.config], io)).toBe(1);
    expect(io.err()).toMatch(/40 records, below Bedrock batch's minimum of 100/);
    project.cleanup();
  });

  it('names the config field that is wrong', async () => {
    const project = tempProject({ models: [{ id: 'beval.arith-v1' }], jobTimeoutHours: 2 }, arithmeticSuite(120));
    const io = captureIo(project.dir);
    expect(await main(['run', '--config', project.config], io)).toBe(1);
    expect(io.err()).toMatch(/jobTimeoutHours: Bedrock accepts an integer from 24 to 168/);
    project.cleanup();
  });
});

describe('beval validate', () => {
  it('exits non-zero and lists each problem with file:line: field', async () => {
    const suite = arithmeticSuite(3).split('\n');
    suite[1] = JSON.stringify({ recordId: 'r0000', modelInput: { toolConfig: {}, messages: [{ role: 'user', content: [{ text: 'q' }] }] } });
    const project = tempProject({ models: MODELS }, suite.join('\n'));
    const io = captureIo(project.dir);
    expect(await main(['validate', 'suite.jsonl'], io)).toBe(1);
    expect(io.err()).toContain('suite.jsonl:2: modelInput.toolConfig:');
    expect(io.err()).toContain('suite.jsonl:2: recordId: duplicate recordId "r0000" (first on line 1)');
    project.cleanup();
  });

  it('accepts a valid suite', async () => {
    const project = tempProject({ models: MODELS }, arithmeticSuite(5));
    const io = captureIo(project.dir);
    expect(await main(['validate', 'suite.jsonl'], io)).toBe(0);
    expect(io.out()).toContain('5 records OK');
    project.cleanup();
  });
});
