// A small hand-made run whose filter counts are known: 3 models (a is the baseline), 3 metrics, 12 records.
import type { MetricInfo, RecordRow, RunSummary } from '../../../src/types/results.ts';
import { errored, fail, missing, model, notRun, ok, pass, summarise, value } from './synthetic-run.ts';

export const METRICS: MetricInfo[] = [
  { name: 'exact', kind: 'binary' },
  { name: 'contains', kind: 'binary' },
  { name: 'similarity', kind: 'continuous' },
];
export const MODELS = [model('a', { label: 'Model A' }), model('b', { label: 'Model B' }), model('c', { label: 'Model C', mode: 'realtime' })];

const LONG = `${'The quick brown fox jumps over the lazy dog. '.repeat(30)}END-OF-LONG-TEXT`;

/** Expected filter counts for FIXTURE_ROWS (asserted against the browser). */
export const EXPECTED_COUNTS = { all: 12, fail: 7, disagree: 6, regressed: 4, error: 2, missing: 2, tagMath: 5, failAndRegressed: 4 };

/** [filter flag, records carrying it] for every explorer filter, for table-driven tests. */
export const FLAG_CASES = (['fail', 'disagree', 'regressed', 'error', 'missing'] as const).map((flag) => [flag, EXPECTED_COUNTS[flag]] as const);

export function fixtureRows(): RecordRow[] {
  const n = METRICS.length;
  const rows: Omit<RecordRow, 'index'>[] = [
    // 0: everyone passes.
    { recordId: 'r-000', prompt: 'What is 2+2?', expected: '4', tags: ['math'], cells: [ok('4', [pass(), pass(), value(1)]), ok('4', [pass(), pass(), value(1)]), ok('4', [pass(), pass(), value(1)])] },
    // 1: b regressed on exact (a passes, b fails) -> fail, disagree, regressed.
    { recordId: 'r-001', prompt: 'Capital of France?', expected: 'Paris', tags: ['geo'], cells: [ok('Paris', [pass(), pass(), value(0.9)]), ok('The capital is Paris.', [fail('Expected exactly "Paris"'), pass(), value(0.6)]), ok('Paris', [pass(), pass(), value(0.95)])] },
    // 2: all fail the same way -> fail only.
    { recordId: 'r-002', prompt: 'Largest prime below 10?', expected: '7', tags: ['math'], cells: [ok('9', [fail(), fail(), value(0.1)]), ok('9', [fail(), fail(), value(0.1)]), ok('8', [fail(), fail(), value(0.2)])] },
    // 3: b errors -> error.
    { recordId: 'r-003', prompt: 'Translate "猫" to English', expected: 'cat', tags: ['lang'], cells: [ok('cat', [pass(), pass(), value(1)]), errored('ThrottlingException', 'Rate exceeded', n), ok('cat', [pass(), pass(), value(1)])] },
    // 4: c missing -> missing.
    { recordId: 'r-004', prompt: 'Say hello in Japanese 👋', expected: 'こんにちは', tags: ['lang'], cells: [ok('こんにちは！', [fail(), pass(), value(0.8)]), ok('こんにちは', [pass(), pass(), value(1)]), missing(n)] },
    // 5: baseline fails, candidates pass -> fail, disagree (improvement, not a regression).
    { recordId: 'r-005', prompt: 'Square root of 81?', expected: '9', tags: ['math'], cells: [ok('8', [fail(), fail(), value(0.3)]), ok('9', [pass(), pass(), value(1)]), ok('9', [pass(), pass(), value(1)])] },
    // 6: c regressed on contains -> fail, disagree, regressed. Long output for expand tests.
    { recordId: 'r-006', prompt: 'Write a long story about a fox.', expected: 'fox', tags: ['writing'], cells: [ok(LONG, [fail(), pass(), value(0.5)]), ok(LONG, [fail(), pass(), value(0.5)]), ok('A story about a cat.', [fail(), fail('Expected output to contain "fox"'), value(0.2)])] },
    // 7: not run for c -> missing.
    { recordId: 'r-007', prompt: 'Color of the sky?', expected: 'blue', tags: ['geo'], cells: [ok('blue', [pass(), pass(), value(1)]), ok('blue', [pass(), pass(), value(1)]), notRun(n)] },
    // 8: both b and c regress -> fail, disagree, regressed.
    { recordId: 'r-008', prompt: '10 / 4 = ?', expected: '2.5', tags: ['math'], cells: [ok('2.5', [pass(), pass(), value(1)]), ok('2', [fail(), fail(), value(0.4)]), ok('3', [fail(), fail(), value(0.3)])] },
    // 9: c error with everything else passing -> error.
    { recordId: 'r-009', prompt: 'Spell "banana" backwards', expected: 'ananab', tags: [], cells: [ok('ananab', [pass(), pass(), value(1)]), ok('ananab', [pass(), pass(), value(1)]), errored('ModelErrorException', 'Internal error', n)] },
    // 10: regressed on exact for b -> fail, disagree, regressed. Formula-looking output.
    { recordId: 'r-010', prompt: 'Compute 1-2', expected: '-1', tags: ['math'], cells: [ok('-1', [pass(), pass(), value(1)]), ok('=1-2', [fail(), pass(), value(-0.5)]), ok('-1', [pass(), pass(), value(1)])] },
    // 11: continuous-only differences, all pass.
    { recordId: 'r-011', prompt: 'Name a primary color', expected: 'red', tags: ['art'], cells: [ok('red', [pass(), pass(), value(1)]), ok('Red', [pass(), pass(), value(0.9)]), ok('red', [pass(), pass(), value(1)])] },
  ];
  return rows.map((r, index) => ({ ...r, index }));
}

export function fixtureRun(): { summary: RunSummary; rows: RecordRow[] } {
  const rows = fixtureRows();
  const summary = summarise(MODELS, METRICS, rows, {
    baseline: 'a',
    pricePerMTok: { a: 3, b: 0.5, c: 15 },
    gate: {
      verdict: 'regression',
      rows: [
        { candidate: 'b', metric: 'exact', rule: 'no significant drop', verdict: 'regression', evidence: '3 losses, 1 win' },
        { candidate: 'c', metric: 'exact', rule: 'no significant drop', verdict: 'pass', evidence: '0 losses' },
      ],
    },
  });
  return { summary, rows };
}
