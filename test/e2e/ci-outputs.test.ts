// What CI reads from a gate: summary.md (also appended to the job summary), gate.junit.xml and `--json`, for a
// passing, a regressing and an inconclusive gate on one emulator run. The JUnit file is parsed strictly and checked
// field by field against the gate's own rows (whatever rows and verdict words the gate has).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { fmtDiff } from '../../src/report/html/format.ts';
import type { GateVerdictRow } from '../../src/types/results.ts';
import { arithmeticSuite, tempProject, type TempProject } from '../helpers/project.ts';
import { captureIo } from '../helpers/io.ts';
import { parseXml, type XmlElement } from '../helpers/parse-xml.ts';

const MODELS = [
  { id: 'beval.arith-v1', label: 'arith' },
  { id: 'beval.arith-v1', label: 'arith-again' },
  // Always right (arith is wrong on a quarter of the prompts).
  { id: 'beval.verbose-v1', label: 'verbose' },
  // Cut off at 10 tokens before its answer line on every record.
  { id: 'beval.verbose-v1', label: 'verbose-short', inferenceConfig: { maxTokens: 10 } },
];

function writeConfig(p: TempProject, gate?: Record<string, unknown>): void {
  fs.writeFileSync(p.config, `export default ${JSON.stringify({ suite: 'suite.jsonl', models: MODELS, baseline: 'arith', scorers: ['numeric'], ...(gate ? { gate } : {}) })};\n`);
}

const child = (el: XmlElement, name: string) => el.children.filter((c) => c.name === name);

