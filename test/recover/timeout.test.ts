// Realtime timeouts that fit the request: scaled with maxTokens unless fixed, warned about at plan time when fixed
// too short, and a timed-out request sent again rather than written off at once.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.ts';
import { main } from '../../src/cli/main.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { attemptTimeoutMs, timeoutWarnings } from '../../src/realtime/timeout.ts';
import { ARITH, FAST_TIMING, latestRun, writeProject } from '../run/helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const input = (maxTokens?: number) => ({ messages: [], ...(maxTokens ? { inferenceConfig: { maxTokens } } : {}) });

describe('realtime timeouts', () => {
  it('scale with maxTokens (or the model limit) by default; a fixed one (model first, then realtime.timeoutMs) wins', () => {
    const cfg = resolveConfig({ suite: 's.jsonl', models: [{ id: 'beval.arith-v1' }, { id: 'anthropic.claude-sonnet-4-5-20250929-v1:0', realtimeTimeoutMs: 5_000 }] }, '/x/eval.config.ts');
    expect(attemptTimeoutMs(cfg, cfg.models[0], 'beval.arith-v1', input(100))).toBe(30_000 + 100 * 50);
    // No maxTokens: the model may write its whole limit (4,096 for arith; 64K for Claude 4.5 → about 54 minutes).
    expect(attemptTimeoutMs(cfg, cfg.models[0], 'beval.arith-v1', input())).toBe(30_000 + 4_096 * 50);
    expect(attemptTimeoutMs(cfg, undefined, 'anthropic.claude-sonnet-4-5-20250929-v1:0', input())).toBe(30_000 + 64_000 * 50);
    expect(attemptTimeoutMs(cfg, cfg.models[1], cfg.models[1]!.id, input())).toBe(5_000);
    const fixed = resolveConfig({ suite: 's.jsonl', models: [{ id: 'beval.arith-v1' }], realtime: { timeoutMs: 60_000 } }, '/x/eval.config.ts');
    expect(attemptTimeoutMs(fixed, fixed.models[0], 'beval.arith-v1', input(64_000))).toBe(60_000);
  });

  it('warn at plan time when a fixed timeout cannot fit a record\'s maxTokens (model overrides merged)', () => {
    const cfg = resolveConfig({ suite: 's.jsonl', models: [{ id: 'beval.arith-v1', label: 'a' }, { id: 'beval.verbose-v1', label: 'v', inferenceConfig: { maxTokens: 8_000 } }], realtime: { timeoutMs: 60_000 } }, '/x/eval.config.ts');
    const lines = timeoutWarnings(cfg, [{ recordId: 'r1', modelInput: input(100) }, { recordId: 'r2', modelInput: input(2_000) }]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('a: 1 record(s) (e.g. r2) allow up to 2000 output tokens, which cannot plausibly finish within the fixed realtime timeout of 60 s');
    expect(lines[1]).toContain('v: 2 record(s) (e.g. r1) allow up to 8000 output tokens');
    expect(lines[1]).toContain('Raise realtime.timeoutMs to about 430 s');
    const scaled = resolveConfig({ suite: 's.jsonl', models: [{ id: 'beval.arith-v1' }] }, '/x/eval.config.ts');
    expect(timeoutWarnings(scaled, [{ recordId: 'r1', modelInput: input(4_000) }])).toEqual([]);
  });
});

describe('a timed-out realtime request', () => {
  let emu: RunningEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  it('is sent again (attempt in the ledger), and written as 408 only at the last attempt; run warns at plan time', async () => {
    emu = await startEmulator({ timing: FAST_TIMING, faults: [{ kind: 'slow', latencyMs: 400 }] });
    const dir = tempDir('rt-timeout');
    const config = writeProject(dir, 2, { models: [{ ...ARITH, realtimeTimeoutMs: 100 }], mode: 'realtime', realtime: { maxAttempts: 2 }, target: { kind: 'emulator', endpoint: emu.endpoint } });
    const io = captureIo(dir);
    await main(['run', '--config', config], io);
    expect(io.err()).toContain('arith: 2 record(s) (e.g. r0000) allow up to 256 output tokens, which cannot plausibly finish within the fixed realtime timeout of 100 ms');
    const { runDir, ledger } = latestRun(dir);
    expect(ledger.models[0]!.shards[0]!.attempts).toEqual({ r0000: 2, r0001: 2 });
    const lines = fs.readFileSync(path.join(runDir, 'outputs', 'arith', 'realtime', 'shard-0.jsonl.out'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { error?: { errorCode: number; errorMessage: string } });
    expect(lines.map((l) => l.error?.errorCode)).toEqual([408, 408]);
    expect(lines[0]!.error!.errorMessage).toContain('beval gave up after 2 attempts');
    // Each attempt is up to the SDK's 6 tries, each cut at 100 ms (fewer when its retry budget runs low under load).
    const calls = emu.counters().converseCalls[ARITH.id]!;
    expect(calls).toBeGreaterThanOrEqual(2 * 2);
    expect(calls).toBeLessThanOrEqual(2 * 2 * 6);
  });
});
