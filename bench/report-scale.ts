// Report scale bench: renders a synthetic records × models run to report.html, then opens it in Chromium to time
// the first useful paint and check that scrolling the virtualised list renders new rows.
import { createWriteStream, statSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHtmlReportSink } from '../src/report/index.ts';
import { SummaryBuilder } from '../test/report/helpers/synthetic-run.ts';
import { chromiumMissingReason, fileUrl, launchChromium } from '../test/report/helpers/browser.ts';
import { SyntheticRunData } from './report-scale-data.ts';

/**
 * Result of one bench run. `firstPaintMs` ('beval-ready': the first rows are in the list) and `interactiveMs`
 * ('beval-interactive': every row loaded and the filters live) are -1 when Chromium is not installed.
 */
export interface ReportScaleResult {
  bytes: number;
  renderMs: number;
  firstPaintMs: number;
  interactiveMs: number;
  scrollOk: boolean;
  notes: string[];
}

interface PageTimings {
  ready: number;
  fcp: number | null;
  rows: number;
  ids: string[];
}

// Evaluated in the page (a string, because the bench's tsconfig has no DOM types).
const READ_TIMINGS = `(() => {
  const mark = performance.getEntriesByName('beval-ready')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const rows = Array.from(document.querySelectorAll('#list .row'));
  return { ready: mark ? mark.startTime : -1, fcp: fcp ? fcp.startTime : null, rows: rows.length, ids: rows.map((r) => r.dataset.id) };
})()`;

export async function runReportScaleBench(opts: { records: number; models: number; dir: string }): Promise<ReportScaleResult> {
  const notes: string[] = [];
  mkdirSync(opts.dir, { recursive: true });
  const data = new SyntheticRunData(opts.models);

  // Pass 1: the summary, as the pipeline would compute it before streaming rows.
  const builder = new SummaryBuilder(data.models, data.metrics, { baseline: 'm0', pricePerMTok: Object.fromEntries(data.models.map((m, i) => [m.key, 0.5 + i])) });
  const genStart = performance.now();
  for (let i = 0; i < opts.records; i++) builder.add(data.row(i));
  const summary = builder.build();
  notes.push(`summary pass (generation + accumulation): ${Math.round(performance.now() - genStart)} ms`);

  // Pass 2: stream rows through the sink; only sink time counts as render time.
  const path = join(opts.dir, 'report.html');
  const sink = createHtmlReportSink(summary, createWriteStream(path));
  let renderMs = 0;
  for (let i = 0; i < opts.records; i++) {
    const row = data.row(i);
    const t = performance.now();
    const p = sink.row(row);
    if (p) await p;
    renderMs += performance.now() - t;
  }
  const t = performance.now();
  await sink.end();
  renderMs += performance.now() - t;
  const bytes = statSync(path).size;
  notes.push(`report.html: ${(bytes / 1024 / 1024).toFixed(1)} MiB for ${opts.records} records × ${opts.models} models`);

  const missing = chromiumMissingReason();
  if (missing) {
    notes.push(`browser part skipped: ${missing}`);
    return { bytes, renderMs: Math.round(renderMs), firstPaintMs: -1, interactiveMs: -1, scrollOk: false, notes };
  }
  const { context, close } = await launchChromium();
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const navStart = performance.now();
    await page.goto(fileUrl(path), { waitUntil: 'commit' });
    await page.waitForSelector('#list .row', { state: 'visible', timeout: 60_000 });
    const wallMs = performance.now() - navStart;
    const first = (await page.evaluate(READ_TIMINGS)) as PageTimings;
    notes.push(`first rows visible ${Math.round(first.ready)} ms after navigation start (in-page mark); first contentful paint ${first.fcp === null ? 'n/a' : Math.round(first.fcp)} ms; wall clock from goto ${Math.round(wallMs)} ms`);

    // Scroll to the middle and the end: new rows must appear, and only a window of rows may be in the DOM. The first
    // scroll usually lands while the page still loads its rows (the first screen comes from report.html's copy).
    let scrollOk = first.rows > 0 && first.rows < 80 && first.ids[0] === 'rec-000000';
    for (const target of [Math.floor(opts.records / 2), opts.records - 1]) {
      await page.evaluate(`document.getElementById('list').scrollTop = ${target} * 88`);
      const id = `rec-${String(target).padStart(6, '0')}`;
      await page.waitForSelector(`#list .row[data-id="${id}"]`, { timeout: 10_000 }).catch(() => null);
      const after = (await page.evaluate(READ_TIMINGS)) as PageTimings;
      const ok = after.ids.includes(id) && after.rows < 80;
      if (!ok) notes.push(`scroll to ${id} failed: ${after.rows} rows in the DOM, first ${after.ids[0] ?? 'none'}`);
      scrollOk &&= ok;
    }
    await page.waitForSelector('html[data-ready]', { timeout: 60_000 });
    const interactiveMs = Math.round((await page.evaluate(`performance.getEntriesByName('beval-interactive')[0]?.startTime ?? -1`)) as number);
    notes.push(`every row loaded and the filters live ${interactiveMs} ms after navigation start`);
    if (errors.length) {
      notes.push(`page errors: ${errors.join('; ')}`);
      scrollOk = false;
    }
    await page.screenshot({ path: join(opts.dir, 'report-scale.png') });
    return { bytes, renderMs: Math.round(renderMs), firstPaintMs: Math.round(first.ready), interactiveMs, scrollOk, notes };
  } finally {
    await close();
  }
}
