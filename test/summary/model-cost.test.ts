// modelCost: each billed answer at the price of the mode its attempt ran in; a mode that billed answers without a
// known price leaves the cost unknown, as the run's own mode always does; reused answers stay apart at the run's mode.
import { describe, expect, it } from 'vitest';
import { modelCost } from '../../src/summary/model-cost.ts';
import { newModelTable, STATUS } from '../../src/score/model-table.ts';
import { costUsd } from '../../src/pricing/cost.ts';
import type { ModelBilling } from '../../src/types/pricing.ts';

const PRICE = { inputPer1k: 1, outputPer1k: 2, batchDiscount: 0.5 };

/** A table of records given as [status, attempt, input tokens, output tokens]. */
function table(rows: [keyof typeof STATUS, number, number, number][]) {
  const t = newModelTable('m', rows.length, 0, { file: '', bucketRecords: 1, chunks: [] });
  rows.forEach(([status, attempt, inTok, outTok], i) => {
    t.status[i] = STATUS[status];
    t.attempt[i] = attempt;
    t.inputTokens[i] = inTok;
    t.outputTokens[i] = outTok;
  });
  return t;
}

const batchThenRealtime = (prices: ModelBilling['prices']): ModelBilling => ({ attemptModes: ['batch', 'batch', 'realtime'], prices });

describe('modelCost', () => {
  const t = table([['ok', 1, 100, 10], ['filtered', 1, 200, 20], ['ok', 2, 300, 30], ['error', 2, 0, 0], ['missing', 0, 0, 0]]);

  it('bills the first attempt at batch prices and the rerun at on-demand, split by mode', () => {
    const c = modelCost(t, 'batch', batchThenRealtime({ batch: PRICE, realtime: PRICE }));
    const batch = costUsd(PRICE, 300, 30, 'batch');
    const realtime = costUsd(PRICE, 300, 30, 'realtime');
    expect(c.cost).toBeCloseTo(batch + realtime, 12);
    expect(c.billedByMode).toEqual([
      { mode: 'batch', answers: 2, inputTokens: 300, outputTokens: 30, cost: batch },
      { mode: 'realtime', answers: 1, inputTokens: 300, outputTokens: 30, cost: realtime },
    ]);
  });

  it.each([
    ['the rerun\'s mode has no known price and billed answers', { batch: PRICE }, t, undefined],
    ['the run\'s own mode has no known price', { realtime: PRICE }, t, undefined],
    ['the rerun\'s mode has no known price but billed nothing', { batch: PRICE }, table([['ok', 1, 100, 10], ['error', 2, 0, 0]]), costUsd(PRICE, 100, 10, 'batch')],
  ] as const)('cost when %s', (_what, prices, tbl, expected) => {
    expect(modelCost(tbl, 'batch', batchThenRealtime(prices)).cost).toBe(expected);
  });

  it('says nothing per mode when the run\'s own mode billed every answer (a batch rerun of a batch run)', () => {
    const c = modelCost(t, 'batch', { attemptModes: ['batch', 'batch', 'batch'], prices: { batch: PRICE } });
    expect(c.billedByMode).toBeUndefined();
    expect(c.cost).toBe(costUsd(PRICE, 600, 60, 'batch'));
  });

  it('keeps reused answers out of the new spend and prices them at the run\'s own mode', () => {
    // The two first-attempt answers were reused from an earlier run: only the rerun's answer is new spend.
    const c = modelCost(t, 'batch', batchThenRealtime({ batch: PRICE, realtime: PRICE }), { answers: 2, inputTokens: 300, outputTokens: 30 });
    expect(c.cost).toBe(costUsd(PRICE, 0, 0, 'batch') + costUsd(PRICE, 300, 30, 'realtime'));
    expect(c.reusedCost).toBe(costUsd(PRICE, 300, 30, 'batch'));
    expect(c.billedByMode?.map((b) => [b.mode, b.answers])).toEqual([['realtime', 1]]);
  });
});
