// Unicode and hostile ids and texts end to end: recordIds at Bedrock's limits, prompts / expected answers / model
// outputs / tags / meta with emoji, CJK, RTL, combining marks, lone surrogates, CR/LF, quotes, commas, NUL and
// spreadsheet formulas; a replay model answers with those texts. Every CSV cell is read back with an RFC 4180 parser.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRecordsCsv, checkResultsRecords, checkScoresCsv, checkSummary, checkTags, csvObjects, oracleFor, readResults, runSuite, type SuiteRun } from './helpers/check-reports.ts';
import { assertionsMetric, containsMetric, lengthMetric, levenshteinMetric, neutralised, type Expected, type OracleMetric } from './helpers/oracle.ts';

const equalsMetric: OracleMetric = { name: 'equals', kind: 'binary', applies: () => true, score: (r, t) => (r.expected ? (r.expected.includes(t) ? 1 : 0) : null) };
const atMetric: OracleMetric = { ...containsMetric('@'), name: '@mention' };
const METRICS: OracleMetric[] = [equalsMetric, levenshteinMetric, lengthMetric(10), atMetric, assertionsMetric];
const SCORERS = ['equals', 'levenshtein', ['length', { max: 10 }], ['contains', { value: '@', name: '@mention' }]];

const TEXTS = [
  '👩‍👩‍👧‍👦 family 🇯🇵',
  '答えは42です。日本語のテキスト',
  'مرحبا \u202Eevil\u202C שלום',
  'e\u0301cole Cafe\u0301 ñ',
  'lone \ud800 high and \udfff low',
  'line1\r\nline2\rline3\nline4',
  '"quoted" and \'single\' and ""double""',
  'a,b,,c,',
  '=HYPERLINK("http://x","y")',
  '+1+2',
  '-3',
  '@SUM(A1)',
  '\tTAB first',
  '  =1+1 after spaces',
  '\n=after newline',
  '＝全角',
  'sep\u2028ara\u2029tors\u0085',
  'nul\u0000byte',
  ' ',
  '@',
];

const IDS = [
  'A'.padEnd(64, 'z_-9'),
  '0',
  'Z',
  '9-_',
  'a--b__c',
  '0001',
  '1e5',
  'NaN',
  'null',
  'abc',
  'ABC',
  'TRUE',
  '0'.repeat(64),
  'x-',
  'y_',
  'q1',
  'q2',
  'q3',
  'q4',
  'q5',
];

const TAGS = ['=cmd', 'emoji😀', 'with,comma', 'with"quote', `lone\ud800`, 'ünïcödé', '@at', 'a b'];
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function build(): { suite: string; recording: string } {
  const suite: string[] = [];
  const recording: string[] = [];
  IDS.forEach((id, i) => {
    const text = TEXTS[i % TEXTS.length]!;
    const prompt = `Repeat #${i}: ${text}`;
    const content: Record<string, unknown>[] = [{ text: prompt }];
    if (i % 7 === 3) content.push({ image: { format: 'png', source: { bytes: PNG } } });
    const rec: Record<string, unknown> = { recordId: id, modelInput: { messages: [{ role: 'user', content }] } };
    if (i % 6 !== 5) rec.expected = text;
    if (i % 2 === 0) rec.tags = [TAGS[i % TAGS.length]!, TAGS[(i + 3) % TAGS.length]!];
    if (i % 4 === 1) rec.meta = { note: text, n: i };
    if (i % 5 === 0) rec.assert = [{ type: 'contains', value: text.slice(0, 3) }];
    suite.push(JSON.stringify(rec));
    // The replay model answers with the text itself, a variant, or a different hostile text.
    const output = i % 3 === 0 ? text : i % 3 === 1 ? `${text}!` : TEXTS[(i + 5) % TEXTS.length]!;
    if (i !== 7) recording.push(JSON.stringify({ prompt, output }));
  });
  return { suite: `${suite.join('\n')}\n`, recording: `${recording.join('\n')}\n` };
}

