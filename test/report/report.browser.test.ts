// The record explorer in real Chromium: filters against known counts, search, sort, expand, hash restore, keyboard.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { RecordRow } from '../../src/types/results.ts';
import { attachProbe } from './helpers/assert-inert.ts';
import { chromiumMissingReason, fileUrl, launchChromium } from './helpers/browser.ts';
import { EXPECTED_COUNTS, FLAG_CASES, fixtureRun } from './helpers/fixture-run.ts';
import { renderRun } from './helpers/render.ts';
import { fail, model, ok, pass, summarise } from './helpers/synthetic-run.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`Skipping report browser tests: ${missing}`);

async function count(page: Page): Promise<number> {
  return Number(await page.locator('#count').getAttribute('data-count'));
}
async function selectedId(page: Page): Promise<string | null> {
  return page.locator('#list .row.sel').getAttribute('data-id');
}
async function visibleIds(page: Page): Promise<string[]> {
  return page.locator('#list .row').evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { id: string } }).dataset.id));
}

describe.skipIf(missing !== null)('report.html record explorer (Chromium)', () => {
  let context: BrowserContext;
  let close: () => Promise<void>;
  let url: string;
  let page: Page;
  let probe: ReturnType<typeof attachProbe>;

  beforeAll(async () => {
    ({ context, close } = await launchChromium());
    url = fileUrl((await renderRun(fixtureRun())).html);
    page = await context.newPage();
    probe = attachProbe(page);
    await page.goto(url);
    await page.waitForSelector('html[data-ready]');
  });
  afterAll(async () => close?.());

  it('shows every record and the per-filter counts', async () => {
    expect(await count(page)).toBe(EXPECTED_COUNTS.all);
    expect(await page.locator('#c-fail').textContent()).toBe(`(${EXPECTED_COUNTS.fail})`);
    expect(await page.locator('#c-regressed').textContent()).toBe(`(${EXPECTED_COUNTS.regressed})`);
    expect(await page.locator('#trunc-note').textContent()).toContain('Every text is embedded in full');
  });

  it.each(FLAG_CASES)('filter %s shows %i records, each carrying the flag', async (flag, expected) => {
    await page.check(`#f-${flag}`);
    expect(await count(page)).toBe(expected);
    const labels = await page.locator('#list .row .flags').allTextContents();
    expect(labels.length).toBe(expected);
    for (const l of labels) expect(l).toContain(flag === 'fail' ? 'failing' : flag);
    await page.uncheck(`#f-${flag}`);
    expect(await count(page)).toBe(EXPECTED_COUNTS.all);
  });

  it('combines filters with the tag filter and restores them from the URL hash on reload', async () => {
    await page.check('#f-fail');
    await page.check('#f-regressed');
    expect(await count(page)).toBe(EXPECTED_COUNTS.failAndRegressed);
    await page.selectOption('#f-tag', 'math');
    expect(await visibleIds(page)).toEqual(['r-008', 'r-010']);
    expect(new URL(page.url()).hash).toBe('#fail=1&reg=1&tag=math');
    await page.reload();
    await page.waitForSelector('html[data-ready]');
    expect(await page.isChecked('#f-fail')).toBe(true);
    expect(await page.isChecked('#f-regressed')).toBe(true);
    expect(await page.inputValue('#f-tag')).toBe('math');
    expect(await visibleIds(page)).toEqual(['r-008', 'r-010']);
    await page.click('#f-clear');
    expect(await count(page)).toBe(EXPECTED_COUNTS.all);
    expect(new URL(page.url()).hash).toBe('');
    await page.selectOption('#f-tag', 'math');
    expect(await count(page)).toBe(EXPECTED_COUNTS.tagMath);
    await page.selectOption('#f-tag', '');
  });

  it.each([
    ['capital', ['r-001']], // prompt and an output
    ['こんにちは', ['r-004']], // non-ASCII in expected and outputs
    ['RATE EXCEEDED', []], // error messages are not searched, only ids, prompts, expected answers and outputs
    ['r-01', ['r-010', 'r-011']], // record ids
  ])('search %j finds %j', async (q, ids) => {
    await page.fill('#f-q', q);
    await page.waitForFunction((want) => new URLSearchParams((globalThis as unknown as { location: { hash: string } }).location.hash.slice(1)).get('q') === want, q);
    expect(await visibleIds(page)).toEqual(ids);
    expect(await page.locator('#empty').isVisible()).toBe(ids.length === 0);
  });

  it('sorts by a model and metric, unscored records last in both directions', async () => {
    await page.fill('#f-q', '');
    await page.waitForFunction(() => (globalThis as unknown as { location: { hash: string } }).location.hash === '');
    await page.selectOption('#f-sort', { label: 'Model B · similarity' });
    // The list is virtualised, so read the ends of the order by moving the selection there.
    const ends = async (): Promise<[string[], string | null]> => {
      const top = await visibleIds(page);
      await page.locator('#list').focus();
      await page.keyboard.press('End');
      const last = await selectedId(page);
      await page.keyboard.press('Home');
      return [top, last];
    };
    const [asc, ascLast] = await ends();
    expect(asc.slice(0, 3)).toEqual(['r-010', 'r-002', 'r-008']); // -0.5, 0.1, 0.4
    expect(ascLast).toBe('r-003'); // error, not scored
    await page.click('#f-dir');
    const [desc, descLast] = await ends();
    expect(desc.slice(0, 3)).toEqual(['r-000', 'r-004', 'r-005']); // 1, ties in suite order
    expect(descLast).toBe('r-003');
    expect(new URL(page.url()).hash).toBe('#sm=b&sx=similarity&dir=desc');
    await page.click('#f-clear');
    expect(await page.inputValue('#f-sort')).toBe('');
  });

  it('moves with j/k and arrow keys, opens with Enter, closes with Escape, and keeps the open record in the hash', async () => {
    await page.locator('#list').focus();
    expect(await selectedId(page)).toBe('r-000');
    await page.keyboard.press('j');
    await page.keyboard.press('ArrowDown');
    expect(await selectedId(page)).toBe('r-002');
    await page.keyboard.press('k');
    expect(await selectedId(page)).toBe('r-001');
    await page.keyboard.press('Enter');
    expect(await page.locator('#detail h3').textContent()).toBe('Record r-001');
    expect(new URL(page.url()).hash).toBe('#rec=r-001');
    const detail = (await page.locator('#detail').textContent()) ?? '';
    expect(detail).toContain('Expected exactly "Paris"'); // each score with its reason
    expect(await page.locator('#detail .card').count()).toBe(3); // models side by side
    expect(await page.locator('#detail mark.exact').allTextContents()).toEqual(['Paris', 'Paris', 'Paris']);
    await page.keyboard.press('j');
    expect(await page.locator('#detail h3').textContent()).toBe('Record r-002');
    await page.reload();
    await page.waitForSelector('html[data-ready]');
    expect(await page.locator('#detail h3').textContent()).toBe('Record r-002');
    await page.keyboard.press('Escape');
    expect(await page.locator('#detail').isHidden()).toBe(true);
    expect(new URL(page.url()).hash).toBe('');
  });

  it('collapses long text and expands it on request, by mouse and keyboard', async () => {
    await page.locator('#list .row[data-id="r-006"]').click();
    // A long output must not widen its column and push the other models off screen.
    const lastCell = await page.locator('#list .row[data-id="r-006"] .c-model').last().boundingBox();
    expect(lastCell!.x + lastCell!.width).toBeLessThanOrEqual(1400);
    const card = page.locator('#detail .card').first();
    expect(await card.textContent()).not.toContain('END-OF-LONG-TEXT');
    const more = card.locator('button.more');
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    await more.focus();
    await page.keyboard.press('Enter');
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    expect(await card.textContent()).toContain('END-OF-LONG-TEXT');
    expect(await page.locator('#detail').isVisible()).toBe(true); // Enter on the button did not close the record
    await page.screenshot({ path: 'test-artifacts/report-detail.png' });
    await page.keyboard.press('Escape');
  });

  it('renders without errors or requests and saves a screenshot', async () => {
    mkdirSync('test-artifacts', { recursive: true });
    await page.goto(`${url}#fail=1`);
    await page.waitForSelector('html[data-ready]');
    await page.screenshot({ path: 'test-artifacts/report.png', fullPage: true });
    expect(probe.pageErrors).toEqual([]);
    expect(probe.consoleErrors).toEqual([]);
    expect(new Set(probe.requests.map((u) => u.split('#')[0]))).toEqual(new Set([url]));
  });
});

