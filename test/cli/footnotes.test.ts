// Footnotes under the terminal's tables stay under 100 characters: checked over everything `beval run` prints for
// the example config (three models, two judges) apart from table rows, timestamped log lines and the one-line verdict.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { footnote } from '../../src/cli/footnote.ts';
import { tempProject, type TempProject } from '../helpers/project.ts';
import { captureIo } from '../helpers/io.ts';

const REPO = path.resolve(__dirname, '../..');

describe('footnote', () => {
  it('breaks at spaces under the width, indents continuation lines, and keeps a word longer than a line whole', () => {
    const text = 'alpha beta gamma delta epsilon';
    expect(footnote(text, { width: 12 })).toBe('alpha beta\ngamma delta\nepsilon');
    expect(footnote(text, { indent: '  ', hanging: '    ', width: 14 })).toBe('  alpha beta\n    gamma\n    delta\n    epsilon');
    expect(footnote(`see ${'x'.repeat(20)} now`, { width: 10 })).toBe(`see\n${'x'.repeat(20)}\nnow`);
    expect(footnote('a\nb\x1b[2J c')).toBe('a\\nb\\x1b[2J c');
  });
});

describe('the example run\'s footnotes', () => {
  let project: TempProject;
  afterAll(() => project?.cleanup());

  it('every footnote line the CLI prints is under 100 characters', async () => {
    // The example config (eval.config.ts) as a plain object: its suite, models, judges and scorers.
    project = tempProject({
      models: [{ id: 'beval.arith-v1', label: 'arith' }, { id: 'beval.flaky-v1', label: 'flaky' }, { id: 'beval.verbose-v1', label: 'verbose' }],
      baseline: 'arith', target: { kind: 'emulator', timing: { stepMs: 20, recordsPerSecond: 4000 } }, scorers: ['numeric'],
      judges: [
        { kind: 'rubric', model: 'beval.judge-v1', rubric: 'The final answer is arithmetically correct and clearly stated.' },
        { kind: 'pairwise', model: 'beval.judge-v1' },
      ],
    }, fs.readFileSync(path.join(REPO, 'suites/example.jsonl'), 'utf8'));
    const io = captureIo(project.dir);
    expect(await main(['run', '-c', project.config], io)).toBe(0);
    const out = io.out();
    // The one-line verdict ends the output (summary.md opens with the same sentence).
    const verdict = out.trimEnd().split('\n').at(-1)!;
    expect(verdict).toMatch(/^flaky .* arith on numeric: /);
    const footnoteLines = `${out}\n${io.err()}`.split('\n').filter((l) =>
      l.trim() !== ''
      && !/^\d\d:\d\d:\d\d /.test(l) // a log line (job ARNs)
      && !/\S {2,}\S/.test(l) // a table row: columns apart by two spaces or more
      && !/^ {2}beval /.test(l) // a command to copy, whole on its line
      && l !== verdict);
    // The footnotes were there to check: the estimate's, the metrics legend, the judges'.
    for (const start of ['Input ≈ 4 ASCII', 'Prices: built-in', 'Judge requests assume', 'This run sends every model', 'A record a model did not answer', 'Verdicts: better', 'Judges: ', '  flaky vs arith (judge-pairwise']) {
      expect(footnoteLines.some((l) => l.startsWith(start)), start).toBe(true);
    }
    const long = footnoteLines.filter((l) => [...l].length >= 100);
    expect(long).toEqual([]);
  });
});
