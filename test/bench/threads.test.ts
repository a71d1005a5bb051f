// Scoring on a worker thread must write exactly the same reports as scoring in one thread.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { readLedger } from '../../src/run/ledger.ts';
import { scoreRun } from '../../src/pipeline/score-run.ts';
import { lastScorePhases } from '../../src/score/phase-marks.ts';
import { writeSyntheticRun } from '../../bench/synthetic.ts';
import { adviceFor } from '../../src/advice.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-threads-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const FILES = ['summary.csv', 'records.csv', 'scores.csv', 'results.json', 'report.html'];

describe('scoreRun threads', () => {
  it('gives byte-identical reports with 1 and 2 threads, and calls afterModel once per model', async () => {
    const run = writeSyntheticRun({ dir, records: 600, models: 3, textChars: 200 });
    // Drop some lines of one model so missing records and the join bookkeeping cross the thread boundary too.
    const f = run.outputFiles[1]!;
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').split('\n').filter((_, i) => i % 10 !== 4).join('\n'));
    const config = await loadConfig(run.project, run.config);
    const outputs: Record<number, string[]> = {};
    for (const threads of [1, 2]) {
      const seen: string[] = [];
      const started = performance.now();
      const { summary } = await scoreRun(run.runDir, readLedger(run.runDir), config, { advice: adviceFor(), threads, afterModel: (k) => seen.push(k) });
      // The bench splits beval score's time by these marks: every phase is timed, and together they are the run.
      const phases = lastScorePhases()!;
      const timed = Object.values(phases).reduce((a, b) => a + b, 0);
      expect(Object.values(phases).every((ms) => ms >= 0)).toBe(true);
      expect(phases.scoring).toBeGreaterThan(0);
      expect(timed).toBeLessThanOrEqual(performance.now() - started);
      expect(seen.sort()).toEqual(['model-0', 'model-1', 'model-2']);
      expect(summary.perModel[1]!.missing).toBe(60);
      outputs[threads] = FILES.map((name) => fs.readFileSync(path.join(run.runDir, name), 'utf8'));
    }
    expect(outputs[2]).toEqual(outputs[1]);
  }, 60_000);
});
