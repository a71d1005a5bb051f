// The judges' maximum cost reads answers as long as each model may write (its merged maxTokens), not 256 tokens.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.ts';
import { estimateRun } from '../../src/pricing/estimate.ts';
import { DEFAULT_MAX_TOKENS, LIKELY_OUTPUT_TOKENS } from '../../src/pricing/tokens.ts';
import { costUsd } from '../../src/pricing/cost.ts';
import type { Suite } from '../../src/suite/load-suite.ts';
import type { SuiteRecord } from '../../src/types/suite.ts';

const PRICE = { inputPer1k: 0.003, outputPer1k: 0.015 };
// r0 sets maxTokens 3000, r1 sets none.
const records: SuiteRecord[] = [0, 1].map((i) => ({
  recordId: `r${i}`, line: i + 1, tags: [],
  modelInput: { messages: [{ role: 'user', content: [{ text: `What is ${i} + 1?` }] }], ...(i === 0 ? { inferenceConfig: { maxTokens: 3000 } } : {}) },
}));
const suite: Suite = { path: 's.jsonl', sha256: 'x', records, index: new Map(records.map((r, i) => [r.recordId, i])) };

function estimate(kind: string) {
  const cfg = resolveConfig({
    suite: 's.jsonl',
    // The baseline (first model) takes the records' maxTokens; the candidate overrides them with 1000.
    models: [{ id: 'beval.arith-v1', label: 'base' }, { id: 'beval.verbose-v1', label: 'cand', inferenceConfig: { maxTokens: 1000 } }],
    judges: [{ kind, model: 'beval.judge-v1', pricing: PRICE }],
  }, '/p/eval.config.ts');
  return estimateRun(cfg, suite).judges![0]!;
}

describe('judge max input', () => {
  it('grading: each answer is its model\'s merged maxTokens (model override, else record, else the default)', () => {
    const j = estimate('rubric');
    expect(j.requests).toBe(4);
    // base: 3000 (r0) + DEFAULT_MAX_TOKENS (r1); cand: 1000 on both records.
    const answersMax = 3000 + DEFAULT_MAX_TOKENS + 1000 + 1000;
    expect(j.inputTokensMax - j.inputTokens).toBe(answersMax - 4 * LIKELY_OUTPUT_TOKENS);
    expect(j.costMax).toBeCloseTo(costUsd(PRICE, j.inputTokensMax, j.outputTokensMax, 'batch'), 12);
    expect(j.costLikely).toBeCloseTo(costUsd(PRICE, j.inputTokens, j.outputTokensLikely, 'batch'), 12);
  });

  it('pairwise: each of the two requests per candidate reads the candidate\'s and the baseline\'s longest answer', () => {
    const j = estimate('pairwise');
    expect(j.requests).toBe(4);
    const answersMax = 2 * (1000 + 3000) + 2 * (1000 + DEFAULT_MAX_TOKENS);
    expect(j.inputTokensMax - j.inputTokens).toBe(answersMax - 4 * 2 * LIKELY_OUTPUT_TOKENS);
    expect(j.costMax).toBeCloseTo(costUsd(PRICE, j.inputTokensMax, j.outputTokensMax, 'batch'), 12);
  });
});
