// `beval import`: CSV, Parquet and InvokeModel batch files become suites that `beval validate` accepts and `beval run`
// runs on the emulator; ids are deterministic; what cannot convert is refused with file:line.
import fs from 'node:fs';
import path from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

const dir = tempDir('import');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function beval(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(dir);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

function suiteOf(file: string): Record<string, unknown>[] {
  return fs.readFileSync(path.join(dir, file), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A project running `suite` on the emulator's arithmetic model in realtime (the suites here are under 100 records). */
async function runSuite(suite: string): Promise<{ code: number; results: { summary: { perModel: { ok: number; metrics: { mean: number | null; scored: number }[] }[] } } }> {
  const config = path.join(dir, `${suite}.config.ts`);
  fs.writeFileSync(config, `export default ${JSON.stringify({ suite, models: [{ id: 'beval.arith-v1', label: 'arith' }], scorers: ['numeric'], mode: 'realtime', outDir: `reports-${suite}` })};\n`);
  const r = await beval('run', '--config', config);
  if (r.code !== 0) throw new Error(r.out + r.err);
  const runDir = path.resolve(dir, /run directory: (\S+)/.exec(r.out)![1]!);
  return { code: r.code, results: JSON.parse(fs.readFileSync(path.join(runDir, 'results.json'), 'utf8')) as never };
}

describe('from CSV', () => {
  const csv = [
    'question,answer,topic,source',
    '"What is 2 + 3?",5,addition,hand',
    '"What is 4 * 6?",24,multiplication,hand',
    '"What is 10 + 7?",17,addition,"book, p. 3"',
    '"What is 12 * 3?\nThink first.",36,multiplication,hand',
    '"What is 8 + 8?",16,addition,hand',
  ].join('\r\n');
  fs.writeFileSync(path.join(dir, 'math.csv'), `\uFEFF${csv}\r\n`);
  const args = ['import', 'math.csv', '--user', 'Q: {{question}}', '--system', 'Answer as "Answer: <n>".', '--expected', 'answer',
    '--tags', 'topic', '--meta', 'source', '--few-shot', '1', '--max-tokens', '200'];

  it('writes a suite with the template, few-shot turns, expected, tags and meta, that validate accepts and run scores', async () => {
    const r = await beval(...args, '-o', 'csv-suite.jsonl');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('4 records (4 with expected answers, 1 row(s) used as few-shot examples)');
    const [first, , , fourth] = suiteOf('csv-suite.jsonl');
    expect(first).toMatchObject({
      modelInput: {
        system: [{ text: 'Answer as "Answer: <n>".' }],
        messages: [
          { role: 'user', content: [{ text: 'Q: What is 2 + 3?' }] }, { role: 'assistant', content: [{ text: '5' }] },
          { role: 'user', content: [{ text: 'Q: What is 4 * 6?' }] },
        ],
        inferenceConfig: { maxTokens: 200 },
      },
      expected: '24', tags: ['multiplication'], meta: { source: 'hand' },
    });
    expect(first!.recordId).toMatch(/^r[0-9a-f]{20}$/);
    expect((fourth!.modelInput as { messages: { content: { text: string }[] }[] }).messages[2]!.content[0]!.text).toBe('Q: What is 8 + 8?');
    expect((await beval('validate', 'csv-suite.jsonl')).code).toBe(0);
    const { results } = await runSuite('csv-suite.jsonl');
    expect(results.summary.perModel[0]!.metrics[0]).toMatchObject({ scored: 4 });
  }, 60_000);

  it('gives the same ids and bytes on a second import, and refuses to overwrite without --force', async () => {
    const before = fs.readFileSync(path.join(dir, 'csv-suite.jsonl'));
    const again = await beval(...args, '-o', 'csv-suite.jsonl');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/exists; give --force/);
    expect((await beval(...args, '-o', 'csv-suite.jsonl', '--force')).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'csv-suite.jsonl')).equals(before)).toBe(true);
  });

  it('a placeholder naming no column fails before anything is written, listing the columns', async () => {
    const r = await beval('import', 'math.csv', '--user', '{{questoin}}', '-o', 'typo.jsonl');
    expect(r.code).toBe(1);
    expect(r.err).toContain('--user: {{questoin}} names no column of the input; its columns are "question", "answer", "topic", "source"');
    expect(fs.existsSync(path.join(dir, 'typo.jsonl'))).toBe(false);
  });

  it('a row with an empty prompt is named by file and line', async () => {
    fs.writeFileSync(path.join(dir, 'gap.csv'), 'question,answer\nWhat is 1 + 1?,2\n"",3\n');
    const r = await beval('import', 'gap.csv', '--user', '{{question}}', '-o', 'gap.jsonl');
    expect(r.err).toContain('gap.csv:3: the user template gives an empty message');
  });
});

