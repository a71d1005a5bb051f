// Scoring threads start before the suite is loaded when the outputs are big enough for workers (≥ 32 MiB): the
// compiled CLI must score as one thread does, and exit, not hang on threads that waited for work that never came.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticRun, type BenchRun } from '../../bench/synthetic.ts';
import { scoreRun } from '../../src/pipeline/score-run.ts';
import { loadConfig } from '../../src/config/load.ts';
import { readLedger, writeLedger } from '../../src/run/ledger.ts';
import { adviceFor } from '../../src/advice.ts';
import { WORKER_MIN_BYTES } from '../../src/score/score-models.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const BIN = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
let dir: string;
let run: BenchRun;

beforeAll(() => {
  dir = tempDir('early-threads');
  run = writeSyntheticRun({ dir, records: 7500, models: 2 });
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args, '--config', run.config], { cwd: run.project, encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });

describe('scoring threads started early', () => {
  it('the compiled CLI scores a run big enough for them as one thread does', async () => {
    expect(run.outputBytes).toBeGreaterThanOrEqual(WORKER_MIN_BYTES);
    const config = await loadConfig(run.project, run.config);
    await scoreRun(run.runDir, readLedger(run.runDir), config, { advice: adviceFor(run.config), threads: 0, reports: ['summary', 'results'] });
    const single = fs.readFileSync(path.join(run.runDir, 'results.json'));
    const r = cli('score', run.runId, '--reports', 'summary,results');
    expect(r.status, r.stderr).toBe(0);
    expect(fs.readFileSync(path.join(run.runDir, 'results.json')).equals(single)).toBe(true);
  }, 90_000);

  it('stops them when scoring refuses before using them, and exits', () => {
    const ledger = readLedger(run.runDir);
    const saved = structuredClone(ledger);
    ledger.models[1]!.shards[0]!.status = 'InProgress';
    writeLedger(run.runDir, ledger);
    try {
      const r = cli('score', run.runId);
      expect(r.signal, 'the CLI did not exit by itself').toBeNull();
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('not finished');
    } finally {
      writeLedger(run.runDir, saved);
    }
  }, 90_000);
});
