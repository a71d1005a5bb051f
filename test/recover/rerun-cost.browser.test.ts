// report.html of a batch run rerun realtime, in Chromium: the header names both modes beside the model and the run's
// cost, and the Reruns list says what each mode's answers cost, summing to the model's cost.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { main } from '../../src/cli/main.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { fmtCost, fmtInt } from '../../src/report/html/format.ts';
import { ARITH, FAST_TIMING, latestRun, readResults, writeProject } from '../run/helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { chromiumMissingReason, fileUrl, launchChromium } from '../report/helpers/browser.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`Skipping the rerun cost browser test: ${missing}`);

describe.skipIf(missing !== null)('report.html after a realtime rerun of a batch run (Chromium)', () => {
  let emu: RunningEmulator;
  let context: BrowserContext;
  let close: () => Promise<void>;
  let runDir: string;

  beforeAll(async () => {
    emu = await startEmulator({ timing: FAST_TIMING, faults: [{ kind: 'record-errors', fraction: 0.1, times: 1 }] });
    const dir = tempDir('rerun-cost-html');
    const config = writeProject(dir, 200, { models: [{ ...ARITH, pricing: { inputPer1k: 0.3, outputPer1k: 1.5 } }], target: { kind: 'emulator', endpoint: emu.endpoint } });
    expect(await main(['run', '--config', config], captureIo(dir))).toBe(0);
    ({ runDir } = latestRun(dir));
    expect(await main(['rerun', latestRun(dir).id, '--config', config], captureIo(dir))).toBe(0);
    ({ context, close } = await launchChromium());
  }, 120_000);
  afterAll(async () => {
    await close?.();
    await emu?.close();
  });

  it('shows both modes beside the model and each mode\'s share of the cost', async () => {
    const { summary } = readResults(runDir);
    const pm = summary.perModel[0]!;
    const [batch, realtime] = pm.billedByMode!;
    const page = await context.newPage();
    await page.goto(fileUrl(path.join(runDir, 'report.html')));
    await page.waitForSelector('html[data-ready]');
    const seen = await page.evaluate(`(() => ({
      model: document.querySelector('ul.models li').innerText,
      cost: [...document.querySelectorAll('dl.facts div')].find((d) => d.querySelector('dt').textContent === 'Cost').querySelector('dd').innerText,
      reruns: [...document.querySelectorAll('li')].map((li) => li.innerText).filter((t) => t.startsWith('arith: cost')),
    }))()`) as { model: string; cost: string; reruns: string[] };
    expect(seen.model).toBe('arith beval.arith-v1 batch + realtime (rerun) baseline');
    expect(seen.cost).toBe(fmtCost(summary.totals.cost));
    expect(seen.reruns).toEqual([`arith: cost ${fmtCost(pm.cost)} = ${fmtCost(batch!.cost)} at batch prices (${fmtInt(batch!.answers)} answer(s)) + ${fmtCost(realtime!.cost)} at on-demand prices (${fmtInt(realtime!.answers)} answer(s) of reruns)`]);
    expect(batch!.cost! + realtime!.cost!).toBeCloseTo(pm.cost!, 12);
    await page.close();
  });
});
