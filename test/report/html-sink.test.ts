// report.html as text: CSP with the script's hash, one executable script, the static sections and embedded data.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHtmlReportSink } from '../../src/report/index.ts';
import { MemoryWritable } from './helpers/memory-writable.ts';
import { embeddedJson, executableScripts } from './helpers/read-embedded.ts';
import { fixtureRun } from './helpers/fixture-run.ts';

async function render(run = fixtureRun()): Promise<string> {
  const out = new MemoryWritable(64);
  const sink = createHtmlReportSink(run.summary, out);
  for (const row of run.rows) await sink.row(row);
  await sink.end();
  return out.text();
}

describe('createHtmlReportSink', () => {
  it('allows exactly its one inline script by hash and nothing remote', async () => {
    const html = await render();
    const csp = (/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? '').replaceAll('&#39;', "'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("script-src 'unsafe-inline'");
    const scripts = executableScripts(html);
    expect(scripts).toHaveLength(1);
    const hash = createHash('sha256').update(scripts[0]!, 'utf8').digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    expect(html).not.toMatch(/@import|url\(/);
  });

  it('embeds one compact row per record plus the string table and stats', async () => {
    const run = fixtureRun();
    const html = await render(run);
    const rows = embeddedJson(html, 'beval-rows') as unknown[][];
    expect(rows.map((r) => r[0])).toEqual(run.rows.map((r) => r.recordId));
    const meta = embeddedJson(html, 'beval-meta') as { models: { key: string }[]; baseline: number; csv: string };
    expect(meta.models.map((m) => m.key)).toEqual(['a', 'b', 'c']);
    expect(meta.baseline).toBe(0);
    const tail = embeddedJson(html, 'beval-tail') as { strings: string[]; stats: { records: number; truncatedTexts: number } };
    expect(tail.strings).toEqual(expect.arrayContaining(['math', 'end_turn', 'ThrottlingException: Rate exceeded', 'Expected exactly "Paris"']));
    expect(tail.stats).toMatchObject({ records: 12, truncatedTexts: 0 });
  });

  it('renders header, summary with best marked and failures visible, comparison, gate and tags', async () => {
    const html = await render();
    for (const id of ['top', 'summary', 'charts', 'comparison', 'gate', 'tags', 'explorer']) expect(html).toContain(`id="${id}"`);
    expect(html).toContain('run-20250101-000000-test');
    const rowC = /<tr data-model="c">([\s\S]*?)<\/tr>/.exec(html)?.[1] ?? '';
    expect(rowC).toContain('<td class="num err">1</td>'); // errors
    expect(rowC.match(/<td class="num warn">1<\/td>/g)).toHaveLength(2); // missing and not run
    expect(rowC).toContain('9/12 scored');
    const rowA = /<tr data-model="a">([\s\S]*?)<\/tr>/.exec(html)?.[1] ?? '';
    expect(rowA.match(/title="best under the unanswered-records policy"/g)?.length).toBeGreaterThanOrEqual(2);
    expect(html.match(/<tr data-candidate=/g)).toHaveLength(6);
    expect(html).toContain('verdict-regression');
    expect(html).toMatch(/<th scope="row">math<\/th><td class="num">5<\/td>/);
    expect(html).toContain('class="chart scatter"');
  });

  it('says so when there is no baseline, gate or price', async () => {
    const run = fixtureRun();
    delete run.summary.baseline;
    delete run.summary.gate;
    run.summary.comparisons = [];
    for (const pm of run.summary.perModel) delete pm.cost;
    const html = await render(run);
    expect(html).toContain('No baseline model was configured');
    expect(html).not.toContain('id="gate"');
    expect(html).toContain('no quality-against-cost chart');
    expect((embeddedJson(html, 'beval-meta') as { baseline: number }).baseline).toBe(-1);
  });
});

describe('summary honesty', () => {
  it('shows reconciliation notes escaped and the common-ground numbers where coverage differs', async () => {
    const run = fixtureRun();
    const pm = run.summary.perModel[1]!;
    pm.notes = ['manifest.json.out counts 7 successful records; the output files hold <b>6</b>'];
    const ms = pm.metrics[0]!;
    ms.common = { mean: 0.5, ci: { low: 0.2, high: 0.8 }, scored: Math.max(0, ms.scored - 1) };
    const html = await render(run);
    expect(html).toContain('Data checks');
    expect(html).toContain('the output files hold &lt;b&gt;6&lt;/b&gt;');
    expect(html).toMatch(/class="common"[^>]*>common /);
  });

  it('says so when outputs, manifests and job counts agree', async () => {
    const run = fixtureRun();
    for (const pm of run.summary.perModel) pm.notes = [];
    expect(await render(run)).toContain('Output files, manifests and job counts agree for every model.');
  });
});
