// `beval estimate`, the budget check before submitting, and `beval score` re-scoring stored outputs without Bedrock.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { startEmulator } from '../../src/emulator/index.ts';
import { arithmeticSuite, tempProject } from '../helpers/project.ts';
import { captureIo } from '../helpers/io.ts';

const MODELS = [{ id: 'beval.arith-v1', label: 'arith', pricing: { inputPer1k: 1, outputPer1k: 2 } }, { id: 'beval.verbose-v1', label: 'verbose' }];

describe('beval estimate and the budget', () => {
  it('prints tokens and batch and on-demand cost per model from the suite alone', async () => {
    const project = tempProject({ models: MODELS }, arithmeticSuite(120, { maxTokens: () => 100 }));
    const io = captureIo(project.dir);
    expect(await main(['estimate', '--config', project.config], io)).toBe(0);
    const arith = io.out().split('\n').find((l) => l.startsWith('arith'))!;
    // 120 records × maxTokens 100 at $2 per 1k output tokens: the upper bound is $24 on demand, half in batch.
    expect(arith).toMatch(/12,000 \/ 12,000/);
    const [batch, onDemand] = [...arith.matchAll(/\$(\d+\.\d+) \/ \$(\d+\.\d+)/g)].map((m) => Number(m[2]));
    expect(onDemand!).toBeGreaterThan(24); // plus the input tokens at $1 per 1k
    expect(onDemand!).toBeLessThan(26);
    expect(batch! * 2).toBeCloseTo(onDemand!, 6);
    expect(fs.existsSync(path.join(project.dir, 'reports'))).toBe(false);
    project.cleanup();
  });

  it('refuses to submit above budgetUsd, before anything is uploaded, unless --yes', async () => {
    const emulator = await startEmulator();
    const project = tempProject({ models: MODELS.slice(0, 1), budgetUsd: 1, target: { kind: 'emulator', endpoint: emulator.endpoint } }, arithmeticSuite(120, { maxTokens: () => 100 }));
    try {
      const io = captureIo(project.dir);
      expect(await main(['submit', '--config', project.config], io)).toBe(1);
      expect(io.err()).toMatch(/may cost up to \$\d+\.\d+ .*above budgetUsd \$1\.00\. Nothing was submitted/);
      expect(emulator.counters().putObjectCalls).toBe(0);
      expect(emulator.counters().createCalls).toBe(0);
      const yes = captureIo(project.dir);
      expect(await main(['submit', '--config', project.config, '--yes'], yes)).toBe(0);
      expect(emulator.counters().jobsCreated).toBe(1);
    } finally {
      await emulator.close();
      project.cleanup();
    }
  });
});

describe('beval score', () => {
  it('recomputes scores and reports from stored outputs with changed scorers and no Bedrock call', async () => {
    const emulator = await startEmulator();
    const project = tempProject({ models: MODELS, scorers: ['numeric'], target: { kind: 'emulator', endpoint: emulator.endpoint } }, arithmeticSuite(120));
    try {
      const io = captureIo(project.dir);
      expect(await main(['run', '--config', project.config], io)).toBe(0);
      const runId = /Run (\S+) finished/.exec(io.out())![1]!;
      const before = { ...emulator.counters() };
      fs.writeFileSync(project.config, `export default ${JSON.stringify({ suite: 'suite.jsonl', models: MODELS, scorers: ['numeric', ['regex', { pattern: '^Answer: \\\\d+$', flags: 'm' }]], target: { kind: 'emulator', endpoint: 'http://127.0.0.1:1' } })};\n`);
      const again = captureIo(project.dir);
      expect(await main(['score', runId, '--config', project.config], again)).toBe(0);
      expect(again.err()).toBe('');
      expect(emulator.counters()).toEqual(before);
      const header = fs.readFileSync(path.join(project.dir, 'reports', runId, 'summary.csv'), 'utf8').split('\r\n')[0]!;
      expect(header).toContain('numeric:mean');
      expect(header).toMatch(/regex:[^,]*:mean/);
      const scores = fs.readFileSync(path.join(project.dir, 'reports', runId, 'scores.csv'), 'utf8');
      expect(scores.match(/,"regex:/g)?.length).toBe(240); // 120 records × 2 models
    } finally {
      await emulator.close();
      project.cleanup();
    }
  });
});
