// Many shards per model, several models, scrambled output order, per-record errors, missing lines, duplicate lines, a
// partially completed model and models whose jobs fail or expire: every report figure recomputed from the raw outputs.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRecordsCsv, checkResultsRecords, checkScoresCsv, checkSummary, checkTags, oracleFor, readResults, runSuite, type SuiteRun } from './helpers/check-reports.ts';
import { assertionsMetric, containsMetric, lengthMetric, levenshteinMetric, numericMetric, shardInputs, type Expected, type OracleMetric } from './helpers/oracle.ts';

const N = 57;
const METRICS: OracleMetric[] = [numericMetric, levenshteinMetric, lengthMetric(24), containsMetric('Answer:'), assertionsMetric];
const SCORERS = ['numeric', 'levenshtein', ['length', { max: 24 }], ['contains', { value: 'Answer:' }]];

/** Arithmetic records with everything a suite may carry: no expected, arrays, asserts, tags, turns, system, config. */
function suiteText(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = 2 + ((i * 13) % 41);
    const b = 3 + ((i * 7) % 19);
    const op = i % 4 === 0 ? '*' : '+';
    const value = op === '*' ? a * b : a + b;
    const question = `What is ${a} ${op} ${b}?`;
    const messages = i % 6 === 5
      ? [{ role: 'user', content: [{ text: 'Warm-up: say hi.' }] }, { role: 'assistant', content: [{ text: 'Hi.' }] }, { role: 'user', content: [{ text: question }] }]
      : [{ role: 'user', content: [{ text: question }] }];
    const rec: Record<string, unknown> = {
      recordId: `s${String(i).padStart(3, '0')}`,
      modelInput: {
        messages,
        ...(i % 5 === 1 ? { system: [{ text: 'Answer briefly.' }] } : {}),
        inferenceConfig: { maxTokens: i % 9 === 4 ? 30 : 400, ...(i % 2 ? { temperature: 0.1 } : {}) },
      },
    };
    if (i % 7 !== 3) rec.expected = i % 11 === 2 ? [String(value + 1000), String(value)] : i % 13 === 6 ? value : String(value);
    if (i % 3 === 0) rec.tags = i % 4 === 0 ? ['mul', 'third'] : ['third'];
    else if (i % 4 === 0) rec.tags = ['mul'];
    if (i % 5 === 2) rec.assert = [{ type: 'contains', value: 'Answer:' }, { type: 'icontains', value: String(value) }];
    if (i % 8 === 1) rec.meta = { i, source: 'generated' };
    lines.push(JSON.stringify(rec));
  }
  return `${lines.join('\n')}\n`;
}

const MODELS = [
  { id: 'beval.arith-v1', label: 'arith' },
  { id: 'beval.flaky-v1', label: 'flaky' },
  { id: 'beval.verbose-v1', label: 'verbose' },
  { id: 'us.beval.arith-v1', label: 'partial' },
];
const KEYS = MODELS.map((m) => m.label);

