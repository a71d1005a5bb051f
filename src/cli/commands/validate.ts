// `beval validate [suite]`: checks every line of a suite (default: the config's) and reports each problem by file,
// line and field.
import path from 'node:path';
import { checkSuiteText, readSuiteText } from '../../suite/load-suite.ts';
import { formatProblem } from '../../errors.ts';
import { EXIT, type CliIo } from '../io.ts';
import { outsideText } from '../../safe-text.ts';

export async function validateCommand(io: CliIo, args: { suite?: string; config?: string }): Promise<number> {
  // Without a file, the config's suite: loading the config (through tsx) only then keeps `validate <file>` fast.
  const file = args.suite !== undefined ? path.resolve(io.cwd, args.suite) : (await (await import('../../config/load.ts')).loadConfig(io.cwd, args.config)).suite;
  const shown = args.suite ?? (path.relative(io.cwd, file) || file);
  const { suite, problems } = checkSuiteText(readSuiteText(file), file);
  if (!suite) {
    io.result?.({ file, valid: false, problems: problems.map((p) => ({ file: p.file, line: p.line, field: p.field, message: p.message })) });
    for (const p of problems) io.stderr.write(`${formatProblem({ ...p, file: path.relative(io.cwd, p.file) || p.file })}\n`);
    io.stderr.write(`\n${problems.length} problem(s) in ${shown}.\n`);
    return EXIT.error;
  }
  const tagged = suite.records.filter((r) => r.tags.length).length;
  const withExpected = suite.records.filter((r) => r.expected !== undefined).length;
  for (const w of suite.warnings ?? []) io.stderr.write(`warning: ${outsideText(w)}\n`);
  io.stdout.write(`${shown}: ${suite.records.length} records OK (${withExpected} with expected answers, ${tagged} tagged).\n`);
  io.result?.({ file, valid: true, records: suite.records.length, withExpected, tagged, warnings: suite.warnings ?? [], problems: [] });
  return EXIT.ok;
}
