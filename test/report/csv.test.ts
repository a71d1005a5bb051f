// CSV writers: columns, RFC 4180 quoting, formula neutralisation, BOM and non-ASCII round-trips.
import { describe, expect, it } from 'vitest';
import { neutraliseFormula } from '../../src/report/csv-options.ts';
import { createRecordsCsvSink, createScoresCsvSink, createSummaryCsvWriter, renderSummaryCsv } from '../../src/report/index.ts';
import type { ReportSink } from '../../src/engine/sink.ts';
import type { RecordRow } from '../../src/types/results.ts';
import { fixtureRun } from './helpers/fixture-run.ts';
import { hostileRun } from './helpers/hostile-run.ts';
import { csvHeaderLine, csvLine } from '../../src/report/csv/csv-line.ts';
import { resolveCsvOptions } from '../../src/report/csv-options.ts';
import { MemoryWritable } from './helpers/memory-writable.ts';
import { parseCsv, parseCsvObjects } from './helpers/parse-csv.ts';
import { model, ok, summarise, value } from './helpers/synthetic-run.ts';

async function feed(sink: ReportSink, rows: RecordRow[]): Promise<void> {
  for (const row of rows) await sink.row(row);
  await sink.end();
}

describe('neutraliseFormula', () => {
  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['\uFF1D1+1', "'\uFF1D1+1"],
    [' =HYPERLINK("http://x")', "' =HYPERLINK(\"http://x\")"],
    ['\n\n@cmd', "'\n\n@cmd"],
    ['\u3000=1+1', "'\u3000=1+1"],
    ['  plain - text', '  plain - text'],
    ['plain', 'plain'],
    ['1-2', '1-2'],
    ['', ''],
  ])('%j -> %j', (input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
  });
});

describe('summary.csv', () => {
  it('has one row per model with counts, coverage, metric intervals, tokens and cost', () => {
    const { summary } = fixtureRun();
    const rows = parseCsvObjects(renderSummaryCsv(summary));
    expect(rows.map((r) => r.model)).toEqual(['a', 'b', 'c']);
    const c = rows[2]!;
    expect(c).toMatchObject({ label: 'Model C', model_id: 'vendor.c-v1:0', mode: 'realtime', records: '12', ok: '9', errors: '1', missing: '1', not_run: '1', coverage: '0.75' });
    const exactC = summary.perModel[2]!.metrics[0]!;
    // Rates and means to 6 decimals, dollars to 6 significant digits (results.json keeps full precision).
    expect(c['exact:mean']).toBe(String(Math.round(exactC.mean! * 1e6) / 1e6));
    expect(c['exact:ci_low']).toBe(String(Math.round(exactC.ci!.low * 1e6) / 1e6));
    expect(c['exact:ci_high']).toBe(String(Math.round(exactC.ci!.high * 1e6) / 1e6));
    expect(c['exact:ci_low']!.split('.')[1]!.length).toBeLessThanOrEqual(6);
    expect(c['exact:scored']).toBe('9');
    expect(c['similarity:passed']).toBe('');
    expect(c.cost_usd).toBe(String(Number(summary.perModel[2]!.cost!.toPrecision(6))));
    expect(Object.keys(c)).toEqual(expect.arrayContaining(['input_tokens', 'output_tokens', 'cost_usd', 'latency_p50_ms']));
  });

  it('writes to a stream and resolves once flushed', async () => {
    const { summary } = fixtureRun();
    const out = new MemoryWritable();
    await createSummaryCsvWriter(summary, out, { bom: true });
    expect(out.text().startsWith('\uFEFFmodel,label,')).toBe(true);
    expect(out.writableFinished).toBe(true);
  });
});

