// report.html draws its first screen from the copy of its first rows while the rest of the file is still on its way:
// served over HTTP with the rows held back, Chromium must show the same rows, in the same order and with the same
// previews, as after the whole file has loaded; a view the copy cannot draw waits; scrolling while loading is kept.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { RecordRow } from '../../src/types/results.ts';
import { FIRST_ROWS } from '../../src/report/html/first-rows.ts';
import { attachProbe, collectFindings } from './helpers/assert-inert.ts';
import { chromiumMissingReason, launchChromium } from './helpers/browser.ts';
import { PAYLOADS } from './helpers/hostile-run.ts';
import { renderRun } from './helpers/render.ts';
import { errored, fail, model, ok, pass, summarise } from './helpers/synthetic-run.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`Skipping first-rows browser tests: ${missing}`);

const RECORDS = FIRST_ROWS + 20;

/** Long texts with a grapheme cluster or surrogate pair right at the list's 240-character preview cut, and payloads. */
function firstRowsRun(): { summary: ReturnType<typeof summarise>; rows: RecordRow[] } {
  const models = [model('base'), model('cand', { label: '<img src=x onerror=alert(1)>' })];
  const metrics = [{ name: 'exact', kind: 'binary' as const }];
  const rows: RecordRow[] = [];
  for (let i = 0; i < RECORDS; i++) {
    const payload = PAYLOADS[i % PAYLOADS.length]!;
    const long = `${'p'.repeat(236 + (i % 5))}\u{1F468}\u200D\u{1F469}\u200D\u{1F467}${'q'.repeat(300)}`;
    const emoji = `${'o'.repeat(238 + (i % 3))}\u{1F600}${'r'.repeat(50)} ${payload}`;
    rows.push({
      index: i,
      recordId: `rec-${String(i).padStart(3, '0')}`,
      prompt: i % 2 ? long : `Prompt ${i}: ${payload}`,
      expected: `answer ${i}`,
      tags: [i % 3 ? 'math' : `<b>tag</b> ${i % 4}`],
      cells: [
        ok(i % 4 ? emoji : `short ${i}`, [i % 5 ? pass(`reason ${i} ${payload}`) : fail()]),
        i % 7 === 0 ? errored('ThrottlingException', `Rate exceeded ${payload}`, 1) : ok(`Candidate ${i} ${payload} ${long}`, [i % 2 ? fail(`bad ${i}`) : pass()]),
      ],
    });
  }
  return { summary: summarise(models, metrics, rows, { baseline: 'base' }), rows };
}

/** Serves report.html, sending everything up to the full rows at once and the rest only when released. */
class HeldBackServer {
  private server: Server | undefined;
  private releases: (() => void)[] = [];

  constructor(private readonly html: Buffer) {}

  async start(): Promise<string> {
    const split = this.html.indexOf('<script type="application/json" id="beval-rows">');
    if (split < 0) throw new Error('report.html has no beval-rows block');
    this.server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.write(this.html.subarray(0, split));
      this.releases.push(() => res.end(this.html.subarray(split)));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/report.html`;
  }

  /** Sends the rest of every response held so far. */
  release(): void {
    for (const r of this.releases.splice(0)) r();
  }

  async stop(): Promise<void> {
    this.release();
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections(); // Chromium keeps its connection alive
    });
  }
}

async function rowsHtml(page: Page): Promise<string[]> {
  return page.locator('#list .row').evaluateAll((rows) => rows.map((r) => (r as unknown as { outerHTML: string }).outerHTML));
}

async function marks(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as { performance: { getEntriesByType(t: string): { name: string }[] } }).performance.getEntriesByType('mark').map((m) => m.name));
}

describe.skipIf(missing !== null)('report.html first rows while the rest loads (Chromium)', () => {
  let context: BrowserContext;
  let close: () => Promise<void>;
  let server: HeldBackServer;
  let url: string;

  beforeAll(async () => {
    ({ context, close } = await launchChromium());
    server = new HeldBackServer(readFileSync((await renderRun(firstRowsRun())).html));
    url = await server.start();
  });
  afterAll(async () => {
    await close?.();
    await server?.stop();
  });

  it('shows the first rows from the copy, the same rows and previews as after the whole file loads', async () => {
    const page = await context.newPage();
    const probe = attachProbe(page);
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForSelector('#list .row', { state: 'visible' });
    // Still loading: the rows came from the copy; the filters wait for the rest.
    expect(await page.locator('html[data-ready]').count()).toBe(0);
    expect(await marks(page)).toEqual(['beval-ready']);
    expect(await page.locator('#count').textContent()).toBe(`Loading ${RECORDS} records\u2026`);
    expect(await page.locator('#explorer .controls').evaluate((c) => (c as unknown as { inert: boolean }).inert)).toBe(true);
    const early = await rowsHtml(page);
    expect(early.length).toBeGreaterThan(4);
    expect(early.length).toBeLessThan(FIRST_ROWS);
    const earlyFindings = await collectFindings(page, probe, url);
    expect(earlyFindings.handlers).toEqual([]);
    expect(earlyFindings.foreign).toEqual([]);
    expect(earlyFindings.scripts).toBe(1);

    server.release();
    await page.waitForSelector('html[data-ready]');
    expect(await marks(page)).toEqual(['beval-ready', 'beval-interactive']);
    expect(await rowsHtml(page)).toEqual(early);
    expect(await page.locator('#count').textContent()).toBe(`Showing ${RECORDS} of ${RECORDS} records`);
    expect(await page.locator('#explorer .controls').evaluate((c) => (c as unknown as { inert: boolean }).inert)).toBe(false);
    // The previews really were cut from long texts (an ellipsis), so the copy's shorter texts were put to the test.
    expect(early.some((row) => row.includes('\u{1F468}\u200D\u{1F469}\u200D\u{1F467}') || row.includes('p\u2026'))).toBe(true);
    const findings = await collectFindings(page, probe, url);
    expect(findings.pageErrors).toEqual([]);
    expect(findings.consoleErrors).toEqual([]);
    expect(findings.dialogs).toEqual([]);
    expect(findings.pwned).toBe(false);
    await page.close();
  });

  it('keeps the place of whoever scrolled while the rows were loading', async () => {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForSelector('#list .row');
    // The list has room for every record already, so the scroll lands where it will be once the rows are in.
    const top = 50 * 88;
    await page.locator('#list').evaluate((l, t) => { (l as unknown as { scrollTop: number }).scrollTop = t; }, top);
    server.release();
    await page.waitForSelector('html[data-ready]');
    await page.waitForSelector('#list .row[data-id="rec-050"]');
    expect(await page.locator('#list').evaluate((l) => (l as unknown as { scrollTop: number }).scrollTop)).toBe(top);
    await page.close();
  });

  it('an address with a filter waits for every row rather than showing the unfiltered first rows', async () => {
    const page = await context.newPage();
    await page.goto(`${url}#fail=1`, { waitUntil: 'commit' });
    await page.waitForSelector('#list');
    await page.waitForSelector('#explorer .controls[inert]', { state: 'attached' });
    expect(await page.locator('#list .row').count()).toBe(0);
    expect(await marks(page)).toEqual([]);
    server.release();
    await page.waitForSelector('html[data-ready]');
    expect(await marks(page)).toEqual(['beval-ready', 'beval-interactive']);
    const labels = await page.locator('#list .row .flags').allTextContents();
    expect(labels.length).toBeGreaterThan(0);
    for (const l of labels) expect(l).toContain('failing');
    await page.close();
  });
});
