// Issue 16 end to end on the emulator, through main([...]) and the real SDK: each misleading verdict a new user met,
// reproduced, with the behaviour that replaced it (docs/statistics.md, "Records without an answer").
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { arithmeticSuite, tempProject, type TempProject } from '../helpers/project.ts';
import { captureIo } from '../helpers/io.ts';
import type { Comparison, RunSummary } from '../../src/types/results.ts';

const EXAMPLE = fs.readFileSync(new URL('../../suites/example.jsonl', import.meta.url), 'utf8');
const ARITH = { id: 'beval.arith-v1', label: 'arith' };
const FLAKY = { id: 'beval.flaky-v1', label: 'flaky' };
const VERBOSE = { id: 'beval.verbose-v1', label: 'verbose' };

function writeConfig(p: TempProject, config: Record<string, unknown>): void {
  fs.writeFileSync(p.config, `export default ${JSON.stringify({ suite: 'suite.jsonl', ...config })};\n`);
}

function readSummary(runDir: string): { schemaVersion: number; summary: RunSummary } {
  const text = fs.readFileSync(path.join(runDir, 'results.json'), 'utf8');
  return JSON.parse(text) as { schemaVersion: number; summary: RunSummary };
}

async function run(p: TempProject, args: string[] = []): Promise<{ code: number; out: string; runId: string; runDir: string }> {
  const io = captureIo(p.dir);
  const code = await main(['run', '--config', p.config, ...args], io);
  const runId = /Run (\S+) finished/.exec(io.out())?.[1] ?? '';
  return { code, out: io.out(), runId, runDir: path.join(p.dir, 'reports', runId) };
}

async function cli(p: TempProject, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(p.dir);
  const code = await main([...args, '--config', p.config], io);
  return { code, out: io.out(), err: io.err() };
}

describe('the example config: a model that fails one request in seven', () => {
  let project: TempProject;
  let first: Awaited<ReturnType<typeof run>>;

  beforeAll(async () => {
    project = tempProject({}, EXAMPLE);
    writeConfig(project, { models: [ARITH, FLAKY, VERBOSE], baseline: 'arith', scorers: ['numeric'] });
    first = await run(project);
    expect(first.code).toBe(0);
  });
  afterAll(() => project.cleanup());

  it('counts its errors as failures: not starred, not called better, the gap beside it', () => {
    const { summary } = readSummary(first.runDir);
    const flaky = summary.perModel.find((p) => p.model.label === 'flaky')!;
    const m = flaky.metrics[0]!;
    expect(flaky.errors).toBeGreaterThan(10);
    // The headline is over every scorable record; "answered only" (the old 100%) stays beside it.
    expect(m.counted).toBe(132);
    expect(m.mean).toBeCloseTo(m.passed! / 132, 12);
    expect(m.answered!.mean).toBe(1);
    const c = summary.comparisons.find((x) => x.candidate === 'flaky')!;
    expect(c.paired).toBe(132);
    expect(c.verdict).not.toBe('better');
    // terminal: no ★ on flaky, its answered share stated beside the comparison, and the policy legend
    const line = first.out.split('\n').find((l) => /^numeric\s+flaky/.test(l))!;
    expect(line).not.toContain('★');
    expect(line).not.toMatch(/\bbetter\b/);
    expect(line).toMatch(/answered \d+\.\d%, \d+\.\d points below/);
    expect(first.out).toContain('counts as a failure');
    // report.html: flaky's cell is neither starred nor shaded best, and carries the gap
    const html = fs.readFileSync(path.join(first.runDir, 'report.html'), 'utf8');
    const row = /<tr data-model="flaky">([\s\S]*?)<\/tr>/.exec(html)![1]!;
    expect(row).not.toContain('★');
    expect(row).not.toMatch(/class="[^"]*\bbest\b/);
    expect(row).toMatch(/points below arith/);
    expect(row).toContain('unanswered (counted as failures)');
    // summary.csv speaks the same words
    const csv = fs.readFileSync(path.join(first.runDir, 'summary.csv'), 'utf8');
    expect(csv.split('\n')[0]).toContain('numeric:verdict');
    expect(csv).toContain(`,"${c.verdict}",`); // text cells are quoted (issue 19)
    // the one-line verdict (terminal and summary.md) does not call a higher but inconclusive mean "ahead"
    const md = fs.readFileSync(path.join(first.runDir, 'summary.md'), 'utf8');
    expect(md).not.toContain('flaky is ahead of arith');
    expect(first.out).toMatch(/flaky cannot yet be told apart from arith on numeric: .*inconclusive/);
  });

  it('the gate the CLI suggests fails it on coverage, with a row that says so', async () => {
    writeConfig(project, { models: [ARITH, FLAKY, VERBOSE], baseline: 'arith', scorers: ['numeric'], gate: { candidates: ['flaky'], rules: [{ metric: 'numeric', margin: 0.02 }] } });
    const g = await cli(project, ['gate', first.runId]);
    expect(g.code).toBe(2);
    expect(g.out).toMatch(/flaky\s+\(all records\)\s+answered share ≥ baseline − 0\.01\s+REGRESSION\s+answered \d+\/132/);
    expect(g.out).toContain('Verdict: REGRESSION');
  });

  it("unanswered: 'exclude' compares answered records only, and says so in the legend", async () => {
    writeConfig(project, { models: [ARITH, FLAKY, VERBOSE], baseline: 'arith', scorers: ['numeric'], unanswered: 'exclude' });
    const s = await cli(project, ['score', first.runId]);
    expect(s.code).toBe(0);
    expect(s.out).toContain("Unanswered records are left out (unanswered: 'exclude')");
    const { summary } = readSummary(first.runDir);
    const m = summary.perModel.find((p) => p.model.label === 'flaky')!.metrics[0]!;
    expect(m.mean).toBe(1);
    expect(m.counted).toBe(m.scored);
    expect(summary.comparisons.find((x) => x.candidate === 'flaky')!.paired).toBe(m.scored);
    expect(summary.policy!.unanswered).toBe('exclude');
    // back to the default for the tests below
    writeConfig(project, { models: [ARITH, FLAKY, VERBOSE], baseline: 'arith', scorers: ['numeric'] });
    expect((await cli(project, ['score', first.runId])).code).toBe(0);
  });

  it('beval cancel on a finished run says there is nothing to cancel, exits 0 and changes nothing', async () => {
    const ledger = fs.readFileSync(path.join(first.runDir, 'run.json'), 'utf8');
    const c = await cli(project, ['cancel', first.runId]);
    expect(c.code).toBe(0);
    expect(c.out).toContain('nothing to cancel');
    expect(fs.readFileSync(path.join(first.runDir, 'run.json'), 'utf8')).toBe(ledger);
  });
});

