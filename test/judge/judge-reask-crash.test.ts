// Judge requests that all failed are asked again under the next key (`j-<hash>-2`, judge-stage.ts groupKey). A
// collect killed after planning that entry and before its job was recorded is resumed by adopting it (one job, no
// `-3`); and a cancelled run plans no judge job at all.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readLedger } from '../../src/run/ledger.ts';
import { runBevalProcess } from '../helpers/cli-process.ts';
import { JUDGE_MODEL, judgeProject, judgeSuite, type JudgeProject } from './helpers.ts';

const MODELS = [{ id: 'beval.arith-v1', label: 'arith' }, { id: 'beval.verbose-v1', label: 'verbose' }];
const RUBRIC = [{ kind: 'rubric', model: JUDGE_MODEL }];

describe('judge requests asked again', () => {
  let p: JudgeProject | undefined;
  afterEach(async () => {
    await p?.close();
    p = undefined;
  });

  it.each(['after-upload', 'after-create-before-ledger'])('a collect killed at %s while asking again is resumed under the same key, one job', async (point) => {
    p = await judgeProject({ models: MODELS, baseline: 'arith', judges: RUBRIC }, judgeSuite(110), {
      emulator: { faults: [{ kind: 'record-errors', fraction: 1, times: 1, model: JUDGE_MODEL }] },
    });
    expect((await p.run()).code).toBe(0);
    const { id, runDir, results } = p.latest();
    expect(results.summary.judge).toMatchObject({ unscored: 220 });
    const first = readLedger(runDir).judges!.map((m) => m.key);
    expect(first).toHaveLength(1);

    const killed = await runBevalProcess(p.dir, ['collect', id, '--config', p.config], point);
    expect(killed.signal, killed.out).toBe('SIGKILL');
    expect(readLedger(runDir).judges!.map((m) => m.key)).toEqual([first[0], `${first[0]}-2`]);

    const resumed = await runBevalProcess(p.dir, ['collect', id, '--config', p.config]);
    expect(resumed.code, resumed.out).toBe(0);
    expect(readLedger(runDir).judges!.map((m) => [m.key, m.shards.map((s) => s.status)])).toEqual([[first[0], ['Completed']], [`${first[0]}-2`, ['Completed']]]);
    expect(p.judgeJobs()).toBe(2);
    expect(p.latest().results.summary.judge).toMatchObject({ freshVerdicts: 220, unscored: 0 });
  }, 60_000);

  it('a run cancelled before its judge stage plans no judge job when collected', async () => {
    p = await judgeProject({ models: MODELS, baseline: 'arith', judges: RUBRIC }, judgeSuite(110), {
      emulator: { timing: { stepMs: 100, recordsPerSecond: 50 } },
    });
    const submitted = await p.run(['submit']);
    expect(submitted.code, submitted.io.err()).toBe(0);
    const id = /^(\d{8}-\d{6}-[0-9a-f]{4})$/m.exec(submitted.io.out())![1]!;
    // Some records of each job answered before the stop.
    while (p.emulator.jobs().some((j) => j.processedRecordCount === 0)) await new Promise((r) => setTimeout(r, 50));
    const cancelled = await p.run(['cancel', id]);
    expect(cancelled.code, cancelled.io.err()).toBe(0);
    const runDir = path.join(p.dir, 'reports', id);
    // Before the fix the judge stage planned a job the cancelled run never creates, and collect waited for it for ever.
    const collected = await p.run(['collect', id]);
    expect(collected.code, collected.io.err()).toBe(0);
    expect(collected.io.err()).toMatch(/run cancelled: \d+ judge request\(s\) to beval\.judge-v1 not sent/);
    expect(readLedger(runDir).phase).toBe('cancelled');
    const answered = p.latest().results.summary.perModel.reduce((n, m) => n + m.ok, 0);
    expect(answered, collected.io.out()).toBeGreaterThan(0);
    expect(p.judgeJobs()).toBe(0);
    expect(readLedger(runDir).judges ?? []).toEqual([]);
  }, 60_000);
});