describe.skipIf(missing !== null)('virtualised list (Chromium)', () => {
  it('keeps only visible rows in the DOM and renders new rows on scroll', async () => {
    const metrics = [{ name: 'eq', kind: 'binary' as const }];
    const rows: RecordRow[] = Array.from({ length: 3000 }, (_, i) => ({
      index: i,
      recordId: `rec-${String(i).padStart(4, '0')}`,
      prompt: `Prompt number ${i}`,
      expected: 'yes',
      tags: [],
      cells: [ok('yes', [pass()]), ok(i % 7 ? 'yes' : 'no', [i % 7 ? pass() : fail()])],
    }));
    const html = (await renderRun({ rows, summary: summarise([model('a'), model('b')], metrics, rows, { baseline: 'a' }) })).html;
    const { context, close } = await launchChromium();
    try {
      const page = await context.newPage();
      await page.goto(fileUrl(html));
      await page.waitForSelector('html[data-ready]');
      expect(await count(page)).toBe(3000);
      const before = await visibleIds(page);
      expect(before[0]).toBe('rec-0000');
      expect(before.length).toBeLessThan(40);
      await page.locator('#list').evaluate((el) => {
        (el as unknown as { scrollTop: number }).scrollTop = 1500 * 88;
      });
      await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('#list .row[data-id="rec-1500"]') !== null);
      expect((await visibleIds(page)).length).toBeLessThan(40);
      await page.locator('#list').focus();
      await page.keyboard.press('End');
      expect(await selectedId(page)).toBe('rec-2999');
      await page.check('#f-regressed');
      expect(await count(page)).toBe(Math.ceil(3000 / 7));
    } finally {
      await close();
    }
  });
});

