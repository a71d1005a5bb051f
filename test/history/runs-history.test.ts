// `beval runs` and `beval history` over three runs of one suite on the emulator; the page is checked in Chromium
// from file:// with every request recorded (there must be none but the page itself).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { suiteLines } from '../run/helpers.ts';
import { chromiumMissingReason, fileUrl, launchChromium } from '../report/helpers/browser.ts';

const dir = tempDir('history');
const config = path.join(dir, 'eval.config.ts');
// A label with markup: the page must show it as text.
const HOSTILE = 'arith <img src=x onerror="document.title=1">';
const RUNS = [
  [{ id: 'beval.arith-v1', label: HOSTILE }],
  [{ id: 'beval.arith-v1', label: HOSTILE }, { id: 'beval.verbose-v1', label: 'verbose' }],
  [{ id: 'beval.arith-v1', label: HOSTILE }, { id: 'beval.flaky-v1', label: 'flaky' }],
];
let ids: string[] = [];

async function beval(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(dir);
  const code = await main([...argv, '--config', config], io);
  return { code, out: io.out(), err: io.err() };
}

beforeAll(async () => {
  fs.writeFileSync(path.join(dir, 'suite.jsonl'), suiteLines(30));
  for (const models of RUNS) {
    fs.writeFileSync(config, `export default ${JSON.stringify({ suite: 'suite.jsonl', models, scorers: ['numeric', ['length', { max: 400 }]], mode: 'realtime', outDir: 'reports' })};\n`);
    const r = await beval('run');
    if (r.code !== 0) throw new Error(r.out + r.err);
    ids.push(/run directory: \S*?(\d{8}-\d{6}-\w+)/.exec(r.out)![1]!);
    // Run ids carry the second they were made in: keep each run's second its own.
    await new Promise((res) => setTimeout(res, 1100));
  }
  ids = ids.sort();
}, 180_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('beval runs', () => {
  it('lists each run with suite and hash, headline metric per model with coverage, gate and cost', async () => {
    const r = await beval('runs');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(/^RUN\s+CREATED\s+SUITE\s+RECORDS\s+HEADLINE \(coverage\)\s+GATE\s+COST\s+STATE$/);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(new RegExp(`^${ids[2]}\\s+\\S+ \\S+\\s+suite [0-9a-f]{8}\\s+30\\s+numeric: arith <img src=x onerror="document.title=1"> [\\d.]+% \\(100%\\), flaky [\\d.]+% \\(\\d+%\\)\\s+-\\s+\\$[\\d.]+\\s+collected$`));
  });

  it('--json gives the same facts, and --model / --suite filter', async () => {
    const r = await beval('runs', '--json');
    const { runs } = JSON.parse(r.out) as { runs: { runId: string; suite: { name: string; sha256: string }; headline: string; models: { modelId: string; metrics: { metric: string; scored: number; expected: number }[] }[]; cost: number }[] };
    expect(runs.map((x) => x.runId)).toEqual(ids);
    expect(runs[1]).toMatchObject({ suite: { name: 'suite' }, headline: 'numeric' });
    expect(runs[1]!.models.map((m) => m.modelId)).toEqual(['beval.arith-v1', 'beval.verbose-v1']);
    expect(runs[1]!.models[0]!.metrics[0]).toMatchObject({ metric: 'numeric', scored: 30, expected: 30 });
    expect(runs.every((x) => x.cost > 0)).toBe(true);
    const flaky = JSON.parse((await beval('runs', '--json', '--model', 'flaky')).out) as { runs: { runId: string }[] };
    expect(flaky.runs.map((x) => x.runId)).toEqual([ids[2]]);
    const byHash = JSON.parse((await beval('runs', '--json', '--suite', runs[0]!.suite.sha256.slice(0, 8))).out) as { runs: unknown[] };
    expect(byHash.runs).toHaveLength(3);
    expect((await beval('runs', '--suite', 'other')).out).toContain('match the filters');
  });
});

describe.skipIf(chromiumMissingReason() !== null)('beval history', () => {
  it('renders every run of the suite offline: one point per model × run, intervals, cost, links to the reports', async () => {
    const r = await beval('history');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('History of suite: 3 run(s)');
    const page = path.join(dir, 'reports', 'history.html');
    const { context, close } = await launchChromium();
    try {
      const tab = await context.newPage();
      const requests: string[] = [];
      tab.on('request', (req) => requests.push(req.url()));
      const errors: string[] = [];
      tab.on('pageerror', (e) => errors.push(e.message));
      await tab.goto(fileUrl(page));
      expect(requests).toEqual([fileUrl(page)]);
      expect(errors).toEqual([]);
      expect(await tab.title()).toBe('beval history: suite');
      // The markup in the label is text, never an element.
      expect(await tab.locator('img').count()).toBe(0);
      expect(await tab.locator('table.runs').innerText()).toContain(HOSTILE);
      // numeric: arith in 3 runs, verbose in 1, flaky in 1 → 5 points; same for length.
      for (const metric of ['numeric', 'length']) {
        const section = tab.locator('section.metric-section', { has: tab.locator(`table[data-metric="${metric}"]`) });
        expect(await section.locator('circle.point').count()).toBe(5);
        expect(await section.locator('line.whisker').count()).toBeGreaterThanOrEqual(4);
        expect(await section.locator('circle.point[data-model^="arith <img"]').count()).toBe(3);
      }
      expect(await tab.locator('rect.cost').count()).toBe(3);
      const hrefs = await tab.locator('table.runs a').evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href));
      expect(hrefs).toHaveLength(3);
      for (const h of hrefs) expect(fs.existsSync(fileURLToPath(h))).toBe(true);
      // Following a link opens that run's report.
      await tab.locator('table.runs a').first().click();
      await tab.waitForURL(/report\.html$/);
      expect(tab.url()).toContain(`${ids[0]}/report.html`);
    } finally {
      await close();
    }
  }, 90_000);

  it('takes the runs to show, refuses runs of different suites, and writes where --out says with links that still work', async () => {
    const out = path.join(dir, 'pages', 'two.html');
    const r = await beval('history', ids[0]!, ids[2]!, '--out', out);
    expect(r.code, r.err).toBe(0);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toContain(`href="../reports/${ids[0]}/report.html"`);
    expect(html).not.toContain(ids[1]!);
    expect((await beval('history', 'nope')).err).toContain('No run nope');
  });
});