describe('many shards: 57 records × 4 models at 10 records per job', () => {
  let run: SuiteRun;
  let e: Expected;

  beforeAll(async () => {
    run = await runSuite({
      suiteText: suiteText(N),
      config: { models: MODELS, baseline: 'arith', scorers: SCORERS, quotas: { minRecordsPerJob: 5, maxRecordsPerJob: 10 } },
      emulator: {
        minRecordsPerJob: 5,
        faults: [
          { kind: 'missing-records', fraction: 0.1, model: 'beval.flaky-v1' },
          { kind: 'duplicate-lines', fraction: 0.2, model: 'beval.arith-v1' },
          { kind: 'partially-completed', fraction: 0.5, model: 'us.beval.arith-v1' },
        ],
      },
    });
    e = oracleFor(run, KEYS, METRICS);
  });
  afterAll(async () => {
    await run?.emulator.close();
    if (run) fs.rmSync(run.dir, { recursive: true, force: true });
  });

  it('runs six uneven shards per model and the emulator scrambles their output', () => {
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    for (const key of KEYS) {
      const shards = shardInputs(run.runDir, key);
      expect([...shards.values()].map((ids) => ids.length).sort((a, b) => a - b)).toEqual([9, 9, 9, 10, 10, 10]);
      expect([...shards.keys()].sort().flatMap((k) => shards.get(k)!)).toEqual(run.suite.map((r) => r.recordId));
    }
    const out = fs.readFileSync(`${run.runDir}/outputs/arith/shard-0/part-0.jsonl.out`, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { recordId: string }).recordId);
    expect(out).not.toEqual([...out].sort());
    const statuses = run.emulator.jobs().map((j) => `${j.modelId} ${j.status}`);
    expect(statuses.filter((s) => s === 'us.beval.arith-v1 PartiallyCompleted')).toHaveLength(6);
  });

  it('the suite exercises every outcome', () => {
    const count = (m: string, s: string) => [...e.cells.get(m)!.values()].filter((c) => c.status === s).length;
    expect(count('flaky', 'error')).toBeGreaterThan(0);
    expect(count('flaky', 'missing')).toBeGreaterThan(0);
    expect(count('partial', 'not-run')).toBeGreaterThan(0);
    expect([...e.cells.get('verbose')!.values()].some((c) => c.stopReason === 'max_tokens')).toBe(true);
  });

  it('summary.csv and results.json: counts, means, scored, passed and the common subset', () => checkSummary(run, e, KEYS, METRICS));
  it('records.csv: suite order and every per-model column', () => {
    const rows = checkRecordsCsv(run, e, KEYS, METRICS);
    // The prompt column carries every turn and the system prompt.
    run.suite.forEach((r, i) => {
      const mi = r.raw.modelInput as { system?: { text: string }[]; messages: { content: { text: string }[] }[] };
      for (const t of [...(mi.system ?? []), ...mi.messages.flatMap((m) => m.content)]) expect(rows[i]!.prompt, r.recordId).toContain(t.text);
    });
  });
  it('scores.csv: one row per score, in suite order', () => checkScoresCsv(run, e, KEYS, METRICS));
  it('results.json records', () => checkResultsRecords(run, e, KEYS, METRICS));
  it('per-tag means in results.json and report.html', () => checkTags(run, e, KEYS, METRICS));
});

describe('models whose every job fails validation or expires', () => {
  let run: SuiteRun;
  let e: Expected;
  const models = [
    { id: 'beval.arith-v1', label: 'arith' },
    { id: 'global.beval.arith-v1', label: 'broken' },
    { id: 'us.beval.verbose-v1', label: 'late' },
  ];
  const keys = models.map((m) => m.label);

  beforeAll(async () => {
    run = await runSuite({
      suiteText: suiteText(31),
      config: { models, baseline: 'arith', scorers: SCORERS, quotas: { minRecordsPerJob: 5, maxRecordsPerJob: 12 } },
      emulator: {
        minRecordsPerJob: 5,
        faults: [{ kind: 'fail-validation', model: 'global.beval.arith-v1' }, { kind: 'expired', model: 'us.beval.verbose-v1' }],
      },
    });
    e = oracleFor(run, keys, METRICS);
  });
  afterAll(async () => {
    await run?.emulator.close();
    if (run) fs.rmSync(run.dir, { recursive: true, force: true });
  });

  it('exits 1 (those models measured nothing) with every record of the failed models not run, and an empty common subset', () => {
    expect(run.code).toBe(1);
    for (const key of ['broken', 'late']) expect([...e.cells.get(key)!.values()].every((c) => c.status === 'not-run')).toBe(true);
    const { summary } = readResults(run.runDir);
    for (const pm of summary.perModel) for (const m of pm.metrics) expect(m.common?.scored ?? 0).toBe(0);
  });
  it('summary', () => checkSummary(run, e, keys, METRICS));
  it('records.csv', () => { checkRecordsCsv(run, e, keys, METRICS); });
  it('scores.csv', () => checkScoresCsv(run, e, keys, METRICS));
  it('results.json records', () => checkResultsRecords(run, e, keys, METRICS));
  it('tags', () => checkTags(run, e, keys, METRICS));
});
