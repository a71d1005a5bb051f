// Reusable assertions that a rendered report is inert: no dialog, no script error, no request beyond the document,
// no injected handler or element, and every hostile payload shown literally as text.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** What the page did while it was open. Attach before navigating. */
export interface InertProbe {
  dialogs: string[];
  requests: string[];
  consoleErrors: string[];
  pageErrors: string[];
}

export function attachProbe(page: Page): InertProbe {
  const probe: InertProbe = { dialogs: [], requests: [], consoleErrors: [], pageErrors: [] };
  page.on('dialog', (d) => {
    probe.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => probe.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') probe.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => probe.pageErrors.push(e.message));
  return probe;
}

/** The bit of `window` page functions use here (the test tsconfig has no DOM types). */
export interface PageGlobals {
  location: { hash: string };
}

// Runs in the page: anything an injection would leave behind.
const DOM_AUDIT = `(() => {
  const all = Array.from(document.querySelectorAll('*'));
  const handlers = [];
  for (const el of all) for (const a of Array.from(el.attributes)) {
    if (/^on/i.test(a.name)) handlers.push(el.tagName + '[' + a.name + ']');
    if (/^(href|src|action|formaction|xlink:href|data|srcdoc)$/i.test(a.name) && /^\\s*javascript:/i.test(a.value)) handlers.push(el.tagName + '[' + a.name + '=javascript:]');
  }
  return {
    handlers,
    scripts: document.querySelectorAll('script:not([type="application/json"])').length,
    foreign: Array.from(document.querySelectorAll('img,iframe,object,embed,image,video,audio,link[rel]:not([rel="icon"]),base,form,meta[http-equiv="refresh"]')).map((e) => e.tagName),
    pwned: typeof window.__pwned !== 'undefined',
  };
})()`;

/** Everything an injection could have caused, gathered from the page and the probe. Empty lists mean inert. */
export interface InertFindings {
  handlers: string[];
  scripts: number;
  foreign: string[];
  pwned: boolean;
  dialogs: string[];
  otherRequests: string[];
  pageErrors: string[];
  consoleErrors: string[];
}

/** Audit the page as it is now. Usable on any page (the negative-control test runs it on a deliberately unsafe one). */
export async function collectFindings(page: Page, probe: InertProbe, documentUrl: string): Promise<InertFindings> {
  const audit = (await page.evaluate(DOM_AUDIT)) as { handlers: string[]; scripts: number; foreign: string[]; pwned: boolean };
  const base = documentUrl.split('#')[0];
  return {
    ...audit,
    dialogs: [...probe.dialogs],
    otherRequests: probe.requests.filter((u) => u.split('#')[0] !== base),
    pageErrors: [...probe.pageErrors],
    consoleErrors: [...probe.consoleErrors],
  };
}

function expectInert(f: InertFindings): void {
  expect(f.handlers, 'event-handler or javascript: attributes in the DOM').toEqual([]);
  expect(f.scripts, 'executable script elements (only the report\'s own)').toBe(1);
  expect(f.foreign, 'elements that could load or navigate').toEqual([]);
  expect(f.pwned, 'window.__pwned set by injected code').toBe(false);
  expect(f.otherRequests, 'requests other than the document').toEqual([]);
  expect(f.dialogs, 'dialogs').toEqual([]);
  expect(f.pageErrors, 'uncaught page errors').toEqual([]);
  expect(f.consoleErrors, 'console errors and warnings (CSP violations show here)').toEqual([]);
}

/**
 * Assert the open report did nothing but render. For each payload, search for it in the explorer, open the first
 * match and check the record detail shows it literally; payloads must therefore occur in a prompt, expected answer or
 * output. `documentUrl` is the file:// URL that was opened.
 */
export async function assertReportInert(page: Page, probe: InertProbe, opts: { documentUrl: string; payloads: string[] }): Promise<void> {
  await page.waitForSelector('html[data-ready]');
  expectInert(await collectFindings(page, probe, opts.documentUrl));
  for (const payload of opts.payloads) {
    await page.fill('#f-q', payload);
    // The search is debounced; wait until it has been applied (it is then written to the URL hash).
    // (A function, not a string: string predicates are eval'd in the page, which our CSP rightly refuses.)
    await page.waitForFunction((q) => new URLSearchParams((globalThis as unknown as PageGlobals).location.hash.slice(1)).get('q') === q, payload);
    expect(Number(await page.locator('#count').getAttribute('data-count')), `records matching ${JSON.stringify(payload)}`).toBeGreaterThan(0);
    await page.locator('#list').focus();
    await page.keyboard.press('Enter');
    // Long texts are collapsed; expand them all so the whole of each is in the DOM.
    for (const more of await page.locator('#detail button.more[aria-expanded="false"]').all()) await more.click();
    const detail = (await page.locator('#detail').textContent()) ?? '';
    expect(detail.includes(payload), `detail shows ${JSON.stringify(payload)} literally`).toBe(true);
    await page.keyboard.press('Escape');
  }
  await page.fill('#f-q', '');
  // Opening records and expanding text must not have triggered anything either.
  expectInert(await collectFindings(page, probe, opts.documentUrl));
}
