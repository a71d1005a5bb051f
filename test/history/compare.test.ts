// `beval compare` on the emulator: two runs of one suite where model "m" is beval.arith-v1 in run A and
// beval.flaky-v1 in run B (same key), and an "echo" replay model whose hostile replies change text between the runs;
// a third run on a different suite for the refusal and --subset. compare.json is checked against counts taken from
// results.json by hand and against the gate's baselineRun comparator; compare.html in Chromium from file://.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { FAST_POLLING, FAST_TIMING, suiteLines } from '../run/helpers.ts';
import { chromiumMissingReason, fileUrl, launchChromium } from '../report/helpers/browser.ts';
import { assertReportInert, attachProbe } from '../report/helpers/assert-inert.ts';
import { PAYLOADS } from '../report/helpers/hostile-run.ts';
import { readResults } from '../../src/results/results-reader.ts';
import { gateRun } from '../../src/gate/gate-run.ts';
import type { CompareDocument } from '../../src/history/compare-document.ts';

const N = 400;
const dir = tempDir('compare');
const config = path.join(dir, 'eval.config.ts');
const ids: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
const HOSTILE = PAYLOADS.filter((p) => !p.includes('\u2028'));
// The echo model's label is markup too: the page must show it as text.
const ECHO_LABEL = 'echo <img src=x onerror="window.__pwned=1">';

async function beval(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(dir);
  const code = await main([...argv, '--config', config], io);
  return { code, out: io.out(), err: io.err() };
}

/** The prompts of suiteLines(n), as the emulator keys a replay recording. */
function prompts(n: number): string[] {
  return suiteLines(n).trim().split('\n').map((l) => (JSON.parse(l) as { modelInput: { messages: { content: { text: string }[] }[] } }).modelInput.messages[0]!.content[0]!.text);
}

/** The echo model's recording: every prompt answered with a hostile payload after `lead`. */
function recording(lead: string): string {
  return `${prompts(N).map((prompt, i) => JSON.stringify({ prompt, output: `${lead} ${HOSTILE[i % HOSTILE.length]}` })).join('\n')}\n`;
}

async function run(suite: string, models: { id: string; label: string }[], replay: Record<string, string>): Promise<string> {
  // Batch jobs on the fast emulator: flaky-v1's throttled records would be retried (with backoff) in realtime mode.
  const target = { kind: 'emulator', replay, timing: FAST_TIMING };
  fs.writeFileSync(config, `export default ${JSON.stringify({ suite, models, scorers: ['numeric', ['length', { max: 400 }]], polling: FAST_POLLING, outDir: 'reports', target })};\n`);
  const r = await beval('run');
  if (r.code !== 0) throw new Error(r.out + r.err);
  // Run ids carry the second they were made in: keep each run's second its own.
  await new Promise((res) => setTimeout(res, 1100));
  return /run directory: \S*?(\d{8}-\d{6}-\w+)/.exec(r.out)![1]!;
}