describe('records not run', () => {
  it('make the comparison incomplete, never better, and the gate gives no pass', async () => {
    const project = tempProject({}, arithmeticSuite(120));
    try {
      // verbose's job expires before answering anything: all its records are not run.
      writeConfig(project, {
        models: [{ id: 'beval.verbose-v1', label: 'verbose' }, ARITH], baseline: 'verbose', scorers: ['numeric'],
        target: { kind: 'emulator', faults: [{ kind: 'expired', model: 'beval.verbose-v1' }] },
        gate: { candidates: ['arith'], rules: [{ metric: 'numeric', margin: 0.05 }] },
      });
      const r = await run(project, ['--gate']);
      const { summary } = readSummary(r.runDir);
      const c = summary.comparisons[0]!;
      expect(c).toMatchObject({ candidate: 'arith', verdict: 'incomplete', notRun: 120 });
      expect(r.out).toMatch(/^numeric\s+arith\s+.*incomplete/m);
      expect(r.out).toMatch(/arith\s+numeric\s+non-inferiority δ=0\.05\s+INCONCLUSIVE\s+incomplete: 120 scorable record\(s\) not run/);
      expect(summary.gate!.verdict).not.toBe('pass');
    } finally {
      project.cleanup();
    }
  });
});

describe('records the scorer cannot score', () => {
  it('do not fail minCoverage when both models answered every record', async () => {
    const lines = arithmeticSuite(5).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    delete lines[1]!.expected; // no expected answer
    lines[3]!.expected = 'Paris'; // an expected answer with no number in it
    const project = tempProject({}, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    try {
      writeConfig(project, {
        models: [ARITH, { id: 'beval.arith-v1', label: 'arith-again' }], baseline: 'arith', scorers: ['numeric'], mode: 'realtime',
        gate: { rules: [{ metric: 'numeric', margin: 0.02, minCoverage: 0.95 }] },
      });
      const r = await run(project, ['--gate']);
      expect(r.out).toMatch(/coverage ≥ 0\.95\s+PASS\s+coverage 1 \(3 scored of 3 the scorer can score\)/);
      expect(r.out).not.toContain('REGRESSION');
      expect(r.code).not.toBe(2);
      const { summary } = readSummary(r.runDir);
      expect(summary.perModel[0]!.metrics[0]).toMatchObject({ scorable: 3, scored: 3, expected: 5, unanswered: 0 });
    } finally {
      project.cleanup();
    }
  });
});

describe('verdict words on four paired records', () => {
  it('+50 pp [−10.2 pp, +85.0 pp] reads inconclusive, never no-difference', async () => {
    const suite: string[] = [];
    const right: string[] = [];
    const half: string[] = [];
    for (let i = 0; i < 4; i++) {
      const prompt = `Question ${i}: what is ${i} + 1?`;
      suite.push(JSON.stringify({ recordId: `q${i}`, modelInput: { messages: [{ role: 'user', content: [{ text: prompt }] }] }, expected: String(i + 1) }));
      right.push(JSON.stringify({ prompt, output: `Answer: ${i + 1}` }));
      half.push(JSON.stringify({ prompt, output: `Answer: ${i < 2 ? 99 : i + 1}` }));
    }
    const project = tempProject({}, `${suite.join('\n')}\n`);
    try {
      fs.writeFileSync(path.join(project.dir, 'right.jsonl'), `${right.join('\n')}\n`);
      fs.writeFileSync(path.join(project.dir, 'half.jsonl'), `${half.join('\n')}\n`);
      writeConfig(project, {
        models: [{ id: 'beval.replay-half', label: 'half' }, { id: 'beval.replay-right', label: 'right' }], baseline: 'half', scorers: ['numeric'], mode: 'realtime',
        target: { kind: 'emulator', replay: { 'beval.replay-half': 'half.jsonl', 'beval.replay-right': 'right.jsonl' } },
      });
      const r = await run(project);
      expect(r.code).toBe(0);
      const c = readSummary(r.runDir).summary.comparisons[0]!;
      expect(c.difference).toBe(0.5);
      expect(c.ci!.low).toBeCloseTo(-0.10205, 5);
      expect(c.ci!.high).toBeCloseTo(0.84996, 5);
      expect(c.verdict).toBe('inconclusive');
      expect(r.out).toMatch(/\+50\.0 pp \[−10\.2 pp, \+85\.0 pp\] inconclusive/);
      expect(r.out).not.toContain('no-difference');
    } finally {
      project.cleanup();
    }
  });
});

describe('the gate family', () => {
  let project: TempProject;
  let runId: string;
  const models = [ARITH, { id: 'beval.arith-v1', label: 'arith-again' }, VERBOSE];
  const gate = { rules: [{ metric: 'numeric', margin: 0.05 }, { metric: 'numeric', margin: 0.1, maxCostRatio: 5 }], coverageTolerance: 0.5 };

  beforeAll(async () => {
    project = tempProject({}, arithmeticSuite(120, { maxTokens: (i) => (i % 4 === 0 ? 10 : 200) }));
    writeConfig(project, { models, baseline: 'arith', scorers: ['numeric'], gate });
    const r = await run(project, ['--gate']);
    runId = r.runId;
  });
  afterAll(() => project.cleanup());

  const gateFile = () => JSON.parse(fs.readFileSync(path.join(project.dir, 'reports', runId, 'gate.json'), 'utf8')) as { verdict: string; comparisons: Comparison[]; rows: unknown[] };

  it('lists each comparison once when two rules name the same metric', () => {
    const g = gateFile();
    expect(g.comparisons.map((c) => `${c.candidate}/${c.metric}`)).toEqual(['arith-again/numeric', 'verbose/numeric']);
  });

  it('adding an exploratory scorer changes no gate verdict or adjusted p; beval score rewrites gate.json', async () => {
    const before = readSummary(path.join(project.dir, 'reports', runId)).summary;
    writeConfig(project, { models, baseline: 'arith', scorers: ['numeric', ['regex', { pattern: '\\d' }], ['contains', { value: '1' }]], gate });
    const s = await cli(project, ['score', runId]);
    expect(s.code).toBe(0);
    const after = readSummary(path.join(project.dir, 'reports', runId)).summary;
    expect(after.holmFamily!.size).toBeGreaterThan(before.holmFamily!.size); // the exploratory family grew…
    const key = (c: Comparison) => [c.candidate, c.metric, c.pAdjusted, c.verdict];
    expect(after.gate!.comparisons!.map(key)).toEqual(before.gate!.comparisons!.map(key)); // …the gate's did not
    expect(after.gate!.rows).toEqual(before.gate!.rows);
    expect(after.gate!.family!.size).toBe(2);
    // gate.json now matches the re-scored results (it was rewritten, not left stale)
    expect(gateFile().comparisons.map(key)).toEqual(after.gate!.comparisons!.map(key));
  });

  it('beval score removes a gate.json the config no longer makes', async () => {
    expect(fs.existsSync(path.join(project.dir, 'reports', runId, 'gate.json'))).toBe(true);
    writeConfig(project, { models, baseline: 'arith', scorers: ['numeric'] });
    expect((await cli(project, ['score', runId])).code).toBe(0);
    expect(fs.existsSync(path.join(project.dir, 'reports', runId, 'gate.json'))).toBe(false);
  });
});

describe('a gate rule on a pairwise judge', () => {
  it('tests the win rate against ½ and gives a verdict, not "no records scored by both models"', async () => {
    const project = tempProject({}, arithmeticSuite(100));
    try {
      writeConfig(project, {
        models: [ARITH, VERBOSE], baseline: 'arith', scorers: ['numeric'],
        judges: [{ kind: 'pairwise', model: 'beval.judge-v1', name: 'pref' }],
        gate: { rules: [{ metric: 'pref', margin: 0.1 }] },
      });
      const r = await run(project, ['--gate']);
      expect(r.out).not.toContain('no records scored by both models');
      expect(r.out).toMatch(/verbose\s+pref\s+non-inferiority δ=0\.1\s+(PASS|REGRESSION|INCONCLUSIVE)\s+win rate \(ties ½\)/);
      const c = readSummary(r.runDir).summary.gate!.comparisons!.find((x) => x.metric === 'pref')!;
      expect(c).toMatchObject({ pairwise: true, baselineMean: 0.5 });
      expect(c.paired).toBeGreaterThan(0);
    } finally {
      project.cleanup();
    }
  });
});