describe('records.csv', () => {
  it('has the documented columns and one line per record, under backpressure', async () => {
    const { summary, rows } = fixtureRun();
    const out = new MemoryWritable(8);
    await feed(createRecordsCsvSink(summary, out), rows);
    const [header, ...lines] = parseCsv(out.text());
    expect(header!.slice(0, 8)).toEqual(['record_id', 'tags', 'prompt', 'expected', 'a:status', 'a:output', 'a:stop_reason', 'a:error']);
    expect(header).toContain('c:similarity');
    expect(header!.at(-1)).toBe('meta');
    expect(lines).toHaveLength(rows.length);
    const objs = parseCsvObjects(out.text());
    expect(objs[3]).toMatchObject({ record_id: 'r-003', prompt: 'Translate "猫" to English', 'b:status': 'error', 'b:error': 'ThrottlingException: Rate exceeded', 'b:exact': '' });
    expect(objs[4]).toMatchObject({ 'c:status': 'missing', 'a:output': 'こんにちは！' });
    expect(objs[7]).toMatchObject({ 'c:status': 'not-run' });
  });

  it('neutralises formula-looking text but keeps numbers we wrote, and can be told not to', async () => {
    const { summary, rows } = fixtureRun();
    const out = new MemoryWritable();
    await feed(createRecordsCsvSink(summary, out), rows);
    const r10 = parseCsvObjects(out.text())[10]!;
    expect(r10['expected']).toBe("'-1");
    expect(r10['b:output']).toBe("'=1-2");
    expect(r10['b:similarity']).toBe('-0.5');
    const raw = new MemoryWritable();
    await feed(createRecordsCsvSink(summary, raw, { neutraliseFormulas: false }), rows);
    expect(parseCsvObjects(raw.text())[10]!['b:output']).toBe('=1-2');
  });

  it('round-trips quotes, commas, line breaks, Japanese and emoji, with a BOM when asked', async () => {
    const tricky = 'He said "hi", then\r\nleft; 日本語 テキスト 🎉👍🏽 and a lone , comma';
    const models = [model('x')];
    const metrics = [{ name: 'sim', kind: 'continuous' as const }];
    const rows: RecordRow[] = [{ index: 0, recordId: 'id,1', prompt: tricky, expected: '"quoted"', tags: ['t1', 't2'], meta: { note: 'ノート' }, cells: [ok(tricky, [value(0.25)])] }];
    const summary = summarise(models, metrics, rows);
    const out = new MemoryWritable();
    await feed(createRecordsCsvSink(summary, out, { bom: true }), rows);
    const text = out.text();
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [obj] = parseCsvObjects(text.slice(1));
    expect(obj).toMatchObject({ record_id: 'id,1', tags: 't1;t2', prompt: tricky, expected: '"quoted"', 'x:output': tricky, 'x:sim': '0.25' });
    expect(JSON.parse(obj!.meta!)).toEqual({ note: 'ノート' });
  });
});

describe('scores.csv', () => {
  it('has one line per scored (record, model, metric) with pass and reason', async () => {
    const { summary, rows } = fixtureRun();
    const out = new MemoryWritable();
    await feed(createScoresCsvSink(summary, out), rows);
    const objs = parseCsvObjects(out.text());
    const scored = rows.reduce((n, r) => n + r.cells.reduce((m, c) => m + c.scores.filter(Boolean).length, 0), 0);
    expect(objs).toHaveLength(scored);
    expect(Object.keys(objs[0]!)).toEqual(['record_id', 'model', 'scorer', 'value', 'pass', 'reason']);
    expect(objs.find((o) => o.record_id === 'r-001' && o.model === 'b' && o.scorer === 'exact')).toEqual({ record_id: 'r-001', model: 'b', scorer: 'exact', value: '0', pass: 'false', reason: 'Expected exactly "Paris"' });
    expect(objs.find((o) => o.record_id === 'r-000' && o.scorer === 'similarity')!.pass).toBe('');
    expect(objs.some((o) => o.record_id === 'r-003' && o.model === 'b')).toBe(false);
  });

  it.each([true, false])('writes exactly csv-stringify\'s line per score (neutralise %s), hostile and formula text included', async (neutraliseFormulas) => {
    const hostile = hostileRun();
    const fixture = fixtureRun();
    // Scorer names from config can hold anything: a formula, a comma, a quote.
    const summary = { ...hostile.summary, metrics: [{ name: '=HYPERLINK("x"),evil', kind: 'binary' as const }] };
    const rows = [...hostile.rows, ...fixture.rows.map((r) => ({ ...r, cells: r.cells.slice(0, 2).map((c) => ({ ...c, scores: c.scores.slice(0, 1) })) }))];
    rows[1]!.cells[0]!.scores[0] = { value: -0.5, reason: '-cmd|calc' };
    rows[2]!.cells[0]!.scores[0] = { value: Number.NaN, pass: true, reason: '' };
    const opts = resolveCsvOptions({ neutraliseFormulas });
    const out = new MemoryWritable();
    await feed(createScoresCsvSink(summary, out, { neutraliseFormulas }), rows);
    const lines = rows.flatMap((r) => r.cells.flatMap((c, mi) => c.scores.flatMap((s, xi) => (s ? [csvLine([r.recordId, summary.models[mi]!.key, summary.metrics[xi]!.name, s.value, s.pass, s.reason], opts)] : []))));
    expect(out.text()).toBe(csvHeaderLine(['record_id', 'model', 'scorer', 'value', 'pass', 'reason'], opts) + lines.join(''));
  });

  it('writes only the header for an empty run', async () => {
    const summary = summarise([model('x')], [{ name: 'eq', kind: 'binary' }], []);
    const out = new MemoryWritable();
    await feed(createScoresCsvSink(summary, out), []);
    expect(out.text()).toBe('record_id,model,scorer,value,pass,reason\r\n');
  });
});
