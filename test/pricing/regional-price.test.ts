// Claude 4.5-generation models cost about 10% more through a geographic (us., eu., …) or in-Region ID than through a
// `global.` profile; the built-in table holds the global price, so every other ID form must pay the premium.
import { describe, expect, it } from 'vitest';
import { costUsd, priceFor } from '../../src/pricing/cost.ts';

const SONNET_45 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';

describe('priceFor and the regional premium', () => {
  it.each([
    [`global.${SONNET_45}`, 0.003, 0.015],
    [`arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.${SONNET_45}`, 0.003, 0.015],
    [`us.${SONNET_45}`, 0.0033, 0.0165],
    [`eu.${SONNET_45}`, 0.0033, 0.0165],
    [`arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.${SONNET_45}`, 0.0033, 0.0165],
    [SONNET_45, 0.0033, 0.0165],
    ['us.anthropic.claude-haiku-4-5-20251001-v1:0', 0.0011, 0.0055],
    ['jp.anthropic.claude-opus-4-5-20251101-v1:0', 0.0055, 0.0275],
    // Earlier models have one price whatever the ID form.
    ['us.anthropic.claude-sonnet-4-20250514-v1:0', 0.003, 0.015],
    ['us.amazon.nova-lite-v1:0', 0.00006, 0.00024],
  ])('%s costs %f / %f per 1k tokens on demand', (id, input, output) => {
    const p = priceFor(id)!;
    expect(p.inputPer1k).toBeCloseTo(input, 10);
    expect(p.outputPer1k).toBeCloseTo(output, 10);
  });

  it('takes a configured price as it is', () => {
    expect(priceFor(`us.${SONNET_45}`, { inputPer1k: 0.003, outputPer1k: 0.015 })).toEqual({ inputPer1k: 0.003, outputPer1k: 0.015 });
  });

  it('batch halves the premium price: 1M in + 1M out through us. is $9.90, not $9.00', () => {
    expect(costUsd(priceFor(`us.${SONNET_45}`)!, 1_000_000, 1_000_000, 'batch')).toBeCloseTo(9.9, 9);
    expect(costUsd(priceFor(`global.${SONNET_45}`)!, 1_000_000, 1_000_000, 'batch')).toBeCloseTo(9, 9);
  });

  it('an application inference profile or an unknown ID has no price', () => {
    expect(priceFor('arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5')).toBeUndefined();
    expect(priceFor('acme.unknown-v1')).toBeUndefined();
  });
});

it('a model ID named like an Object.prototype member has no price', () => {
  expect(priceFor('constructor')).toBeUndefined();
  expect(priceFor('us.toString')).toBeUndefined();
});
