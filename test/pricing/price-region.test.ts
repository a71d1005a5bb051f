// Prices differ by Region and some models have no batch price (issue 17, finding 13): every built-in row is dated and
// states its batch discount, and budgetUsd refuses to pass on a price that is a guess.
import { describe, expect, it } from 'vitest';
import { checkBudget } from '../../src/cli/commands/estimate.ts';
import { estimateRun } from '../../src/pricing/estimate.ts';
import { DEFAULT_PRICES, DEFAULT_PRICES_REGION } from '../../src/pricing/default-prices.ts';
import { batchPriceKnown, billingPrice } from '../../src/pricing/cost.ts';
import { resolveConfig } from '../../src/config/resolve.ts';
import { checkSuiteText } from '../../src/suite/load-suite.ts';

const suite = checkSuiteText(JSON.stringify({ recordId: 'a', modelInput: { messages: [{ role: 'user', content: [{ text: 'hi' }] }], inferenceConfig: { maxTokens: 10 } } }), 's.jsonl').suite!;
const aws = (region: string | undefined, pricing?: Record<string, number>) => resolveConfig({
  suite: 's.jsonl', budgetUsd: 100, s3: { bucket: 'my-bucket' }, roleArn: 'arn:aws:iam::123456789012:role/R',
  target: { kind: 'aws', ...(region ? { region } : {}) },
  models: [{ id: 'amazon.nova-micro-v1:0', label: 'nova', ...(pricing ? { pricing } : {}) }],
}, '/p/c.ts');

describe('built-in prices', () => {
  it('date every row and state the batch discount they use', () => {
    for (const [id, row] of Object.entries(DEFAULT_PRICES)) {
      expect(row.asOf, id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(row.batchDiscount, id).toBe(0.5);
    }
    expect(DEFAULT_PRICES_REGION).toBe('us-east-1');
  });

  it('a model without a built-in row has no batch price, a configured price always has one', () => {
    expect(batchPriceKnown('acme.unknown-v1')).toBe(false);
    expect(batchPriceKnown('acme.unknown-v1', { inputPer1k: 1, outputPer1k: 1 })).toBe(true);
    expect(batchPriceKnown('us.amazon.nova-micro-v1:0')).toBe(true);
  });
});

describe('billed cost', () => {
  it('is unknown for a batch run of a built-in row without a batch price, never a guessed 50%', () => {
    // No row lacks a batch price today (the test above): add one for the duration of the test.
    DEFAULT_PRICES['acme.no-batch-v1'] = { inputPer1k: 0.001, outputPer1k: 0.002, asOf: '2026-11-25' };
    try {
      expect(billingPrice('acme.no-batch-v1', undefined, 'batch')).toBeUndefined();
      expect(billingPrice('us.acme.no-batch-v1', undefined, 'realtime')).toMatchObject({ inputPer1k: 0.001 });
      expect(billingPrice('acme.no-batch-v1', { inputPer1k: 1, outputPer1k: 1, batchDiscount: 0.4 }, 'batch')).toMatchObject({ batchDiscount: 0.4 });
      expect(billingPrice('amazon.nova-micro-v1:0', undefined, 'batch')).toMatchObject({ batchDiscount: 0.5 });
    } finally {
      delete DEFAULT_PRICES['acme.no-batch-v1'];
    }
  });
});

describe('budgetUsd and the Region', () => {
  it('passes in us-east-1 on the built-in price', () => {
    const cfg = aws('us-east-1');
    expect(() => checkBudget(cfg, estimateRun(cfg, suite), false)).not.toThrow();
  });

  it.each([['eu-west-1'], [undefined]])('refuses in %s without models[].pricing, naming the model; --yes or a price lets it pass', (region) => {
    const cfg = aws(region);
    expect(() => checkBudget(cfg, estimateRun(cfg, suite), false)).toThrow(new RegExp(`built-in prices are us-east-1's and this run is in ${region ?? 'the Region the SDK chain picks'}.*model nova.*--yes`));
    expect(() => checkBudget(cfg, estimateRun(cfg, suite), true)).not.toThrow();
    const priced = aws(region, { inputPer1k: 0.00004, outputPer1k: 0.00016 });
    expect(() => checkBudget(priced, estimateRun(priced, suite), false)).not.toThrow();
  });
});
