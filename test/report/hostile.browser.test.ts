// Hostile prompts, answers and outputs render as literal text in real Chromium: no dialog, error or request.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { attachProbe, assertReportInert, collectFindings } from './helpers/assert-inert.ts';
import { chromiumMissingReason, fileUrl, launchChromium } from './helpers/browser.ts';
import { hostileRun, PAYLOADS } from './helpers/hostile-run.ts';
import { renderRun } from './helpers/render.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { fail, model, ok, summarise } from './helpers/synthetic-run.ts';
import type { RecordRow } from '../../src/types/results.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`Skipping hostile-output browser tests: ${missing}`);

describe.skipIf(missing !== null)('report.html with hostile data (Chromium)', () => {
  let context: BrowserContext;
  let close: () => Promise<void>;
  let html: string;

  beforeAll(async () => {
    ({ context, close } = await launchChromium());
    html = (await renderRun(hostileRun())).html;
  });
  afterAll(async () => close?.());

  it('keeps the payloads out of the markup outside escaped text', () => {
    const text = readFileSync(html, 'utf8');
    expect(text.match(/<script/g)).toHaveLength(5); // meta, the first rows' copy, our own script, rows and tail
    expect(text).not.toContain('<img');
    expect(text).not.toContain('<iframe');
    expect(text).not.toMatch(/<svg onload/i);
    expect(text).not.toContain('\u2028');
  });

  it('runs nothing, loads nothing and shows every payload literally', async () => {
    const page = await context.newPage();
    const probe = attachProbe(page);
    const url = fileUrl(html);
    await page.goto(url);
    // Payloads also sit in server-rendered places: model labels, metric names, run id, suite path, gate rule.
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).toContain('</script><script>alert(1)</script>');
    expect(body).toContain('<b onmouseover=alert(1)>exact</b>');
    expect(body).toContain('suites/<script>alert(1)</script>.jsonl');
    expect(await page.title()).toBe('beval report: script>.jsonl'); // the file name after the last slash
    await assertReportInert(page, probe, { documentUrl: url, payloads: PAYLOADS });
    await page.close();
  });

  it('negative control: the same probe does catch an unescaped page', async () => {
    const path = join(tempDir(), 'unsafe.html');
    writeFileSync(path, `<!DOCTYPE html><body><p>${PAYLOADS[2]}</p><script>window.__pwned = 1</script></body>`);
    const page = await context.newPage();
    const probe = attachProbe(page);
    await page.goto(fileUrl(path));
    await page.waitForLoadState('load');
    const findings = await collectFindings(page, probe, fileUrl(path));
    expect(findings.handlers).toContain('IMG[onerror]');
    expect(findings.foreign).toContain('IMG');
    expect(findings.pwned).toBe(true);
    expect(findings.dialogs).toEqual(['alert: 1']);
    expect(findings.otherRequests.some((u) => u.endsWith('/x'))).toBe(true);
    await page.close();
  });
});

/** A run with the hostile text a report meets in real outputs: bidi controls, long unbroken rows, emoji at the cut. */
function unicodeRun() {
  const long = 'x'.repeat(20_000);
  // 599 letters then a surrogate pair across the 600-character collapse; then a ZWJ family cluster across it.
  const pair = `${'a'.repeat(599)}\u{1F600}${'b'.repeat(50)}`;
  const cluster = `${'c'.repeat(597)}\u{1F468}\u200D\u{1F469}\u200D\u{1F467}${'d'.repeat(50)}`;
  const models = [model('base'), model('cand')];
  const metrics = [{ name: 'exact', kind: 'binary' as const }];
  const rows: RecordRow[] = [
    { index: 0, recordId: 'invoice\u202Elmth.exe', prompt: 'Open \u202Efdp.exe', expected: 'x', tags: ['tag\u2067rtl'], cells: [ok(`file \u202Egpj.exe ${long}`, [fail()]), ok(long, [fail()])] },
    { index: 1, recordId: 'pair', prompt: 'p', expected: 'z', tags: [], cells: [ok(pair, [fail()]), ok(cluster, [fail()])] },
  ];
  return { summary: summarise(models, metrics, rows, { baseline: 'base' }), rows };
}

describe.skipIf(missing !== null)('report.html with bidi controls, long rows and emoji at the cut (Chromium)', () => {
  let context: BrowserContext;
  let close: () => Promise<void>;
  let url: string;

  beforeAll(async () => {
    ({ context, close } = await launchChromium());
    url = fileUrl((await renderRun(unicodeRun())).html);
  });
  afterAll(async () => close?.());

  it('shows bidi controls as visible escapes in ids, tags, prompts and outputs, in the list and the detail', async () => {
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('#list .row[data-id="invoice\u202Elmth.exe"]').click();
    const shown = (await page.locator('body').innerText());
    expect(shown).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(shown).toContain('invoice\\u202elmth.exe');
    expect(shown).toContain('tag\\u2067rtl');
    expect(shown).toContain('Open \\u202efdp.exe');
    expect(shown).toContain('file \\u202egpj.exe');
    await page.close();
  });

  it('list rows carry short previews; the full 20,000 characters only in the detail view', async () => {
    const page = await context.newPage();
    await page.goto(url);
    const rowText = await page.locator('#list .row').first().evaluate((r) => r.textContent?.length ?? 0);
    expect(rowText).toBeLessThan(1_000);
    await page.locator('#list .row').first().click();
    const card = page.locator('#detail .card').nth(1);
    await card.locator('button.more').click();
    expect((await card.locator('.pre').textContent())?.length).toBe(20_000);
    expect(await page.locator('#trunc-note').textContent()).not.toContain('previews of 0 characters');
    await page.close();
  });

  it('the 600-character collapse never splits a surrogate pair or a grapheme cluster', async () => {
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('#list .row[data-id="pair"]').click();
    const texts = await page.locator('#detail .card .pre').allTextContents();
    const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    for (const t of texts) expect(lone.test(t), t.slice(590)).toBe(false);
    expect(texts[0]).toBe(`${'a'.repeat(599)}\u2026`);
    expect(texts[1]).toBe(`${'c'.repeat(597)}\u2026`);
    await page.close();
  });
});