describe.skipIf(missing !== null)('the Filtered box (Chromium)', () => {
  it('shows only records where some model\'s reply was stopped by a content filter or guardrail, and keeps it in the hash', async () => {
    const metrics = [{ name: 'eq', kind: 'binary' as const }];
    const filtered = (stopReason: string): RecordRow['cells'][number] => ({ status: 'filtered', text: 'I can\'t help with that.', stopReason, inputTokens: 12, outputTokens: 6, scores: [null] });
    // Every 5th record filtered for model b (content filter), every 7th for model a (guardrail): both count, once.
    const rows: RecordRow[] = Array.from({ length: 20 }, (_, i) => ({
      index: i,
      recordId: `rec-${String(i).padStart(2, '0')}`,
      prompt: `Prompt ${i}`,
      expected: 'yes',
      tags: [],
      cells: [i % 7 === 3 ? filtered('guardrail_intervened') : ok('yes', [pass()]), i % 5 === 0 ? filtered('content_filtered') : ok(i % 3 ? 'yes' : 'no', [i % 3 ? pass() : fail()])],
    }));
    const want = rows.filter((r) => r.cells.some((c) => c.status === 'filtered')).map((r) => r.recordId);
    expect(want).toEqual(['rec-00', 'rec-03', 'rec-05', 'rec-10', 'rec-15', 'rec-17']);
    const html = (await renderRun({ rows, summary: summarise([model('a'), model('b')], metrics, rows, { baseline: 'a' }) })).html;
    const { context, close } = await launchChromium();
    try {
      const page = await context.newPage();
      await page.goto(fileUrl(html));
      await page.waitForSelector('html[data-ready]');
      expect(await count(page)).toBe(20);
      expect(await page.locator('label:has(#f-filtered)').textContent()).toContain('Filtered');
      expect(await page.locator('#c-filtered').textContent()).toBe(`(${want.length})`);
      await page.check('#f-filtered');
      expect(await count(page)).toBe(want.length);
      expect(await visibleIds(page)).toEqual(want);
      for (const l of await page.locator('#list .row .flags').allTextContents()) expect(l).toContain('filtered');
      expect(new URL(page.url()).hash).toBe('#filt=1');
      // Combined with another box, both must hold: filtered and failing.
      await page.check('#f-fail');
      const failing = rows.filter((r) => r.cells.some((c) => c.status === 'filtered') && r.cells.some((c) => c.scores[0]?.pass === false)).map((r) => r.recordId);
      expect(await visibleIds(page)).toEqual(failing);
      expect(failing.length).toBeGreaterThan(0);
      await page.click('#f-clear');
      expect(await count(page)).toBe(20);
    } finally {
      await close();
    }
  });
});
