// summary.judge.unscored counts judge scores that were asked for and failed, not cells a judge never asks about.
import { afterEach, describe, expect, it } from 'vitest';
import { EMULATOR_MODELS } from '../../src/emulator/models.ts';
import { judgeProject, judgeSuite, type JudgeProject } from './helpers.ts';

const NO_EXPECTED = 5;
const GARBLED = 6;

/** Fails with a per-record error on some prompts; those it would throttle (429) are left out, as realtime retries them with backoff. */
function flakyCode(line: string): number | undefined {
  const prompt = (JSON.parse(line) as { modelInput: { messages: { content: { text: string }[] }[] } }).modelInput.messages[0]!.content[0]!.text;
  const r = EMULATOR_MODELS['beval.flaky-v1'].respond({ prompt } as Parameters<typeof EMULATOR_MODELS['beval.flaky-v1']['respond']>[0]);
  return r.ok ? undefined : r.errorCode;
}

describe('summary.judge.unscored', () => {
  let p: JudgeProject;
  afterEach(() => p.close());

  it('leaves out reference cells of records without expected and pairwise cells the baseline has no answer for', async () => {
    // Records before NO_EXPECTED have no `expected`; the flaky baseline fails some records, so pairwise has nothing to compare there.
    const lines = judgeSuite(24, new Set([GARBLED])).split('\n').filter(Boolean).filter((l) => flakyCode(l) !== 429).map((l, i) => {
      const o = JSON.parse(l) as Record<string, unknown>;
      if (i < NO_EXPECTED) delete o.expected;
      return JSON.stringify(o);
    });
    const garbled = lines.findIndex((l) => l.includes('[[judge:garble]]'));
    expect(garbled).toBeGreaterThanOrEqual(NO_EXPECTED);
    p = await judgeProject({
      models: [{ id: 'beval.flaky-v1', label: 'flaky' }, { id: 'beval.arith-v1', label: 'arith' }],
      baseline: 'flaky',
      judges: [{ kind: 'reference', model: 'beval.judge-v1' }, { kind: 'pairwise', model: 'beval.judge-v1' }],
      judge: { belowMinimum: 'realtime' },
      mode: 'realtime',
    }, `${lines.join('\n')}\n`);
    const { code } = await p.run();
    expect(code).toBe(0);
    const { results } = p.latest();
    type Cell = { status: string; scores: ([number | null] | null)[] };
    const cells = (model: string) => results.records.map((r) => (r.cells as Record<string, Cell>)[model]!);
    const ref = results.summary.metrics.findIndex((m) => m.name === 'judge-reference');
    const pair = results.summary.metrics.findIndex((m) => m.name === 'judge-pairwise');
    const baselineOk = cells('flaky').map((c) => c.status === 'ok');
    expect(baselineOk.filter((ok) => !ok).length).toBeGreaterThan(0);
    expect(cells('arith').every((c) => c.status === 'ok')).toBe(true);
    // Not applicable: no reference score without expected, no pairwise score where the baseline did not answer.
    let notApplicable = 0;
    for (const model of ['flaky', 'arith']) {
      cells(model).forEach((c, i) => {
        if (c.status !== 'ok' || i >= NO_EXPECTED) return;
        expect(c.scores[ref]?.[0] ?? null).toBeNull();
        notApplicable++;
      });
    }
    cells('arith').forEach((c, i) => {
      if (baselineOk[i]) return;
      expect(c.scores[pair]?.[0] ?? null).toBeNull();
      notApplicable++;
    });
    expect(notApplicable).toBeGreaterThan(NO_EXPECTED);
    // Only the garbled record's verdicts (asked for, unparseable) are unscored: reference for each model that answered
    // it, and pairwise for arith when the baseline answered it too.
    const expected = 1 + (baselineOk[garbled] ? 2 : 0);
    expect(results.summary.judge!.unscored).toBe(expected);
  });
});
