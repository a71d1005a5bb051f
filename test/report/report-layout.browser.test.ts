// report.html of a real run (the example's three models, a numeric scorer, two judges, a gate, tags) in Chromium at
// a 1,400-pixel window: the summary table fits with its Cost column, the gate's verdict is in the section navigation,
// the tag breakdown shows Wilson intervals from results.json, and the explorer filters to "failed on model X".
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { main } from '../../src/cli/main.ts';
import { fmtInt, fmtValue } from '../../src/report/html/format.ts';
import type { RunSummary } from '../../src/types/results.ts';
import { arithmeticSuite, tempProject, type TempProject } from '../helpers/project.ts';
import { captureIo } from '../helpers/io.ts';
import { chromiumMissingReason, fileUrl, launchChromium } from './helpers/browser.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`Skipping report layout browser tests: ${missing}`);

type StoredRecord = { recordId: string; cells: Record<string, { status: string; scores: ([number | null, boolean | null] | null)[] }> };

describe.skipIf(missing !== null)('report.html of the example run at 1,400 pixels (Chromium)', () => {
  let project: TempProject;
  let context: BrowserContext;
  let close: () => Promise<void>;
  let page: Page;
  let summary: RunSummary;
  let records: StoredRecord[];
  let url: string;

  beforeAll(async () => {
    project = tempProject({
      models: [{ id: 'beval.arith-v1', label: 'arith' }, { id: 'beval.flaky-v1', label: 'flaky' }, { id: 'beval.verbose-v1', label: 'verbose' }],
      baseline: 'arith', scorers: ['numeric'], target: { kind: 'emulator', timing: { stepMs: 20, recordsPerSecond: 4000 } },
      judges: [
        { kind: 'rubric', model: 'beval.judge-v1', rubric: 'The final answer is arithmetically correct and clearly stated.' },
        { kind: 'pairwise', model: 'beval.judge-v1' },
      ],
      gate: { rules: [{ metric: 'numeric', margin: 0.05 }] },
    }, arithmeticSuite(132));
    const io = captureIo(project.dir);
    await main(['run', '-c', project.config], io);
    const runId = /Run (\S+) finished/.exec(io.out())![1]!;
    const runDir = path.join(project.dir, 'reports', runId);
    ({ summary, records } = JSON.parse(fs.readFileSync(path.join(runDir, 'results.json'), 'utf8')) as { summary: RunSummary; records: StoredRecord[] });
    ({ context, close } = await launchChromium());
    page = await context.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    url = fileUrl(path.join(runDir, 'report.html'));
    await page.goto(url);
    await page.waitForSelector('html[data-ready]');
  }, 120_000);
  afterAll(async () => {
    await close?.();
    project?.cleanup();
  });

  it('the summary table fits the window: its right edge inside the viewport, the Cost column visible, no sideways scroll', async () => {
    expect(summary.metrics.map((m) => m.name)).toEqual(['numeric', 'judge-rubric', 'judge-pairwise']);
    // Measured in the page (a string, as the tests' TypeScript has no DOM types).
    const box = await page.evaluate(`(() => {
      const table = document.querySelector('table.summary');
      const cost = [...table.querySelectorAll('thead th')].find((th) => th.textContent === 'Cost');
      const r = cost.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return {
        viewport: document.documentElement.clientWidth, right: table.getBoundingClientRect().right,
        costLeft: r.left, costRight: r.right, costHit: hit === cost || cost.contains(hit),
        scroller: { scroll: table.parentElement.scrollWidth, client: table.parentElement.clientWidth },
        lastCostCell: table.querySelector('tbody tr:last-child td:last-child').getBoundingClientRect().right,
      };
    })()`) as { viewport: number; right: number; costLeft: number; costRight: number; costHit: boolean; scroller: { scroll: number; client: number }; lastCostCell: number };
    expect(box.viewport).toBe(1400);
    expect(box.right).toBeLessThanOrEqual(box.viewport);
    expect(box.costRight).toBeLessThanOrEqual(box.viewport);
    expect(box.costLeft).toBeGreaterThan(0);
    expect(box.costHit).toBe(true);
    expect(box.lastCostCell).toBeLessThanOrEqual(box.viewport);
    expect(box.scroller.scroll).toBeLessThanOrEqual(box.scroller.client);
  });

  it('the gate\'s verdict is the first link of the section navigation, and leads to the gate\'s table', async () => {
    const verdict = summary.gate!.verdict;
    const links = page.locator('nav.toc a');
    expect(await links.first().textContent()).toBe(`Gate: ${verdict}`);
    expect(await links.first().getAttribute('href')).toBe('#gate');
    await links.first().click();
    const top = (await page.locator('#gate').boundingBox())!.y;
    // Scrolled to it: at the top of the window, give or take a sub-pixel of layout rounding (-0.34 px was seen).
    expect(top).toBeGreaterThan(-1);
    expect(top).toBeLessThan(900);
    expect(await page.locator('#gate').textContent()).toContain(verdict);
    await page.goto(url);
    await page.waitForSelector('html[data-ready]');
  });

  it('the tag breakdown shows each pass rate with the Wilson interval and the count results.json holds', async () => {
    const rows = await page.locator('table.tags tbody tr').evaluateAll((trs) => trs.map((tr) => ({
      tag: tr.querySelector('th')!.textContent,
      cells: [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent),
    })));
    expect(rows.map((r) => r.tag)).toEqual(summary.tags.map((t) => t.tag));
    let intervals = 0;
    for (const t of summary.tags) {
      const shown = rows.find((r) => r.tag === t.tag)!.cells;
      let i = 0;
      for (const m of summary.models) {
        for (const metric of summary.metrics) {
          const mean = t.means[m.key]![metric.name]!;
          const ci = t.ci![m.key]![metric.name];
          const cell = shown[i++]!;
          if (mean === null) {
            expect(cell).toBe('–');
            continue;
          }
          const interval = ci ? ` [${fmtValue(ci.low, metric.kind)}, ${fmtValue(ci.high, metric.kind)}]` : '';
          expect(cell, `${t.tag} ${m.label} ${metric.name}`).toBe(`${fmtValue(mean, metric.kind)}${interval}${fmtInt(t.counted![m.key]![metric.name]!)}/${fmtInt(t.records)} counted`);
          if (metric.kind === 'binary') {
            expect(ci).not.toBeNull();
            intervals++;
          }
        }
      }
    }
    // Two tags × three models × two binary metrics.
    expect(intervals).toBe(12);
  });

  it('the explorer filters to the records a chosen model failed, counted as results.json counts them, and keeps it in the address', async () => {
    // Failed on a model: a failing score on some metric, or no answer (the default policy counts that as failing).
    const failedOn = (key: string) => records.filter((r) => {
      const c = r.cells[key]!;
      return c.status === 'error' || c.status === 'missing' || c.status === 'filtered' || c.scores.some((s) => s?.[1] === false);
    }).map((r) => r.recordId);
    const flaky = failedOn('flaky');
    const arith = failedOn('arith');
    expect(flaky.length).toBeGreaterThan(0);
    expect(flaky).not.toEqual(arith);
    const options = await page.locator('#f-failon option').allTextContents();
    expect(options).toEqual(['Any model', `arith (${arith.length})`, `flaky (${flaky.length})`, `verbose (${failedOn('verbose').length})`]);
    await page.selectOption('#f-failon', { label: `flaky (${flaky.length})` });
    expect(Number(await page.locator('#count').getAttribute('data-count'))).toBe(flaky.length);
    expect(new URL(page.url()).hash).toBe('#failon=flaky');
    const firstShown = await page.locator('#list .row').first().getAttribute('data-id');
    expect(firstShown).toBe(flaky[0]);
    await page.reload();
    await page.waitForSelector('html[data-ready]');
    expect(Number(await page.locator('#count').getAttribute('data-count'))).toBe(flaky.length);
    await page.selectOption('#f-failon', { label: `arith (${arith.length})` });
    expect(Number(await page.locator('#count').getAttribute('data-count'))).toBe(arith.length);
    await page.click('#f-clear');
    expect(Number(await page.locator('#count').getAttribute('data-count'))).toBe(records.length);
    expect(await page.inputValue('#f-failon')).toBe('');
  });
});