describe('from Parquet (a Hugging Face-style shard)', () => {
  it('reads typed columns (int64 id, list of answers, list tags) into a suite that runs', async () => {
    parquetWriteFile({
      filename: path.join(dir, 'train-00000-of-00001.parquet'),
      columnData: [
        { name: 'id', data: [101n, 102n, 103n], type: 'INT64' },
        { name: 'question', data: ['What is 5 + 5?', 'What is 7 * 3?', 'What is 9 + 1?'], type: 'STRING' },
        { name: 'answer', data: ['10', '21', '10'], type: 'STRING' },
        { name: 'level', data: [1, 2, 1], type: 'INT32' },
      ],
    });
    const r = await beval('import', 'train-00000-of-00001.parquet', '--user', '{{question}}', '--expected', 'answer', '--id', 'id', '--tags', 'level', '-o', 'pq-suite.jsonl');
    expect(r.code, r.err).toBe(0);
    expect(suiteOf('pq-suite.jsonl').map((x) => [x.recordId, x.expected, x.tags])).toEqual([['101', '10', ['1']], ['102', '21', ['2']], ['103', '10', ['1']]]);
    expect((await beval('validate', 'pq-suite.jsonl')).code).toBe(0);
    const { results } = await runSuite('pq-suite.jsonl');
    expect(results.summary.perModel[0]).toMatchObject({ ok: 3, metrics: [{ scored: 3 }] });
  }, 60_000);
});

describe('from an InvokeModel batch file', () => {
  const anthropic = (id: string, q: string) => JSON.stringify({
    recordId: id,
    modelInput: { anthropic_version: 'bedrock-2023-05-31', max_tokens: 200, system: 'Be brief.', temperature: 0, top_k: 5, messages: [{ role: 'user', content: [{ type: 'text', text: q }] }] },
  });

  it('converts Anthropic Messages bodies into a suite that validate accepts and run runs', async () => {
    fs.writeFileSync(path.join(dir, 'claude-batch.jsonl'), `${anthropic('a1', 'What is 3 + 4?')}\n${anthropic('a2', 'What is 6 * 7?')}\n`);
    const r = await beval('import', 'claude-batch.jsonl', '--from', 'invoke-model', '-o', 'claude-suite.jsonl');
    expect(r.code, r.err).toBe(0);
    expect(suiteOf('claude-suite.jsonl')[0]).toEqual({
      recordId: 'a1',
      modelInput: {
        messages: [{ role: 'user', content: [{ text: 'What is 3 + 4?' }] }], system: [{ text: 'Be brief.' }],
        inferenceConfig: { maxTokens: 200, temperature: 0 }, additionalModelRequestFields: { top_k: 5 },
      },
    });
    expect((await beval('validate', 'claude-suite.jsonl')).code).toBe(0);
    const { results } = await runSuite('claude-suite.jsonl');
    expect(results.summary.perModel[0]!.ok).toBe(2);
  }, 60_000);

  it('refuses every line without a Converse equivalent with file:line and field, writing nothing', async () => {
    const lines = [
      anthropic('ok1', 'What is 1 + 1?'),
      JSON.stringify({ recordId: 't1', modelInput: { anthropic_version: 'bedrock-2023-05-31', max_tokens: 10, tools: [{ name: 'x' }], messages: [{ role: 'user', content: 'hi' }] } }),
      JSON.stringify({ recordId: 't2', modelInput: { anthropic_version: 'bedrock-2023-05-31', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'x', content: 'r' }] }] } }),
      JSON.stringify({ recordId: 'e1', modelInput: { inputText: 'embed me', dimensions: 256 } }),
      JSON.stringify({ recordId: 'e2', modelInput: { texts: ['a'], input_type: 'search_document' } }),
    ];
    fs.writeFileSync(path.join(dir, 'mixed-batch.jsonl'), `${lines.join('\n')}\n`);
    const r = await beval('import', 'mixed-batch.jsonl', '--from', 'invoke-model', '-o', 'mixed.jsonl');
    expect(r.code).toBe(1);
    expect(r.err).toContain('4 line(s) of mixed-batch.jsonl cannot become Converse records; nothing was written');
    expect(r.err).toContain('mixed-batch.jsonl:2: modelInput: Anthropic Messages body field(s) "tools" have no Converse batch equivalent');
    expect(r.err).toContain('mixed-batch.jsonl:3: modelInput.messages[0].content[0]: a "tool_result" block has no Converse batch equivalent');
    expect(r.err).toContain('mixed-batch.jsonl:4: modelInput: Amazon Titan Text body field(s) "dimensions"');
    expect(r.err).toMatch(/mixed-batch\.jsonl:5: modelInput: not an Anthropic Messages, Amazon Nova, Amazon Titan Text or Meta Llama/);
    expect(fs.existsSync(path.join(dir, 'mixed.jsonl'))).toBe(false);
  });
});
