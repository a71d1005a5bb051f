// The generation estimate counts non-text content blocks (documents, images, tool results, guard content) from their
// encoded size at the text ratio, instead of as free; text-only input is estimated as before.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.ts';
import { estimateRun } from '../../src/pricing/estimate.ts';
import { checkBudget } from '../../src/cli/commands/estimate.ts';
import type { Suite } from '../../src/suite/load-suite.ts';
import type { ContentBlock, SuiteRecord } from '../../src/types/suite.ts';

const PRICE = { inputPer1k: 0.003, outputPer1k: 0.015 };
const config = (extra: Record<string, unknown> = {}) =>
  resolveConfig({ suite: 's.jsonl', models: [{ id: 'acme.m-v1', pricing: PRICE, inferenceConfig: { maxTokens: 100 } }], ...extra }, '/p/eval.config.ts');

function suiteOf(content: ContentBlock[][], system?: ContentBlock[]): Suite {
  const records: SuiteRecord[] = content.map((c, i) => ({
    recordId: `r${i}`, line: i + 1, tags: [], modelInput: { messages: [{ role: 'user', content: c }], ...(system ? { system } : {}) },
  }));
  return { path: 's.jsonl', sha256: 'x', records, index: new Map(records.map((r, i) => [r.recordId, i])) };
}

const BYTES = 'eHh4'.repeat(100_000); // 400,000 base64 characters

describe('input estimate', () => {
  it('text-only input: ceil(characters / 4) + 4 per message, as before', () => {
    const e = estimateRun(config(), suiteOf([[{ text: 'abcdefghij' }, { text: 'k' }]], [{ text: 'xyz' }]));
    expect(e.models[0]!.inputTokens).toBe(Math.ceil(14 / 4) + 4);
  });

  it('counts a document block from its base64 bytes: 100 × 400 KB is not 1,000 tokens and fails a $5 budget', () => {
    const doc: ContentBlock = { document: { format: 'txt', name: 'doc', source: { bytes: BYTES } } };
    const suite = suiteOf(Array.from({ length: 100 }, () => [doc, { text: 'Summarise.' }]));
    const e = estimateRun(config(), suite);
    const perRecord = Math.ceil((3 + 3 + BYTES.length + 'Summarise.'.length) / 4) + 4;
    expect(e.models[0]!.inputTokens).toBe(100 * perRecord);
    expect(e.models[0]!.inputTokens).toBeGreaterThan(10_000_000);
    expect(() => checkBudget(config({ budgetUsd: 5 }), e, false)).toThrow(/above budgetUsd/);
  });

  it('counts images, guard content, tool results and non-text system blocks', () => {
    const blocks: ContentBlock[] = [
      { image: { format: 'png', source: { bytes: 'A'.repeat(4000) } } },
      { guardContent: { text: { text: 'g'.repeat(400) } } },
      { toolResult: { toolUseId: 't1', content: [{ text: 'r'.repeat(800) }, { json: { a: 'j'.repeat(396) } }] } },
    ];
    const e = estimateRun(config(), suiteOf([blocks], [{ text: 's'.repeat(40) }, { guardContent: { text: { text: 'q'.repeat(40) } } }]));
    const chars = 3 + 4000 + 400 + 2 + 800 + 396 + 40 + 40;
    expect(e.models[0]!.inputTokens).toBe(Math.ceil(chars / 4) + 4);
  });
});
