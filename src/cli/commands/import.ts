// `beval import`: writes a validated Converse suite from a CSV, JSONL or Parquet table, or from an InvokeModel-format
// batch input file (docs/import.md). Nothing is written unless every record converts and the suite validates.
import fs from 'node:fs';
import path from 'node:path';
import { BevalError, formatProblem, ProblemsError } from '../../errors.ts';
import { checkSuiteText } from '../../suite/load-suite.ts';
import { formatOf, readTable } from '../../import/read-table.ts';
import { tableToSuite } from '../../import/table-to-suite.ts';
import { importInvokeModelFile } from '../../import/import-batch-file.ts';
import { EXIT, type CliIo } from '../io.ts';

export interface ImportArgs {
  input: string;
  out: string;
  from?: 'table' | 'invoke-model';
  format?: string;
  user?: string;
  userFile?: string;
  system?: string;
  expected?: string;
  id?: string;
  tags?: string[];
  meta?: string[];
  fewShot?: number;
  answer?: string;
  maxTokens?: number;
  temperature?: number;
  force?: boolean;
}

/** `--tags a,b --tags c` → [a, b, c]. */
function list(v: string[] | undefined): string[] | undefined {
  return v?.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
}

export async function importCommand(io: CliIo, args: ImportArgs): Promise<number> {
  const input = path.resolve(io.cwd, args.input);
  const out = path.resolve(io.cwd, args.out);
  if (fs.existsSync(out) && !args.force) throw new BevalError('USAGE', `${args.out} exists; give --force to replace it.`);
  let lines: string[];
  let note = '';
  if (args.from === 'invoke-model') {
    const { lines: converted, problems } = importInvokeModelFile(input, args.input);
    if (problems.length) throw new ProblemsError('SUITE', `${problems.length} line(s) of ${args.input} cannot become Converse records; nothing was written:`, problems);
    lines = converted;
  } else {
    const user = args.userFile !== undefined ? fs.readFileSync(path.resolve(io.cwd, args.userFile), 'utf8').replace(/\n$/, '') : args.user;
    if (user === undefined) throw new BevalError('USAGE', 'Give the user message template: --user "Question: {{question}}" (or --user-file).');
    const rows = await readTable(input, formatOf(input, args.format), args.input);
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r.cells)))];
    const tags = list(args.tags);
    const meta = list(args.meta);
    const result = tableToSuite(rows, columns, {
      user,
      ...(args.system !== undefined ? { system: args.system } : {}),
      ...(args.expected !== undefined ? { expected: args.expected } : {}),
      ...(args.id !== undefined ? { id: args.id } : {}),
      ...(tags ? { tags } : {}),
      ...(meta ? { meta } : {}),
      ...(args.fewShot !== undefined ? { fewShot: args.fewShot } : {}),
      ...(args.answer !== undefined ? { answer: args.answer } : {}),
      ...(args.maxTokens !== undefined ? { maxTokens: args.maxTokens } : {}),
      ...(args.temperature !== undefined ? { temperature: args.temperature } : {}),
    });
    lines = result.lines;
    if (args.fewShot) note += `, ${args.fewShot} row(s) used as few-shot examples`;
    if (result.duplicates) note += `, ${result.duplicates} duplicate row(s) dropped`;
  }
  const text = `${lines.join('\n')}\n`;
  // The same check as `beval validate` and `beval run`: a suite import writes is one they accept.
  const { suite, problems } = checkSuiteText(text, args.out);
  if (!suite) {
    for (const p of problems.slice(0, 50)) io.stderr.write(`${formatProblem(p)}\n`);
    throw new BevalError('SUITE', `The imported suite would not validate (${problems.length} problem(s) above); nothing was written.`);
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(`${out}.tmp`, text);
  fs.renameSync(`${out}.tmp`, out);
  const withExpected = suite.records.filter((r) => r.expected !== undefined).length;
  io.stdout.write(`Wrote ${args.out}: ${suite.records.length} records (${withExpected} with expected answers${note}). Check it with \`beval validate ${args.out}\`.\n`);
  return EXIT.ok;
}
