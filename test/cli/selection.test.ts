// --limit, --sample/--seed and --models: a run of part of the suite and some models records what it ran, and
// the reports say it ("sample of 60 of 180 records").
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { arithmeticSuite, tempProject, type TempProject } from '../helpers/project.ts';
import { captureIo } from '../helpers/io.ts';

describe('run part of a suite with some of the models', () => {
  let project: TempProject;
  beforeAll(() => {
    project = tempProject({
      models: [{ id: 'beval.arith-v1', label: 'arith' }, { id: 'beval.verbose-v1', label: 'verbose' }, { id: 'beval.flaky-v1', label: 'flaky' }],
      baseline: 'arith', scorers: ['numeric'], mode: 'auto', target: { kind: 'emulator', timing: { stepMs: 20, recordsPerSecond: 4000 } },
    }, arithmeticSuite(180));
  });
  afterAll(() => project.cleanup());

  it('--sample 60 --seed 3 --models arith,verbose runs 60 records on two models, stratified, and says so', async () => {
    const io = captureIo(project.dir);
    expect(await main(['run', '--config', project.config, '--sample', '60', '--seed', '3', '--models', 'arith,verbose', '--json'], io)).toBe(0);
    const doc = JSON.parse(io.out()) as { runDir: string; suite: { records: number; selection: string }; models: { model: { label: string } }[] };
    expect(doc.suite).toMatchObject({ records: 60, selection: 'sample of 60 of 180 records (seed 3, stratified by tag)' });
    expect(doc.models.map((m) => m.model.label)).toEqual(['arith', 'verbose']);
    expect(io.err()).toContain('Records: sample of 60 of 180 records (seed 3, stratified by tag).');
    const lines = fs.readFileSync(path.join(doc.runDir, 'suite.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { tags: string[] });
    expect(lines).toHaveLength(60);
    // arithmeticSuite: one addition per three records.
    expect(lines.filter((r) => r.tags[0] === 'addition')).toHaveLength(20);
    expect(fs.readFileSync(path.join(doc.runDir, 'summary.md'), 'utf8')).toContain('60 records (sample of 60 of 180 records (seed 3, stratified by tag)) from suite.jsonl.');
    const ledger = JSON.parse(fs.readFileSync(path.join(doc.runDir, 'ledger.json'), 'utf8')) as { selection: string };
    expect(ledger.selection).toBe(doc.suite.selection);
    // report.html's header states it beside the record count.
    const header = /<header id="top">([\s\S]*?)<\/header>/.exec(fs.readFileSync(path.join(doc.runDir, 'report.html'), 'utf8'))![1]!;
    expect(header).toContain('<dt>Records</dt><dd>60 <span class="selection warn">(sample of 60 of 180 records (seed 3, stratified by tag))</span></dd>');
    // So does the terminal above the figures, also when the run is re-scored.
    const runId = path.basename(doc.runDir);
    const score = captureIo(project.dir);
    expect(await main(['score', runId, '--config', project.config], score)).toBe(0);
    expect(score.out()).toMatch(/^Re-scored run \S+\n\nRecords: sample of 60 of 180 records \(seed 3, stratified by tag\)\.\n\nMODEL/);
  });

  it('--limit in the estimate', async () => {
    const io = captureIo(project.dir);
    expect(await main(['estimate', '--config', project.config, '--limit', '10', '--json'], io)).toBe(0);
    const doc = JSON.parse(io.out()) as { estimate: { models: { records: number }[] } };
    expect(doc.estimate.models.map((m) => m.records)).toEqual([10, 10, 10]);
    expect(io.err()).toContain('Records: first 10 of 180 records (--limit).');
  });

  it('refuses an unknown model with the one meant, a selection without the baseline, and --limit with --sample', async () => {
    const run = async (...argv: string[]) => {
      const io = captureIo(project.dir);
      return { code: await main(['estimate', '--config', project.config, ...argv], io), err: io.err() };
    };
    expect(await run('--models', 'arith,verbos')).toEqual({ code: 1, err: expect.stringMatching(/--models: no model "verbos" in .*\(did you mean "verbose"\?\)/) });
    expect(await run('--models', 'verbose,flaky')).toEqual({ code: 1, err: expect.stringMatching(/--models leaves out the baseline "arith".*--models arith,verbose,flaky/) });
    expect(await run('--limit', '5', '--sample', '5')).toEqual({ code: 1, err: expect.stringMatching(/give one of them/) });
  });
});