describe('CI outputs of the gate', () => {
  let project: TempProject;
  let runId: string;
  let runDir: string;

  beforeAll(async () => {
    project = tempProject({}, arithmeticSuite(120));
    writeConfig(project);
    const io = captureIo(project.dir);
    expect(await main(['run', '--config', project.config], io)).toBe(0);
    runId = /Run (\S+) finished/.exec(io.out())![1]!;
    runDir = path.join(project.dir, 'reports', runId);
  });
  afterAll(() => project.cleanup());

  it('every scored run writes summary.md and ends with its one-line verdict', () => {
    const md = fs.readFileSync(path.join(runDir, 'summary.md'), 'utf8');
    expect(md.split('\n')[0]).toBe(`### beval results · run \`${runId}\``);
    expect(md).toMatch(/^\| verbose \| 120 \| 120 \| 0 \| 0 \| 100\.0% \[\d+\.\d%, 100\.0%\] · 120\/120 \| \$/m);
    expect(md).toContain('120 records from suite.jsonl.');
    expect(md).not.toContain(project.dir);
  });

  it.each([
    ['verbose', 0.05, 'pass', 0, '✅'],
    ['verbose-short', 0.05, 'regression', 2, '❌'],
    ['arith-again', 0, 'inconclusive', 3, '⚠️'],
  ])('%s with margin %s: %s (exit %s) in summary.md, the job summary, gate.junit.xml and --json', async (candidate, margin, verdict, exit, icon) => {
    writeConfig(project, { candidates: [candidate], rules: [{ metric: 'numeric', margin }] });
    const stepSummary = path.join(project.dir, `step-summary-${candidate}.md`);
    fs.writeFileSync(stepSummary, '# earlier step\n');
    const io = { ...captureIo(project.dir), stepSummary };
    const code = await main(['gate', runId, '--config', project.config, '--json'], io);
    expect(code).toBe(exit);

    // --json: one document on stdout, the human text on stderr.
    expect(io.out().endsWith('\n')).toBe(true);
    expect(io.out().trim().split('\n')).toHaveLength(1);
    const doc = JSON.parse(io.out()) as { schemaVersion: number; command: string; exitCode: number; runId: string; gate: { verdict: string; baseline: string; rows: GateVerdictRow[] } };
    expect(doc).toMatchObject({ schemaVersion: 1, command: 'gate', exitCode: exit, runId, gate: { verdict, baseline: 'arith' } });
    expect(io.err()).toContain(`Verdict: ${verdict.toUpperCase()}`);
    const rows = doc.gate.rows;
    const ni = rows.find((r) => r.candidate === candidate && r.rule.startsWith('non-inferiority'))!;
    expect(ni.verdict).toBe(verdict);
    // The evidence as numbers: difference inside its interval, the margin, the pairs and p.
    const n = ni.numbers!;
    expect(n.margin).toBe(margin);
    expect(n.paired).toBe(120);
    expect(n.ci!.low).toBeLessThanOrEqual(n.difference!);
    expect(n.ci!.high).toBeGreaterThanOrEqual(n.difference!);
    expect(typeof n.p).toBe('number');
    if (verdict === 'pass') expect(n.ci!.low).toBeGreaterThan(-margin);
    if (verdict === 'regression') expect(n.ci!.high).toBeLessThan(-margin);
    if (verdict === 'inconclusive') expect(n.ci!.low <= -margin && n.ci!.high >= -margin).toBe(true);

    // summary.md: the verdict in the title and first line, a table row per gate row with the numbers.
    const md = fs.readFileSync(path.join(runDir, 'summary.md'), 'utf8');
    const lines = md.split('\n');
    expect(lines[0]).toBe(`### ${icon} beval gate: **${verdict.toUpperCase()}** · run \`${runId}\``);
    expect(lines[2]).toMatch(new RegExp(`^Gate ${verdict.toUpperCase()} against arith \\(${rows.length} checks?\\)`));
    const kind = 'binary';
    expect(md).toContain(`| ${candidate} | numeric | non-inferiority δ=${margin} | ${icon} ${verdict} | ${fmtDiff(n.difference, kind)} | ${fmtDiff(n.ci!.low, kind)} … ${fmtDiff(n.ci!.high, kind)} | ${fmtDiff(-margin, kind)} |`);
    // One gate-table row per gate row of the candidate, plus its row in the models table.
    expect(lines.filter((l) => l.startsWith(`| ${candidate} |`))).toHaveLength(rows.filter((r) => r.candidate === candidate).length + 1);
    // Appended to the CI job summary after what was there.
    expect(fs.readFileSync(stepSummary, 'utf8')).toBe(`# earlier step\n${md}\n`);

    // gate.junit.xml: one case per row; regression a <failure>, inconclusive a <skipped>, pass neither.
    const xml = parseXml(fs.readFileSync(path.join(runDir, 'gate.junit.xml'), 'utf8'));
    const failures = rows.filter((r) => r.verdict === 'regression').length;
    const skipped = rows.filter((r) => r.verdict !== 'regression' && r.verdict !== 'pass').length;
    const counts = { tests: String(rows.length), failures: String(failures), errors: '0', skipped: String(skipped) };
    expect(xml.name).toBe('testsuites');
    expect(xml.attributes).toMatchObject(counts);
    const [suite, ...more] = child(xml, 'testsuite');
    expect(more).toHaveLength(0);
    expect(suite!.attributes).toMatchObject({ ...counts, name: `beval gate: run ${runId} against arith` });
    expect(suite!.attributes.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    const props = Object.fromEntries(child(child(suite!, 'properties')[0]!, 'property').map((p) => [p.attributes.name, p.attributes.value]));
    expect(props).toEqual({ runId, baseline: 'arith', verdict });
    const cases = child(suite!, 'testcase');
    expect(cases.map((c) => [c.attributes.classname, c.attributes.name])).toEqual(rows.map((r) => [`beval.gate.${r.candidate}`, `${r.metric}: ${r.rule}`]));
    const tc = cases[rows.indexOf(ni)]!;
    if (verdict === 'pass') {
      expect(tc.children.map((c) => c.name)).toEqual(['system-out']);
      expect(child(tc, 'system-out')[0]!.text).toBe(ni.evidence);
    } else if (verdict === 'regression') {
      expect(tc.children.map((c) => c.name)).toEqual(['failure']);
      expect(child(tc, 'failure')[0]!.attributes).toEqual({ type: 'regression', message: `regression: ${ni.evidence}` });
      expect(child(tc, 'failure')[0]!.text).toBe(ni.evidence);
    } else {
      expect(tc.children.map((c) => c.name)).toEqual(['skipped']);
      expect(child(tc, 'skipped')[0]!.attributes).toEqual({ message: `${verdict}: ${ni.evidence}` });
    }
  });
});
