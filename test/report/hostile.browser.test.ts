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
    expect(text.match(/<script/g)).toHaveLength(4); // meta, rows, tail and our own script
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