const MODELS = [{ id: 'acme.echo-v1', label: 'echo' }, { id: 'beval.arith-v1', label: 'arith' }];
const KEYS = ['echo', 'arith'];

describe('hostile ids and texts through a full run', () => {
  let run: SuiteRun;
  let e: Expected;

  beforeAll(async () => {
    const { suite, recording } = build();
    run = await runSuite({
      suiteText: suite,
      files: { 'recording.jsonl': recording },
      config: { models: MODELS, scorers: SCORERS, quotas: { minRecordsPerJob: 5, maxRecordsPerJob: 8 } },
      emulator: { minRecordsPerJob: 5, replay: { 'acme.echo-v1': 'recording.jsonl' } },
    });
    e = oracleFor(run, KEYS, METRICS);
  }, 60_000);
  afterAll(async () => {
    await run?.emulator.close();
    if (run) fs.rmSync(run.dir, { recursive: true, force: true });
  });

  it('validates and runs the suite', () => {
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    // The replay model has no answer for one prompt: a per-record 404, kept as an error.
    expect(e.cells.get('echo')!.get(IDS[7]!)!.status).toBe('error');
  });
  it('summary.csv and results.json', () => checkSummary(run, e, KEYS, METRICS));
  it('records.csv round-trips every text (neutralised, UTF-8)', () => {
    const rows = checkRecordsCsv(run, e, KEYS, METRICS);
    // Prompts: the text is there, exactly as the suite has it (modulo neutralisation and UTF-8).
    run.suite.forEach((r, i) => expect(rows[i]!.prompt).toContain(neutralised(`Repeat #${i}: ${TEXTS[i % TEXTS.length]!}`).replace(/^'/, '')));
  });
  it('scores.csv', () => checkScoresCsv(run, e, KEYS, METRICS));
  it('results.json keeps ids and tags exactly, lone surrogates included', () => {
    checkResultsRecords(run, e, KEYS, METRICS);
    const text = fs.readFileSync(path.join(run.runDir, 'results.json'), 'utf8');
    expect(text).not.toContain('\ufffd');
    expect(readResults(run.runDir).records.flatMap((r) => r.tags)).toContain(`lone\ud800`);
  });
  it('per-tag means', () => checkTags(run, e, KEYS, METRICS));
  it('metric names that look like formulas are neutralised in headers and scores.csv', () => {
    const header = fs.readFileSync(path.join(run.runDir, 'summary.csv'), 'utf8').split('\r\n')[0]!;
    // Quoted: a header name with more than letters, digits and `_ : . -` is quoted (docs/reports.md).
    expect(header).toContain(",\"'@mention:mean\",");
    expect(csvObjects(path.join(run.runDir, 'scores.csv')).some((r) => r.scorer === "'@mention")).toBe(true);
  });
});

describe('the same suite with neutraliseFormulas off and a BOM', () => {
  let run: SuiteRun;
  let e: Expected;

  beforeAll(async () => {
    const { suite, recording } = build();
    run = await runSuite({
      suiteText: suite,
      files: { 'recording.jsonl': recording },
      config: { models: MODELS, scorers: SCORERS, csv: { neutraliseFormulas: false, bom: true }, quotas: { minRecordsPerJob: 5, maxRecordsPerJob: 8 } },
      emulator: { minRecordsPerJob: 5, replay: { 'acme.echo-v1': 'recording.jsonl' } },
    });
    e = oracleFor(run, KEYS, METRICS);
  }, 60_000);
  afterAll(async () => {
    await run?.emulator.close();
    if (run) fs.rmSync(run.dir, { recursive: true, force: true });
  });

  it('every CSV starts with one BOM and holds the texts as they are', () => {
    for (const f of ['summary.csv', 'records.csv', 'scores.csv']) {
      const text = fs.readFileSync(path.join(run.runDir, f), 'utf8');
      expect(text.startsWith('\ufeff') && !text.startsWith('\ufeff\ufeff'), f).toBe(true);
    }
    checkRecordsCsv(run, e, KEYS, METRICS, { neutralise: false });
    checkScoresCsv(run, e, KEYS, METRICS, { neutralise: false });
  });
});
