// Config `mode` / `realtime` resolution and the per-model execution mode the planner picks.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.ts';
import { executionMode } from '../../src/run/plan.ts';

const base = { suite: 'suite.jsonl', models: [{ id: 'beval.arith-v1' }] };

describe('config mode and realtime', () => {
  it('defaults to batch, 4 requests in flight per model, a timeout that scales with maxTokens and 3 attempts', () => {
    const c = resolveConfig(base, '/p/eval.config.ts');
    expect(c.mode).toBe('batch');
    expect(c.realtime).toEqual({ concurrency: 4, msPerOutputToken: 50, maxAttempts: 3 });
  });

  it('takes the user values', () => {
    const c = resolveConfig({ ...base, mode: 'auto', realtime: { concurrency: 16, timeoutMs: 5000 } }, '/p/eval.config.ts');
    expect(c.mode).toBe('auto');
    expect(c.realtime).toEqual({ concurrency: 16, timeoutMs: 5000, msPerOutputToken: 50, maxAttempts: 3 });
  });

  it.each([
    [{ mode: 'fast' }, /mode: expected 'batch', 'realtime' or 'auto', got "fast"/],
    [{ realtime: { concurrency: 0 } }, /realtime\.concurrency: expected an integer ≥ 1, got 0/],
    [{ realtime: { timeoutMs: 1.5 } }, /realtime\.timeoutMs: expected an integer ≥ 1/],
    [{ realtime: 8 }, /realtime: expected \{ concurrency\?, timeoutMs\?, msPerOutputToken\?, maxAttempts\? \}/],
  ])('rejects %o', (extra, message) => {
    expect(() => resolveConfig({ ...base, ...extra }, '/p/eval.config.ts')).toThrow(message);
  });
});

describe('executionMode', () => {
  const quotas = { minRecordsPerJob: 100 };
  it.each([
    ['batch', 5, 'batch'],
    ['batch', 500, 'batch'],
    ['realtime', 500, 'realtime'],
    ['realtime', 5, 'realtime'],
    ['auto', 99, 'realtime'],
    ['auto', 100, 'batch'],
    ['auto', 0, 'realtime'],
  ] as const)('mode %s with %i records → %s', (mode, records, expected) => {
    expect(executionMode({ mode, quotas }, records)).toBe(expected);
  });
});
