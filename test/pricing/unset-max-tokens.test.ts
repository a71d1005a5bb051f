// A record without maxTokens may write up to the model's own output limit (Converse's documented default), not 4,096:
// the upper bound uses the limit where beval knows it, and the budget check refuses where it does not.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.ts';
import { estimateRun } from '../../src/pricing/estimate.ts';
import { DEFAULT_MAX_TOKENS } from '../../src/pricing/tokens.ts';
import { OUTPUT_TOKEN_LIMITS } from '../../src/pricing/output-limits.ts';
import { EMULATOR_MODELS } from '../../src/emulator/models.ts';
import { checkBudget, estimateTable } from '../../src/cli/commands/estimate.ts';
import { main } from '../../src/cli/main.ts';
import { startEmulator } from '../../src/emulator/index.ts';
import type { Suite } from '../../src/suite/load-suite.ts';
import type { SuiteRecord } from '../../src/types/suite.ts';
import { tempProject } from '../helpers/project.ts';
import { captureIo } from '../helpers/io.ts';

const SONNET_45 = 'global.anthropic.claude-sonnet-4-5-20250929-v1:0';

function suiteOf(n: number, maxTokens?: number): Suite {
  const records: SuiteRecord[] = Array.from({ length: n }, (_, i) => ({
    recordId: `r${i}`, line: i + 1, tags: [],
    modelInput: { messages: [{ role: 'user', content: [{ text: `Write an essay about the number ${i}.` }] }], ...(maxTokens ? { inferenceConfig: { maxTokens } } : {}) },
  }));
  return { path: 's.jsonl', sha256: 'x', records, index: new Map(records.map((r, i) => [r.recordId, i])) };
}
const config = (models: Record<string, unknown>[], extra: Record<string, unknown> = {}) =>
  resolveConfig({ suite: 's.jsonl', models, ...extra }, '/p/eval.config.ts');

describe('records without maxTokens', () => {
  it('count at the model\'s output limit (64,000 for Sonnet 4.5), so a budget the 4,096 guess would pass is refused', () => {
    const e = estimateRun(config([{ id: SONNET_45 }]), suiteOf(100));
    expect(e.models[0]!.outputTokensMax).toBe(100 * 64_000);
    // 6.4M output tokens at $15/M, half in batch: $48 plus a little input; 4,096 per record would have said ~$3.
    expect(e.batchMax!).toBeGreaterThan(48);
    expect(() => checkBudget(config([{ id: SONNET_45 }], { budgetUsd: 10 }), e, false)).toThrow(/above budgetUsd \$10\.00/);
    expect(estimateTable(e)).toMatch(/without maxTokens.*output limit/);
  });

  it('of a model whose limit is unknown have no upper bound: the budget check refuses and names the fix', () => {
    const models = [{ id: 'acme.custom-v1', label: 'custom', pricing: { inputPer1k: 0.001, outputPer1k: 0.002 } }];
    const e = estimateRun(config(models), suiteOf(100));
    expect(e.models[0]!.outputTokensMax).toBe(100 * DEFAULT_MAX_TOKENS);
    expect(e.unbounded).toEqual(['custom (100 records without maxTokens)']);
    expect(() => checkBudget(config(models, { budgetUsd: 1_000 }), e, false)).toThrow(/no output limit is known for custom \(100 records without maxTokens\).*maxTokens.*Nothing was submitted/);
    expect(() => checkBudget(config(models, { budgetUsd: 1_000 }), e, true)).not.toThrow();
    expect(estimateTable(e)).toMatch(/No output limit known for custom \(100 records without maxTokens\)/);
    // A maxTokens for the model (or in every record) bounds the run again.
    const capped = [{ ...models[0], inferenceConfig: { maxTokens: 500 } }];
    const e2 = estimateRun(config(capped), suiteOf(100));
    expect(e2.unbounded).toEqual([]);
    expect(() => checkBudget(config(capped, { budgetUsd: 1_000 }), e2, false)).not.toThrow();
    expect(estimateRun(config(models), suiteOf(100, 300)).unbounded).toEqual([]);
  });

  it('emulator models: the table agrees with each model\'s maxTokensCeiling', () => {
    for (const [id, model] of Object.entries(EMULATOR_MODELS)) expect(OUTPUT_TOKEN_LIMITS[id], id).toBe(model.maxTokensCeiling);
  });

  it('beval submit refuses before any upload when a model without a known limit has records without maxTokens', async () => {
    const emulator = await startEmulator();
    const lines = suiteOf(120).records.map((r) => JSON.stringify({ recordId: r.recordId, modelInput: r.modelInput })).join('\n');
    const project = tempProject({
      models: [{ id: 'acme.custom-v1', label: 'custom', pricing: { inputPer1k: 0.001, outputPer1k: 0.002 } }],
      budgetUsd: 1_000, target: { kind: 'emulator', endpoint: emulator.endpoint },
    }, `${lines}\n`);
    try {
      const io = captureIo(project.dir);
      expect(await main(['submit', '--config', project.config], io)).toBe(1);
      expect(io.err()).toMatch(/no output limit is known for custom \(120 records without maxTokens\)/);
      expect(emulator.counters().putObjectCalls).toBe(0);
      expect(emulator.counters().createCalls).toBe(0);
    } finally {
      await emulator.close();
      project.cleanup();
    }
  });
});