beforeAll(async () => {
  fs.writeFileSync(path.join(dir, 'suite.jsonl'), suiteLines(N));
  // A different suite: the first 150 records, then 10 of its own.
  const extra = Array.from({ length: 10 }, (_, i) => JSON.stringify({ recordId: `x${i}`, modelInput: { messages: [{ role: 'user', content: [{ text: `What is ${100 + i} * 3?` }] }] }, expected: String((100 + i) * 3) }));
  fs.writeFileSync(path.join(dir, 'other.jsonl'), `${suiteLines(150)}${extra.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'echo-a.jsonl'), recording('Sure:'));
  fs.writeFileSync(path.join(dir, 'echo-b.jsonl'), recording('Again:'));
  ids.a = await run('suite.jsonl', [{ id: 'beval.arith-v1', label: 'm' }, { id: 'beval.echo', label: ECHO_LABEL }], { 'beval.echo': 'echo-a.jsonl' });
  ids.b = await run('suite.jsonl', [{ id: 'beval.flaky-v1', label: 'm' }, { id: 'beval.echo', label: ECHO_LABEL }], { 'beval.echo': 'echo-b.jsonl' });
  ids.c = await run('other.jsonl', [{ id: 'beval.arith-v1', label: 'm' }], {});
}, 180_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const outDir = () => path.join(dir, 'reports', `compare-${ids.a}-vs-${ids.b}`);
const readDoc = (): CompareDocument => JSON.parse(fs.readFileSync(path.join(outDir(), 'compare.json'), 'utf8')) as CompareDocument;

interface StoredLine { recordId: string; cells: Record<string, { status: string; scores: ([number | null, boolean | null] | null)[] }> }
/** results.json's records, read by hand. */
function records(id: string): StoredLine[] {
  const text = fs.readFileSync(path.join(dir, 'reports', id, 'results.json'), 'utf8');
  return (JSON.parse(text) as { records: StoredLine[] }).records;
}

describe('beval compare', () => {
  it('pairs m by --pair and echo by model ID, and shows the change with its interval and verdict', async () => {
    // By model ID alone, m has no counterpart (arith-v1 in A, flaky-v1 in B): only echo is compared.
    const byId = await beval('compare', ids.a, ids.b);
    expect(byId.code, byId.err).toBe(0);
    expect(byId.out).toContain('Not compared (no counterpart; use --pair): run A m; run B m.');
    const echo = readDoc().pairs;
    expect(echo.map((p) => `${p.a.label}=${p.b.label}:${p.matchedBy}`)).toEqual([`${ECHO_LABEL}=${ECHO_LABEL}:modelId`]);

    // Prefixes and `latest` name runs as in other commands.
    const r = await beval('compare', ids.a.slice(0, 17), 'latest', '--pair', 'm=m');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain(`beval compare: run ${ids.a} was run on a different suite`); // latest is run C
    const ok = await beval('compare', ids.a.slice(0, 17), ids.b, '--pair', 'm=m');
    expect(ok.code, ok.err).toBe(0);
    const doc = readDoc();
    expect(doc.schemaVersion).toBe(1);
    expect(doc.records).toMatchObject({ paired: N, recordsA: N, recordsB: N, onlyInA: 0, onlyInB: 0, subset: false });
    expect(doc.pairs.map((p) => `${p.a.modelId}→${p.b.modelId}:${p.matchedBy}`)).toEqual(['beval.arith-v1→beval.flaky-v1:pair', 'beval.echo→beval.echo:modelId']);
    const m = doc.pairs[0]!;
    const numeric = m.metrics.find((x) => x.metric === 'numeric')!;

    // The discordant pairs, counted from results.json by hand: a failure is anything but a passing score (an error
    // counts as a failure under the default unanswered: 'fail').
    const pass = (line: StoredLine) => line.cells.m?.status === 'ok' && line.cells.m.scores[0]?.[1] === true;
    const ra = records(ids.a);
    const rb = records(ids.b);
    let wins = 0, losses = 0, bothPass = 0;
    ra.forEach((line, i) => {
      const pa = pass(line), pb = pass(rb[i]!);
      if (pa && pb) bothPass++;
      else if (pb) wins++;
      else if (pa) losses++;
    });
    const c = numeric.comparison;
    expect(c).toMatchObject({ paired: N, wins, losses, baseline: `m@${ids.a}`, candidate: 'm' });
    expect(c.difference).toBeCloseTo((wins - losses) / N, 12);
    expect(numeric.a.mean).toBeCloseTo((bothPass + losses) / N, 12);
    expect(numeric.b.mean).toBeCloseTo((bothPass + wins) / N, 12);
    expect(c.ci!.low).toBeLessThan(c.difference!);
    expect(c.ci!.high).toBeGreaterThan(c.difference!);
    expect(numeric.a.ci!.low).toBeLessThan(numeric.a.mean!);
    // arith-v1 is wrong on ~25% of prompts, flaky-v1 errs on ~15%: over 400 records B is significantly ahead.
    expect(c.verdict).toBe('better');
    expect(c.ci!.low).toBeGreaterThan(0);
    expect(c.pAdjusted!).toBeLessThan(0.05);
    expect(c.pAdjusted!).toBeGreaterThanOrEqual(c.pValue!);
    // Records that regressed on numeric are exactly the losses, and the per-pair counts agree with the list.
    const regressedNumeric = doc.changed.filter((x) => x.pair === 0 && x.regressed.includes('numeric'));
    expect(regressedNumeric).toHaveLength(losses);
    expect(doc.changed.filter((x) => x.pair === 0 && x.kinds.includes('regressed'))).toHaveLength(m.changes.regressed);
    expect(m.changes.fixed).toBeGreaterThan(0);

    // The same numbers as the gate's baselineRun comparator gives for m against run A's m.
    const [A, B] = [await readResults(path.join(dir, 'reports', ids.a)), await readResults(path.join(dir, 'reports', ids.b))];
    const gate = gateRun({ gate: { baseline: 'm', baselineRun: ids.a, rules: [{ metric: 'numeric', margin: 0.05 }] }, current: B, baselineRun: A, seed: 1, opts: { unanswered: 'fail' } });
    const g = gate.comparisons.find((x) => x.candidate === 'm')!;
    expect({ ...c, pAdjusted: null, verdict: null }).toEqual({ ...g, pAdjusted: null, verdict: null });

    // echo: the same pass/fail in both runs, every reply different: all changed text, nothing regressed or fixed.
    expect(doc.pairs[1]!.changes).toEqual({ regressed: 0, fixed: 0, changedText: N, textCompared: N });

    // The terminal: a table row per pair × metric and one line per pair.
    expect(ok.out).toMatch(new RegExp(`^m → m\\s+numeric\\s+[\\d.]+% \\[[\\d.]+%, [\\d.]+%\\]\\s+[\\d.]+% \\[[\\d.]+%, [\\d.]+%\\]\\s+[−+±][\\d.]+ pp \\[[−+±][\\d.]+ pp, [−+±][\\d.]+ pp\\]\\s+${c.verdict}\\s+${N} of ${N}$`, 'm'));
    expect(ok.out).toContain(`m → m: numeric ${c.verdict} (`);
    expect(ok.out).toContain(`${m.changes.regressed} regressed, ${m.changes.fixed} fixed, ${m.changes.changedText} changed text of ${m.changes.textCompared} both replied to.`);
  }, 60_000);

  it('refuses runs of different suites naming both hashes, and with --subset states the paired subset', async () => {
    const shaA = records(ids.a) && (JSON.parse(fs.readFileSync(path.join(dir, 'reports', ids.a, 'results.json'), 'utf8')) as { summary: { suite: { sha256: string } } }).summary.suite.sha256;
    const shaC = (JSON.parse(fs.readFileSync(path.join(dir, 'reports', ids.c, 'results.json'), 'utf8')) as { summary: { suite: { sha256: string } } }).summary.suite.sha256;
    const refused = await beval('compare', ids.a, ids.c);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain(shaA.slice(0, 12));
    expect(refused.err).toContain(shaC.slice(0, 12));
    expect(refused.err).toContain('pass --subset');
    expect(fs.existsSync(path.join(dir, 'reports', `compare-${ids.a}-vs-${ids.c}`))).toBe(false);

    const out = path.join(dir, 'subset-out');
    const r = await beval('compare', ids.a, ids.c, '--subset', '--out', out);
    expect(r.code, r.err).toBe(0);
    const statement = "The suites differ (--subset): only the records both runs hold are compared. Paired 150 records by recordId: 150 of run A's 400 and 150 of run B's 160; left out 250 only in A and 10 only in B.";
    expect(r.out).toContain(statement);
    const doc = JSON.parse(fs.readFileSync(path.join(out, 'compare.json'), 'utf8')) as CompareDocument;
    expect(doc.records).toEqual({ paired: 150, recordsA: 400, recordsB: 160, onlyInA: 250, onlyInB: 10, subset: true, statement });
    expect(doc.pairs.map((p) => p.a.key)).toEqual(['m']);
    expect(doc.pairs[0]!.metrics[0]!.comparison.paired).toBe(150);
    // arith-v1 in both: the same replies, nothing changed.
    expect(doc.pairs[0]!.changes).toEqual({ regressed: 0, fixed: 0, changedText: 0, textCompared: 150 });
    expect(fs.readFileSync(path.join(out, 'compare.html'), 'utf8')).toContain(statement.replace("'", '&#39;').replace("'", '&#39;'));
  }, 60_000);

  it('--json puts the compare document on stdout with schemaVersion, human text on stderr', async () => {
    // Run A named by its folder (relative to the working directory), run B by its results.json.
    const r = await beval('compare', path.join('reports', ids.a), path.join(dir, 'reports', ids.b, 'results.json'), '--pair', 'm=m', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { schemaVersion: number; command: string; exitCode: number; compare: CompareDocument; files: { compareJson: string; compareHtml: string } };
    expect(doc).toMatchObject({ schemaVersion: 1, command: 'compare', exitCode: 0 });
    expect(doc.compare.schemaVersion).toBe(1);
    expect([doc.compare.runA.runId, doc.compare.runB.runId]).toEqual([ids.a, ids.b]);
    expect(doc.files.compareJson).toBe(path.join(outDir(), 'compare.json'));
    expect(doc.compare).toEqual(JSON.parse(fs.readFileSync(doc.files.compareJson, 'utf8')));
    expect(r.err).toContain('m → m: numeric');
  });

  it('names what is wrong with a bad --pair or run', async () => {
    expect((await beval('compare', ids.a, ids.b, '--pair', 'm')).err).toContain('--pair "m": expected <model of run A>=<model of run B>');
    expect((await beval('compare', ids.a, ids.b, '--pair', 'nope=m')).err).toContain('--pair: "nope" is not a model of run A');
    expect((await beval('compare', ids.a, '29990101-000000-abcd')).err).toContain('No run 29990101-000000-abcd');
    expect((await beval('compar', ids.a, ids.b)).err).toContain('Unknown command "compar" (did you mean "compare"?)');
    expect((await beval('--help')).out).toMatch(/beval compare <runA> <runB>\s+Compare run B with run A/);
  });
});

describe.skipIf(chromiumMissingReason() !== null)('compare.html in Chromium', () => {
  it('renders offline: comparison table, charts, filter to regressed, hostile replies inert', async () => {
    const r = await beval('compare', ids.a, ids.b, '--pair', 'm=m');
    expect(r.code, r.err).toBe(0);
    const doc = readDoc();
    const page = path.join(outDir(), 'compare.html');
    const { context, close } = await launchChromium();
    try {
      const tab = await context.newPage();
      const probe = attachProbe(tab);
      const url = fileUrl(page);
      await tab.goto(url);
      await tab.waitForSelector('html[data-ready]');
      expect(probe.requests).toEqual([url]);
      expect(await tab.title()).toBe(`beval compare: ${ids.a} vs ${ids.b}`);
      const c = doc.pairs[0]!.metrics.find((x) => x.metric === 'numeric')!.comparison;
      const row = tab.locator('table.comparison tr[data-a="m"][data-metric="numeric"]');
      expect(await row.locator('.verdict').innerText()).toBe(c.verdict);
      expect(await row.locator('td.paired').innerText()).toContain(`${N} of ${N}`);
      expect(await row.locator('td.diff').innerText()).toMatch(/^[−+±][\d.]+ pp\n\[[−+±][\d.]+ pp, [−+±][\d.]+ pp\]$/);
      // Charts: per metric, A and B bars for both pairs, and one difference point per pair.
      const fig = tab.locator('#charts figure[data-metric="numeric"]');
      expect(await fig.locator('rect.bar').count()).toBe(4);
      expect(await fig.locator('circle.diff').count()).toBe(2);
      expect(await fig.locator('circle.diff').first().getAttribute('data-verdict')).toBe('better');
      expect(Number(await fig.locator('circle.diff').first().getAttribute('data-value'))).toBeCloseTo(c.difference!, 12);
      // Every changed record is listed; the regressed filter keeps exactly those that regressed in some pair.
      const changedIds = new Set(doc.changed.map((x) => x.recordId));
      expect(Number(await tab.locator('#count').getAttribute('data-count'))).toBe(changedIds.size);
      const regressed = new Set(doc.changed.filter((x) => x.kinds.includes('regressed')).map((x) => x.recordId));
      expect(regressed.size).toBeGreaterThan(0);
      await tab.locator('#f-regressed').check();
      expect(Number(await tab.locator('#count').getAttribute('data-count'))).toBe(regressed.size);
      expect(await tab.locator('#c-regressed').innerText()).toBe(`(${regressed.size})`);
      const shown = await tab.locator('#list .row').evaluateAll((rows) => rows.map((x) => (x as unknown as { dataset: { id: string } }).dataset.id));
      expect(shown.length).toBeGreaterThan(0);
      for (const id of shown) expect(regressed.has(id)).toBe(true);
      expect(await tab.locator('#list .row .fl-regressed').count()).toBe(shown.length);
      expect(tab.url()).toContain('#reg=1');
      await tab.locator('#f-regressed').uncheck();
      await tab.locator('#f-changed').check();
      expect(Number(await tab.locator('#count').getAttribute('data-count'))).toBe(new Set(doc.changed.filter((x) => x.kinds.includes('changed-text')).map((x) => x.recordId)).size);
      await tab.locator('#f-changed').uncheck();
      // The echo model's replies are hostile markup: shown literally, nothing runs or loads.
      expect(await tab.locator('table.changes').innerText()).toContain(`${ECHO_LABEL} → ${ECHO_LABEL}`);
      expect(await tab.locator('#list-head').innerText()).toContain(`B: ${ECHO_LABEL}`);
      await assertReportInert(tab, probe, { documentUrl: url, payloads: HOSTILE.slice(0, 6) });
    } finally {
      await close();
    }
  }, 90_000);
});
