// Hostile model output end to end: XSS payloads replayed by the emulator through a real batch run, then the report is
// opened in Chromium and must stay inert; the CSVs must neutralise spreadsheet formulas.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { tempProject, type TempProject } from '../helpers/project.ts';
import { PAYLOADS } from '../report/helpers/hostile-run.ts';
import { chromiumMissingReason, launchChromium } from '../report/helpers/browser.ts';
import { assertReportInert, attachProbe } from '../report/helpers/assert-inert.ts';
import { parseCsv } from '../report/helpers/parse-csv.ts';
import { captureIo } from '../helpers/io.ts';

const FORMULAS = ['=HYPERLINK("https://example.com/x","click")', '@SUM(1+1)', '+cmd|" /C calc"!A0', '-2+3'];
const N = 104;
const missing = chromiumMissingReason();
if (missing) console.warn(`hostile-output browser test skipped: ${missing}`);

describe.skipIf(Boolean(missing))('hostile model output through the emulator replay model', () => {
  let project: TempProject;
  let runDir: string;

  beforeAll(async () => {
    const payloads = [...PAYLOADS, ...FORMULAS];
    const suite: string[] = [];
    const recording: string[] = [];
    for (let i = 0; i < N; i++) {
      const payload = payloads[i % payloads.length]!;
      const prompt = `Question ${i}: repeat this ${payload}`;
      suite.push(JSON.stringify({ recordId: `h${i}`, modelInput: { messages: [{ role: 'user', content: [{ text: prompt }] }] }, expected: payload, tags: ['hostile'] }));
      recording.push(JSON.stringify({ prompt, output: i % payloads.length >= PAYLOADS.length ? payload : `Sure: ${payload}` }));
    }
    project = tempProject({}, `${suite.join('\n')}\n`);
    fs.writeFileSync(path.join(project.dir, 'recording.jsonl'), `${recording.join('\n')}\n`);
    fs.writeFileSync(project.config, `export default ${JSON.stringify({
      suite: 'suite.jsonl',
      models: [{ id: 'beval.replay-hostile', label: '<img src=x onerror=alert(1)>' }, { id: 'beval.arith-v1', label: 'arith' }],
      target: { kind: 'emulator', replay: { 'beval.replay-hostile': 'recording.jsonl' } },
      scorers: ['equals', ['contains', { value: '<script>' }]],
    })};\n`);
    const io = captureIo(project.dir);
    expect(await main(['run', '--config', project.config], io)).toBe(0);
    runDir = path.resolve(project.dir, /run directory: (\S+)/.exec(io.out())![1]!);
  });
  afterAll(() => project.cleanup());

  it('renders the replayed payloads literally with no dialog, script error or request', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      const probe = attachProbe(page);
      const url = pathToFileURL(path.join(runDir, 'report.html')).href;
      await page.goto(url);
      await assertReportInert(page, probe, { documentUrl: url, payloads: PAYLOADS.filter((p) => !p.includes('\u2028')) });
    } finally {
      await browser.close();
    }
  });

  it('neutralises formula-like model output in records.csv and scores.csv', () => {
    const rows = parseCsv(fs.readFileSync(path.join(runDir, 'records.csv'), 'utf8'));
    const header = rows[0]!;
    const col = header.findIndex((h) => h.endsWith(':output'));
    const outputs = rows.slice(1).map((r) => r[col]!);
    for (const f of FORMULAS) {
      expect(outputs).toContain(`'${f}`);
      expect(outputs).not.toContain(f);
    }
    expect(outputs.some((o) => o.includes('</script><script>'))).toBe(true); // CSV keeps the text, only neutralised
  });
});
