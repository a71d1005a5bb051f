// "4 characters per token" holds for English, not for Japanese, Chinese, Korean, Cyrillic or emoji, where tokenizers
// need about one token per character or more: the input estimate counts every non-ASCII UTF-16 unit as a token, so a
// Japanese suite is not estimated at a quarter of its input.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.ts';
import { estimateRun } from '../../src/pricing/estimate.ts';
import { approxTokens } from '../../src/pricing/tokens.ts';
import { checkBudget } from '../../src/cli/commands/estimate.ts';
import type { Suite } from '../../src/suite/load-suite.ts';
import type { SuiteRecord } from '../../src/types/suite.ts';

const PRICE = { inputPer1k: 0.003, outputPer1k: 0.015 };

function suiteOf(texts: string[]): Suite {
  const records: SuiteRecord[] = texts.map((text, i) => ({ recordId: `r${i}`, line: i + 1, tags: [], modelInput: { messages: [{ role: 'user', content: [{ text }] }] } }));
  return { path: 's.jsonl', sha256: 'x', records, index: new Map(records.map((r, i) => [r.recordId, i])) };
}

describe('non-ASCII text in the input estimate', () => {
  it.each([
    ['What is the capital of Japan?', Math.ceil(29 / 4)],
    ['日本の首都はどこですか？', 12],
    ['Столица Японии?', Math.ceil(2 / 4) + 13],
    ['🍪 cookies', Math.ceil(8 / 4) + 2],
  ])('%s ≈ %i tokens', (text, tokens) => {
    expect(approxTokens(text)).toBe(tokens);
  });

  it('a Japanese summarisation suite (100 × 22,000 characters, maxTokens 100) is not bounded at a quarter of its input', () => {
    const cfg = resolveConfig({ suite: 's.jsonl', models: [{ id: 'acme.m-v1', pricing: PRICE, inferenceConfig: { maxTokens: 100 } }], budgetUsd: 2 }, '/p/eval.config.ts');
    const e = estimateRun(cfg, suiteOf(Array.from({ length: 100 }, () => '東京は日本の首都です。'.repeat(2_000))));
    expect(e.models[0]!.inputTokens).toBe(100 * (22_000 + 4));
    // 2.2M input tokens at $3/M, half in batch: $3.30 — over a $2 budget that 4 characters per token ($0.83) would pass.
    expect(() => checkBudget(cfg, e, false)).toThrow(/above budgetUsd \$2\.00/);
  });
});
