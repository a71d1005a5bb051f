// `--json`: every command prints exactly one JSON document on stdout (schemaVersion, command, exitCode and its
// fields), its human text on stderr, and keeps its exit code.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { arithmeticSuite, tempProject, type TempProject } from '../helpers/project.ts';
import { captureIo } from '../helpers/io.ts';

const FAST = { timing: { stepMs: 20, recordsPerSecond: 4000 } };

type Doc = Record<string, unknown> & { schemaVersion: number; command: string; exitCode: number };

async function json(cwd: string, ...argv: string[]): Promise<{ code: number; doc: Doc; err: string }> {
  const io = captureIo(cwd);
  const code = await main([...argv, '--json'], io);
  const out = io.out();
  expect(out.endsWith('\n') && !out.slice(0, -1).includes('\n')).toBe(true);
  const doc = JSON.parse(out) as Doc;
  expect(doc.schemaVersion).toBe(1);
  expect(doc.exitCode).toBe(code);
  return { code, doc, err: io.err() };
}

describe('--json', () => {
  let project: TempProject;
  let runId: string;

  beforeAll(() => {
    project = tempProject({ models: [{ id: 'beval.arith-v1', label: 'arith' }, { id: 'beval.verbose-v1', label: 'verbose' }], baseline: 'arith', scorers: ['numeric'], target: { kind: 'emulator', ...FAST } }, arithmeticSuite(120));
  });
  afterAll(() => project.cleanup());

  it('run: the run\'s files, models, comparisons and verdict line; the log on stderr', async () => {
    const { code, doc, err } = await json(project.dir, 'run', '--config', project.config);
    expect(code).toBe(0);
    expect(doc.command).toBe('run');
    runId = doc.runId as string;
    expect(doc).toMatchObject({ state: 'collected', baseline: 'arith', gate: null, suite: { records: 120 } });
    const files = doc.files as Record<string, string>;
    for (const f of ['summaryCsv', 'recordsCsv', 'scoresCsv', 'resultsJson', 'reportHtml', 'summaryMd']) expect(fs.existsSync(files[f]!)).toBe(true);
    expect((doc.models as { model: { label: string }; ok: number }[]).map((m) => [m.model.label, m.ok])).toEqual([['arith', 120], ['verbose', 120]]);
    const first = (doc.comparisons as { candidate: string; difference: number; verdict: string }[])[0]!;
    expect(first).toMatchObject({ candidate: 'verbose' });
    // The verb states the verdict, never the sign of the difference alone.
    const verb = { better: 'is ahead of', worse: 'is behind', equivalent: 'is equivalent to' }[first.verdict] ?? 'cannot yet be told apart from';
    expect(doc.verdictLine).toMatch(new RegExp(`^verbose ${verb} arith on numeric: .*; ${first.verdict},`));
    expect(err).toContain(`Run ${runId} finished`);
    expect(err).toContain(doc.verdictLine as string);
  });

  it('score, collect, status and runs describe the same run', async () => {
    const score = await json(project.dir, 'score', runId, '--config', project.config);
    expect(score.doc).toMatchObject({ command: 'score', exitCode: 0, runId, state: 'collected' });
    const collect = await json(project.dir, 'collect', runId, '--config', project.config);
    expect(collect.doc).toMatchObject({ command: 'collect', exitCode: 0, runId, state: 'collected' });
    const status = await json(project.dir, 'status', runId, '--config', project.config);
    expect(status.doc).toMatchObject({ command: 'status', runId, phase: 'collected', source: 'ledger' });
    expect((status.doc.jobs as { model: string; status: string; processed: number }[]).map((j) => [j.model, j.status, j.processed])).toEqual([['arith', 'Completed', 120], ['verbose', 'Completed', 120]]);
    const runs = await json(project.dir, 'runs', '--config', project.config);
    expect(runs.doc.runs).toEqual([expect.objectContaining({ runId, state: 'collected', suite: expect.objectContaining({ records: 120 }) })]);
    expect((runs.doc.runs as { models: { label: string }[] }[])[0]!.models.map((m) => m.label)).toEqual(['arith', 'verbose']);
  });

  it('estimate gives the estimate\'s numbers', async () => {
    const { code, doc } = await json(project.dir, 'estimate', '--config', project.config);
    expect(code).toBe(0);
    const e = doc.estimate as { models: { label: string; records: number; inputTokens: number }[] };
    expect(e.models.map((m) => [m.label, m.records])).toEqual([['arith', 120], ['verbose', 120]]);
    expect(e.models[0]!.inputTokens).toBeGreaterThan(0);
  });

  it('validate lists every problem with file, line and field, and exits 1', async () => {
    const ok = await json(project.dir, 'validate', 'suite.jsonl');
    expect(ok.doc).toMatchObject({ command: 'validate', exitCode: 0, valid: true, records: 120, withExpected: 120, problems: [] });
    fs.writeFileSync(path.join(project.dir, 'bad.jsonl'), '{"recordId":"a","modelInput":{"messages":[]}}\nnot json\n');
    const bad = await json(project.dir, 'validate', 'bad.jsonl');
    expect(bad.code).toBe(1);
    const problems = bad.doc.problems as { file: string; line: number; field: string; message: string }[];
    expect(problems.map((p) => p.line)).toEqual([1, 2]);
    expect(problems[0]!.file).toBe(path.join(project.dir, 'bad.jsonl'));
    expect(bad.err).toMatch(/bad\.jsonl:2:/);
  });

  it('an error is a document too: exit 1 and the message', async () => {
    const { code, doc, err } = await json(project.dir, 'gate', runId, '--config', project.config);
    expect(code).toBe(1);
    expect(doc).toMatchObject({ command: 'gate', exitCode: 1 });
    expect(doc.error).toMatch(/has no `gate` section/);
    expect(err).toMatch(/^beval: .*has no `gate` section/);
  });

  it('--version', async () => {
    const { doc } = await json(project.dir, '--version');
    expect(doc).toMatchObject({ command: 'version', exitCode: 0, versions: { beval: expect.any(String), node: process.version } });
  });
});
