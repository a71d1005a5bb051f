// A new user's suite mistakes: `beval validate` names file, line and field on one line; `run` refuses before any job.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { writeProject } from '../run/helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function project(): string {
  const dir = tempDir('input-suite');
  dirs.push(dir);
  return dir;
}

/** A valid line with `extra` merged over the record and `content` as the user message's blocks. */
function line(extra: Record<string, unknown> = {}, content: unknown[] = [{ text: 'What is 2 + 2?' }]): string {
  return JSON.stringify({ recordId: 'r1', modelInput: { messages: [{ role: 'user', content }] }, ...extra });
}

async function validate(text: string): Promise<{ code: number; err: string; out: string }> {
  const dir = project();
  fs.writeFileSync(path.join(dir, 'suite.jsonl'), text);
  const io = captureIo(dir);
  const code = await main(['validate', 'suite.jsonl'], io);
  return { code, err: io.err(), out: io.out() };
}

describe('beval validate on bad suite lines', () => {
  it.each([
    ['an image in a format Converse does not take', line({}, [{ image: { format: 'bmp', source: { bytes: 'AAAA' } } }]),
      'suite.jsonl:1: modelInput.messages[0].content[0].image.format: expected one of png, jpeg, gif, webp, got "bmp"'],
    ['an image without a source', line({}, [{ image: { format: 'png' } }]),
      'suite.jsonl:1: modelInput.messages[0].content[0].image.source: expected an object with one of bytes, s3Location'],
    ['image bytes that are not base64', line({}, [{ text: 'Describe it' }, { image: { format: 'png', source: { bytes: 'not base64!' } } }]),
      'suite.jsonl:1: modelInput.messages[0].content[1].image.source.bytes: expected the file as a non-empty base64 string'],
    ['an image S3 URI that names a folder, not an object', line({}, [{ image: { format: 'png', source: { s3Location: { uri: 's3://bucket/images/' } } } }]),
      'suite.jsonl:1: modelInput.messages[0].content[0].image.source.s3Location.uri: expected the S3 URI of one object'],
    ['a document without a name', line({}, [{ document: { format: 'pdf', source: { bytes: 'JVBERi0=' } } }]),
      'suite.jsonl:1: modelInput.messages[0].content[0].document.name: expected a non-empty document name'],
    ['an assertion type typo', line({ assert: [{ type: 'containz', value: 'x' }] }),
      'suite.jsonl:1: assert[0].type: unknown assertion type "containz" (did you mean "contains"?); known types: equals,'],
    ['an assertion option of the wrong type', line({ assert: [{ type: 'contains', value: 5 }] }),
      'suite.jsonl:1: assert[0] (contains): option "value" must be a string or an array of strings, got 5'],
    ['an assertion with a broken regex', line({ assert: [{ type: 'regex', value: '(' }] }),
      'suite.jsonl:1: assert[0] (regex): invalid regular expression /(/'],
    ['a numeric recordId', line({ recordId: 17 }),
      'suite.jsonl:1: recordId: expected a string, got 17; write it in quotes'],
  ])('%s', async (_name, text, expected) => {
    const { code, err } = await validate(`${text}\n`);
    expect(code).toBe(1);
    expect(err.split('\n')[0]).toContain(expected);
    expect(err).not.toMatch(/^\s+at /m);
  });

  it('still accepts the media blocks Converse does take', async () => {
    const ok = line({}, [
      { image: { format: 'jpeg', source: { bytes: 'iVBORw0KGgo=' } } },
      { document: { name: 'Terms', format: 'pdf', source: { s3Location: { uri: 's3://bucket/docs/terms.pdf' } } } },
      { document: { name: 'Notes', source: { text: 'Plain notes' } } },
      { text: 'Summarise both.' },
    ]);
    const { code, out, err } = await validate(`${ok}\n`);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('1 records OK');
  });

  it('a missing suite names the file and says so in words', async () => {
    const dir = project();
    const io = captureIo(dir);
    expect(await main(['validate', 'nope.jsonl'], io)).toBe(1);
    expect(io.err()).toBe(`beval: Cannot read suite ${path.join(dir, 'nope.jsonl')}: no such file\n`);
  });
});

describe('beval run with a bad per-record assertion', () => {
  it('refuses before anything is planned or submitted (it used to fail at scoring, after every job had run)', async () => {
    const dir = project();
    const config = writeProject(dir, 120, { models: [{ id: 'beval.arith-v1', label: 'arith' }] });
    const suite = path.join(dir, 'suite.jsonl');
    const lines = fs.readFileSync(suite, 'utf8').trimEnd().split('\n');
    lines[6] = JSON.stringify({ ...JSON.parse(lines[6]!), assert: [{ type: 'icontain', value: 'answer' }] });
    fs.writeFileSync(suite, `${lines.join('\n')}\n`);
    const io = captureIo(dir);
    expect(await main(['run', '--config', config], io)).toBe(1);
    expect(io.err()).toContain(`${suite}:7: assert[0].type: unknown assertion type "icontain" (did you mean "icontains"?)`);
    expect(fs.existsSync(path.join(dir, 'reports'))).toBe(false);
  });
});
