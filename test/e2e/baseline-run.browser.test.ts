// A CI run of the candidate alone against a baseline model of an earlier run (gate.baselineRun): the comparison must
// be in the new run's report.html (checked in Chromium), results.json and terminal summary, not only in gate.json;
// runs of different suites are refused unless gate.allowSubset, which then states the paired subset.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { arithmeticSuite, tempProject, type TempProject } from '../helpers/project.ts';
import { captureIo } from '../helpers/io.ts';
import { chromiumMissingReason, launchChromium } from '../report/helpers/browser.ts';
import type { RunSummary } from '../../src/types/results.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`baseline-run browser test skipped: ${missing}`);

function writeConfig(p: TempProject, config: Record<string, unknown>): void {
  fs.writeFileSync(p.config, `export default ${JSON.stringify({ suite: 'suite.jsonl', scorers: ['numeric'], ...config })};\n`);
}

describe.skipIf(Boolean(missing))('gate.baselineRun: the comparison lands in the new run\'s reports', () => {
  let project: TempProject;
  let earlier: string;
  let ci: { out: string; code: number; runDir: string; runId: string };

  beforeAll(async () => {
    project = tempProject({}, arithmeticSuite(120));
    writeConfig(project, { models: [{ id: 'beval.arith-v1', label: 'arith' }] });
    const io = captureIo(project.dir);
    expect(await main(['run', '--config', project.config], io)).toBe(0);
    earlier = /Run (\S+) finished/.exec(io.out())![1]!;
    // The CI run: only the candidate, the baseline taken from the earlier run.
    writeConfig(project, {
      models: [{ id: 'beval.arith-v1', label: 'arith-next' }],
      gate: { baseline: 'arith', baselineRun: earlier, rules: [{ metric: 'numeric', margin: 0.05 }] },
    });
    const io2 = captureIo(project.dir);
    const code = await main(['run', '--config', project.config, '--gate'], io2);
    const runId = /Run (\S+) finished/.exec(io2.out())![1]!;
    ci = { out: io2.out(), code, runId, runDir: path.join(project.dir, 'reports', runId) };
  });
  afterAll(() => project.cleanup());

  it('results.json holds the comparison and the gate, against the earlier run\'s model', () => {
    const { summary } = JSON.parse(fs.readFileSync(path.join(ci.runDir, 'results.json'), 'utf8')) as { summary: RunSummary };
    expect(summary.baseline).toBe(`arith@${earlier}`);
    expect(summary.baselineRun).toMatchObject({ runId: earlier, key: `arith@${earlier}`, paired: 120, records: 120, subset: false, model: { label: 'arith' } });
    expect(summary.comparisons).toHaveLength(1);
    expect(summary.comparisons[0]).toMatchObject({ baseline: `arith@${earlier}`, candidate: 'arith-next', paired: 120, difference: 0 });
    expect(summary.gate).toBeDefined();
    expect(summary.gate!.baseline).toBe(`arith@${earlier}`);
    expect(summary.gate!.verdict).toBe('pass');
    expect(ci.code).toBe(0);
  });

  it('the terminal summary names the earlier run\'s baseline', () => {
    expect(ci.out).toContain(`VS arith@${earlier} (paired)`);
    // A footnote, wrapped under 100 characters at a space (src/cli/footnote.ts).
    expect(ci.out.replace(/\n/g, ' ')).toContain(`Baseline: arith from run ${earlier} (gate.baselineRun), 120 of 120 records paired by recordId.`);
    expect(ci.out).toMatch(/^numeric\s+arith-next\s+.*inconclusive/m);
  });

  it('report.html shows it in Chromium, and does not call the candidate its own baseline', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.goto(pathToFileURL(path.join(ci.runDir, 'report.html')).href);
      const heading = await page.locator('#comparison h2').innerText();
      expect(heading).toBe(`Comparison against arith (run ${earlier})`);
      const note = await page.locator('#comparison .baseline-run').innerText();
      expect(note).toContain(`from run ${earlier} (gate.baselineRun), paired by recordId: 120 of this run's 120 records`);
      const row = page.locator('table.comparison tbody tr[data-candidate="arith-next"]');
      await expect(row.locator('.verdict').innerText()).resolves.toBe('inconclusive');
      expect(await page.locator('#gate').innerText()).toContain('pass');
      expect(await page.locator('table.summary tr[data-model="arith-next"] .badge.base').count()).toBe(0);
      expect(await page.locator('#comparison').isVisible()).toBe(true);
    } finally {
      await browser.close();
    }
  });

  it('refuses a baseline run of another suite unless gate.allowSubset, then states the paired subset', async () => {
    fs.writeFileSync(path.join(project.dir, 'suite.jsonl'), arithmeticSuite(130));
    const gate = { baseline: 'arith', baselineRun: earlier, rules: [{ metric: 'numeric', margin: 0.05 }] };
    writeConfig(project, { models: [{ id: 'beval.arith-v1', label: 'arith-next' }], gate });
    const io = captureIo(project.dir);
    expect(await main(['run', '--config', project.config], io)).toBe(0);
    const runId = /Run (\S+) finished/.exec(io.out())![1]!;
    expect(io.out()).toContain('Gate not applied to these results: gate.baselineRun: run');
    const refused = captureIo(project.dir);
    expect(await main(['gate', runId, '--config', project.config], refused)).toBe(1);
    expect(refused.err()).toMatch(/different suite.*gate\.allowSubset: true/s);
    writeConfig(project, { models: [{ id: 'beval.arith-v1', label: 'arith-next' }], gate: { ...gate, allowSubset: true } });
    const subset = captureIo(project.dir);
    expect(await main(['gate', runId, '--config', project.config], subset)).toBe(0);
    expect(subset.out()).toContain(`against arith@${earlier} (run ${earlier}, 120 of 130 records paired by recordId; a subset: the suites differ)`);
  });
});
