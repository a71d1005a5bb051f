// The json-schema scorer loads ajv on first use (json-schema.ts). Run from source (bin/beval.js) in a project folder
// outside this repository, as the crash drills and `node <repo>/bin/beval.js` do, its scoring threads (bundled
// workers, ts-worker.ts) still find ajv: a worker evaluated from a string resolves a bare `require` from the current
// directory, where no node_modules holds it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BENCH_SCORERS, writeSyntheticRun } from '../../bench/synthetic.ts';
import { WORKER_MIN_BYTES } from '../../src/score/score-models.ts';
import { runBevalProcess } from '../helpers/cli-process.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-json-schema-threads-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('a json-schema scorer on scoring threads, run from source', () => {
  it('scores a run big enough for worker threads, from a project folder outside the repository', async () => {
    const run = writeSyntheticRun({ dir: tmp, records: 9000, models: 2 });
    // Big enough that `beval score` scores on worker threads (2 cores or more).
    expect(run.outputBytes).toBeGreaterThanOrEqual(WORKER_MIN_BYTES);
    expect(os.availableParallelism()).toBeGreaterThanOrEqual(2);
    const scorers = [...BENCH_SCORERS, ['json-schema', { schema: { type: 'object' } }]];
    fs.writeFileSync(run.config, fs.readFileSync(run.config, 'utf8').replace(JSON.stringify(BENCH_SCORERS), JSON.stringify(scorers)));
    const scored = await runBevalProcess(tmp, ['score', run.runId, '--config', run.config, '--reports', 'summary']);
    expect(scored.code, scored.out).toBe(0);
    const results = JSON.parse(fs.readFileSync(path.join(run.runDir, 'results.json'), 'utf8')) as { summary: { perModel: { metrics: { metric: string; scored: number }[] }[] } };
    for (const pm of results.summary.perModel) expect(pm.metrics.find((m) => m.metric === 'json-schema')?.scored).toBe(9000);
  }, 120_000);
});
