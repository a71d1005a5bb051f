// results.parquet read back by DuckDB equals results.json on every row, and both report paths write the same bytes.
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { captureIo } from '../helpers/io.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { loadConfig } from '../../src/config/load.ts';
import { readLedger } from '../../src/run/ledger.ts';
import { scoreRun } from '../../src/pipeline/score-run.ts';
import { PARQUET_COLUMNS } from '../../src/results/results-parquet.ts';
import { configHash } from '../../src/run/run-record.ts';
import { adviceFor } from '../../src/advice.ts';
import { arithmeticSuite, tempProject, type TempProject } from '../helpers/project.ts';

const MODELS = [
  { id: 'beval.arith-v1', label: 'arith', pricing: { inputPer1k: 0.001, outputPer1k: 0.002 } },
  { id: 'beval.flaky-v1', label: 'flaky' },
  { id: 'beval.verbose-v1', label: 'verbose', pricing: { inputPer1k: 0.003, outputPer1k: 0.004, batchDiscount: 0.5 } },
];

interface ResultsLine { recordId: string; tags: string[]; cells: Record<string, { status: string; error?: string; scores: ([number | null, boolean | null] | null)[] }> }
interface Summary { runId: string; createdAt: string; suite: { sha256: string; path: string }; models: { key: string; modelId: string; mode: string }[]; metrics: { name: string; kind: string }[]; perModel: { inputTokens: number; outputTokens: number; cost?: number }[] }

function readResults(dir: string): { summary: Summary; records: ResultsLine[] } {
  const doc = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')) as { summary: Summary; records: ResultsLine[] };
  return doc;
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    return (await c.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    c.closeSync();
  }
}

describe('results.parquet', () => {
  let project: TempProject;
  let runDir: string;

  beforeAll(async () => {
    const suite = arithmeticSuite(150, { maxTokens: (i) => (i % 10 === 0 ? 12 : 200) }).split('\n')
      // One record without tags and one with two, so the list column is exercised at both ends.
      .map((l, i) => (i === 1 ? l.replace(/"tags":\[[^\]]*\]/, '"tags":[]') : i === 2 ? l.replace(/"tags":\["([a-z]+)"\]/, '"tags":["$1","two words, \\"quoted\\""]') : l)).join('\n');
    project = tempProject({ models: MODELS, scorers: ['numeric', ['rouge-l', { value: 'Answer' }]], baseline: 'arith' }, suite);
    const io = captureIo(project.dir);
    const code = await main(["run", "--config", project.config], io);
    if (code !== 0) throw new Error(io.out() + io.err());
    runDir = path.resolve(project.dir, /run directory: (\S+)/.exec(io.out())![1]!);
    expect(io.out()).toContain('results.parquet');
  }, 120_000);
  afterAll(() => project.cleanup());

  it('holds one row per record × model × metric, equal to results.json on every row', async () => {
    const { summary, records } = readResults(runDir);
    const file = path.join(runDir, 'results.parquet');
    const rows = await query(`select * from read_parquet('${file}') order by record_id, model_key, metric`);
    expect(Object.keys(rows[0]!)).toEqual(PARQUET_COLUMNS);
    expect(rows.length).toBe(150 * 3 * 2);
    const byKey = new Map(rows.map((r) => [`${String(r.record_id)}|${String(r.model_key)}|${String(r.metric)}`, r]));
    const config = await loadConfig(project.dir, project.config);
    let compared = 0;
    for (const rec of records) {
      for (const model of summary.models) {
        const cell = rec.cells[model.key]!;
        for (const [x, metric] of summary.metrics.entries()) {
          const row = byKey.get(`${rec.recordId}|${model.key}|${metric.name}`)!;
          const score = cell.scores[x] ?? null;
          expect(row).toMatchObject({
            run_id: summary.runId, suite_sha256: summary.suite.sha256, suite_path: summary.suite.path, config_sha256: configHash(config),
            tags: rec.tags, model_id: model.modelId, mode: model.mode, metric_kind: metric.kind,
            status: cell.status, error_code: cell.error ?? null, value: score ? score[0] : null, pass: score ? score[1] : null,
          });
          expect((row.run_time as Date).toISOString()).toBe(new Date(summary.createdAt).toISOString());
          if (cell.status === 'ok') expect(row.stop_reason).toMatch(/^(end_turn|max_tokens)$/);
          if (cell.status === 'missing' || cell.status === 'not-run') expect(row).toMatchObject({ input_tokens: null, stop_reason: null, cost_usd: null, attempt: null });
          // A run never rerun: every line that counts is the first attempt's.
          else expect(row.attempt).toBe(1);
          compared++;
        }
      }
    }
    expect(compared).toBe(rows.length);
    // Mixed content: errors (flaky), truncations (verbose), a record with no tags and one with two.
    expect(rows.some((r) => r.status === 'error' && r.value === null && r.pass === null)).toBe(true);
    expect(rows.some((r) => r.stop_reason === 'max_tokens')).toBe(true);
    expect(rows.some((r) => (r.tags as string[]).length === 0)).toBe(true);
    expect(rows.some((r) => (r.tags as string[]).includes('two words, "quoted"'))).toBe(true);
  });

  it('prices rows like the summary: per-model sums of tokens and cost match, (emulator models carry built-in prices)', async () => {
    const { summary } = readResults(runDir);
    const file = path.join(runDir, 'results.parquet');
    const sums = await query(`select model_key, sum(input_tokens)::double as i, sum(output_tokens)::double as o, sum(cost_usd) as c, count(cost_usd) as priced
      from read_parquet('${file}') where metric = 'numeric' group by model_key`);
    for (const [k, model] of summary.models.entries()) {
      const s = sums.find((r) => r.model_key === model.key)!;
      const pm = summary.perModel[k]!;
      expect(s.i).toBe(pm.inputTokens);
      expect(s.o).toBe(pm.outputTokens);
      if (pm.cost === undefined) expect(Number(s.priced)).toBe(0);
      else expect(s.c as number).toBeCloseTo(pm.cost, 12);
    }
  });

  it('is typed: timestamp, list of strings, doubles, booleans and ints', async () => {
    const file = path.join(runDir, 'results.parquet');
    const types = await query(`select column_name, column_type from (describe select * from read_parquet('${file}'))`);
    const t = Object.fromEntries(types.map((r) => [r.column_name, r.column_type]));
    expect(t).toMatchObject({ run_time: 'TIMESTAMP', tags: 'VARCHAR[]', value: 'DOUBLE', pass: 'BOOLEAN', input_tokens: 'INTEGER', cost_usd: 'DOUBLE', latency_ms: 'DOUBLE', record_id: 'VARCHAR', attempt: 'INTEGER' });
  });

  it('is the same file whether the reports are written on worker threads or in this thread', async () => {
    const config = await loadConfig(project.dir, project.config);
    const ledger = readLedger(runDir);
    await scoreRun(runDir, ledger, config, { advice: adviceFor(), threads: 0 });
    const inThread = fs.readFileSync(path.join(runDir, 'results.parquet'));
    await scoreRun(runDir, readLedger(runDir), config, { advice: adviceFor(), threads: 2 });
    const onWorkers = fs.readFileSync(path.join(runDir, 'results.parquet'));
    expect(onWorkers.equals(inThread)).toBe(true);
  }, 60_000);
});
