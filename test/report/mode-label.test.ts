// The words every report uses for a model whose answers two execution modes billed (src/report/mode-label.ts).
import { describe, expect, it } from 'vitest';
import { billedCostSplit, billedModeLabel } from '../../src/report/mode-label.ts';
import type { ModelSummary } from '../../src/types/results.ts';

const model = { key: 'a', label: 'arith', modelId: 'm', mode: 'batch' } as ModelSummary['model'];

describe('billedModeLabel and billedCostSplit', () => {
  it('one mode: the run\'s own, and no split', () => {
    expect(billedModeLabel({ model })).toBe('batch');
    expect(billedCostSplit({ model })).toBe('');
  });

  it('two modes: the run\'s own first, the rerun\'s marked, each with its cost and answers', () => {
    const pm = { model, billedByMode: [
      { mode: 'batch' as const, answers: 185, inputTokens: 1, outputTokens: 1, cost: 1.16 },
      { mode: 'realtime' as const, answers: 15, inputTokens: 1, outputTokens: 1, cost: 0.153 },
    ] };
    expect(billedModeLabel(pm)).toBe('batch + realtime (rerun)');
    expect(billedCostSplit(pm)).toBe('$1.16 at batch prices (185 answer(s)) + $0.1530 at on-demand prices (15 answer(s) of reruns)');
  });

  it('a mode without a known price says so, not a dash that reads like nothing spent', () => {
    const pm = { model, billedByMode: [
      { mode: 'batch' as const, answers: 185, inputTokens: 1, outputTokens: 1, cost: 1.16 },
      { mode: 'realtime' as const, answers: 15, inputTokens: 1, outputTokens: 1 },
    ] };
    expect(billedCostSplit(pm)).toBe('$1.16 at batch prices (185 answer(s)) + unknown (no realtime price) at on-demand prices (15 answer(s) of reruns)');
  });
});
