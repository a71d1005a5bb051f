// main(argv): the whole CLI as a function of its arguments, so tests call it directly. Commands stay thin.
// Each command's module is imported only when that command runs: `beval --help` and `beval validate` never load the
// AWS SDK, the emulator or the report writers (docs/performance.md#start-up).
import fs from 'node:fs';
import type { Argv } from 'yargs';
import { BevalError } from '../errors.ts';
import { outsideText, printableLines, redactSecrets } from '../safe-text.ts';
import { EXIT, processIo, type CliIo } from './io.ts';
import { usageProblem } from './usage-problem.ts';
import { versions, versionText } from './version.ts';
import { prebuiltHelp } from './prebuilt-help.ts';
import { captureJson, jsonLine } from './json-output.ts';
import { withLiveLine } from './live-line.ts';

const runCmd = () => import('./commands/run.ts');

/** --limit, --sample/--seed, --models: part of the suite and some of the models (run, submit, estimate). */
function selectionOptions<T>(y: Argv<T>) {
  return y
    .option('limit', { type: 'number', describe: 'Only the first N records of the suite' })
    .option('sample', { type: 'number', describe: 'A seeded sample of N records, stratified by tag' })
    .option('seed', { type: 'number', describe: 'Seed of --sample (default 1)' })
    .option('models', { type: 'string', describe: 'Only these models (labels, comma-separated; the baseline included)' });
}
/** `--reports`: which report files to write (src/report/reporters.ts); summary.csv and results.json always. */
const REPORTS_OPTION = {
  type: 'string',
  describe: 'Write only these reports (comma-separated: records, scores, parquet, html, markdown); summary.csv and results.json are always written',
} as const;
const statusCmd = () => import('./commands/status.ts');
const collectCmd = () => import('./commands/collect.ts');
import { systemErrorText } from './system-errors.ts';
import type { ImportArgs } from './commands/import.ts';

/**
 * An unexpected error for the terminal: its name and message (which may come from a service, e.g. AWS quoting the
 * signed headers of a refused request) as one redacted line, then the stack frames.
 */
function unexpectedText(e: unknown): string {
  if (!(e instanceof Error)) return outsideText(String(e));
  const frames = (e.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).map(outsideText);
  return [outsideText(`${e.name}: ${e.message}`), ...frames].join('\n');
}

/** The option keys yargs knows for the command being parsed (getOptions exists at run time; @types/yargs omits it). */
function optionKeys(parser: unknown): string[] {
  return Object.keys((parser as { getOptions(): { key: Record<string, unknown> } }).getOptions().key);
}

/** The `--config` the command was given (for advice printed after a failure), without parsing argv again. */
function configArg(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--config' || a === '-c') return argv[i + 1];
    if (a.startsWith('--config=')) return a.slice('--config='.length);
  }
  return undefined;
}

/**
 * The CLI. Under `--json` the command's human text goes to stderr and one JSON document to stdout (json-output.ts);
 * a summary.md the command wrote is appended to the CI job summary when the io names one ($GITHUB_STEP_SUMMARY).
 */
export async function main(argv: string[], givenIo: CliIo = processIo()): Promise<number> {
  // --debug is read before parsing so every command's clients get the sink; each line goes through the redaction.
  const io: CliIo = argv.includes('--debug') ? { ...givenIo, debug: (line) => givenIo.stderr.write(`debug: ${outsideText(line)}\n`) } : givenIo;
  const json = argv.includes('--json') ? captureJson(io) : undefined;
  let summaryFile: string | undefined;
  const state: CliState = {};
  // On a terminal, progress redraws one live line that every other line printed clears first (live-line.ts).
  const cliIo = withLiveLine(json ? json.io : io);
  const code = await runCli(argv, { ...cliIo, wroteSummary: (file) => { summaryFile = file; } }, state);
  cliIo.live?.clear();
  if (summaryFile && io.stepSummary) appendStepSummary(io, summaryFile);
  if (json) io.stdout.write(jsonLine(json.document(state.command ?? '', code, state.error)));
  return code;
}

/** What runCli learned that main reports under --json: the command yargs matched, the error message printed. */
interface CliState {
  command?: string;
  error?: string;
}

function appendStepSummary(io: CliIo, file: string): void {
  try {
    fs.appendFileSync(io.stepSummary!, `${fs.readFileSync(file, 'utf8')}\n`);
  } catch (e) {
    io.stderr.write(`beval: warning: could not append ${file} to the job summary ${io.stepSummary}: ${(e as Error).message}\n`);
  }
}

async function runCli(argv: string[], io: CliIo, state: CliState): Promise<number> {
  // Before yargs (whose import alone doubles Node's start-up): `beval --version` answers even beside a command or an
  // option it would refuse, and plain `beval --help` prints the text the build rendered from this very parser.
  if (argv.includes('--version')) {
    const v = versions();
    io.stdout.write(`${versionText(v)}\n`);
    state.command = 'version';
    io.result?.({ versions: v });
    return EXIT.ok;
  }
  const help = argv.length === 1 && argv[0] === '--help' ? prebuiltHelp() : undefined;
  if (help !== undefined) {
    io.stdout.write(help);
    return EXIT.ok;
  }
  const { default: yargs } = await import('yargs');
  let code: number = EXIT.ok;
  const set = (p: Promise<number>) => p.then((c) => { code = c; });
  const parser = yargs(argv)
    .scriptName('beval')
    .usage('$0 <command> [options]\n\nMulti-model evaluation on Amazon Bedrock batch inference (Converse format).')
    .option('config', { alias: 'c', type: 'string', describe: 'Config file (default: ./eval.config.ts)' })
    .version(false)
    .option('version', { type: 'boolean', describe: 'Show beval\'s version, Node\'s and the AWS SDK packages\'' })
    .option('debug', { type: 'boolean', describe: 'Log each AWS call (operation, status, request id, attempts) to stderr, credentials redacted' })
    .option('json', { type: 'boolean', describe: 'Print one JSON document on stdout, human text on stderr (docs/results-schema.md)' })
    .middleware((a) => { state.command = String(a._[0] ?? ''); })
    .command('run', 'Submit the suite to every model, wait, score and write reports', (y) => selectionOptions(y)
      .option('resume', { type: 'string', describe: 'Continue an interrupted run by id' })
      .option('gate', { type: 'boolean', describe: 'Apply the config\'s regression gate and exit 2/3 on regression/inconclusive' })
      .option('yes', { type: 'boolean', describe: 'Submit even above the configured budget' })
      .option('skip-preflight', { type: 'boolean', describe: 'Do not check credentials, bucket and model IDs before planning (e.g. no STS endpoint reachable)' })
      .option('mode', { choices: ['batch', 'realtime', 'auto'] as const, describe: 'How records reach the models (default: config `mode`, else batch); see docs/realtime.md' })
      .option('realtime', { type: 'boolean', describe: 'Same as --mode realtime: one Converse call per record' })
      .option('reports', REPORTS_OPTION)
      .option('reuse', { type: 'string', describe: 'Take answers of these earlier runs (ids or run directories, comma-separated) for unchanged requests and send only the rest; --no-reuse sends every record' }),
    // yargs reads `--no-reuse` as reuse: false (or the string 'false'): say what was meant.
    (a) => set(runCmd().then((m) => m.runCommand(io, { ...a, reuse: argv.includes('--no-reuse') ? false : a.reuse }))))
    .command('submit', 'Validate, upload and create the jobs, print the run id and exit', (y) => selectionOptions(y)
      .option('resume', { type: 'string', describe: 'Continue submitting an existing run' })
      .option('yes', { type: 'boolean', describe: 'Submit even above the configured budget' })
      .option('skip-preflight', { type: 'boolean', describe: 'Do not check credentials, bucket and model IDs before planning' }),
    (a) => set(runCmd().then((m) => m.submitCommand(io, a))))
    .command('status [runId]', 'Show each job of a run (default: the latest run)', (y) => y.positional('runId', { type: 'string' }),
      (a) => set(statusCmd().then((m) => m.statusCommand(io, a))))
    .command('collect [runId]', 'Wait for a run\'s jobs, download, score and write reports', (y) => y
      .positional('runId', { type: 'string' })
      .option('wait', { type: 'boolean', default: true, describe: 'Wait for jobs to end (--no-wait reports what still runs)' })
      .option('reports', REPORTS_OPTION),
    (a) => set(collectCmd().then((m) => m.collectCommand(io, a))))
    .command('cancel <runId>', 'Stop every job of a run', (y) => y.positional('runId', { type: 'string', demandOption: true }),
      (a) => set(collectCmd().then((m) => m.cancelCommand(io, a as typeof a & { runId: string }))))
    .command('rerun <runId>', 'Send again only the records of a collected run that did not answer, as a new attempt of the same run', (y) => y
      .positional('runId', { type: 'string', demandOption: true })
      .option('only', { type: 'string', describe: 'Statuses to send again, comma-separated: error,missing,not-run,filtered (default error,missing,not-run)' })
      .option('models', { type: 'string', describe: 'Only these models (labels, IDs or keys, comma-separated)' })
      .option('yes', { type: 'boolean', describe: 'Send even above the configured budget' }),
    (a) => set(import('./commands/rerun.ts').then((m) => m.rerunCommand(io, a as typeof a & { runId: string }))))
    .command('runs', 'List past runs: suite, models, headline metric with coverage, gate verdict, cost', (y) => y
      .option('json', { type: 'boolean', describe: 'Print the list as JSON' })
      .option('suite', { type: 'string', describe: 'Only runs of this suite (file name without .jsonl, or a sha256 prefix)' })
      .option('model', { type: 'string', describe: 'Only runs with this model (key, label or model ID)' }),
    (a) => set(import('./commands/runs.ts').then((m) => m.runsCommand(io, a))))
    .command('history [runIds..]', 'Write one offline HTML page over the runs of a suite: metrics over time, cost, gate verdicts', (y) => y
      .positional('runIds', { type: 'string', array: true, describe: 'Runs to include (default: every run of the suite)' })
      .option('suite', { type: 'string', describe: 'Suite name (default: the config\'s suite)' })
      .option('out', { alias: 'o', type: 'string', describe: 'Page to write (default: <outDir>/history.html)' }),
    (a) => set(import('./commands/history.ts').then((m) => m.historyCommand(io, a))))
    .command('compare <runA> <runB>', 'Compare run B with run A model by model, paired by recordId: compare.html and compare.json (docs/compare.md)', (y) => y
      .positional('runA', { type: 'string', demandOption: true, describe: 'The earlier run: id, unique id prefix, latest, or a run folder' })
      .positional('runB', { type: 'string', demandOption: true, describe: 'The later run, named the same ways' })
      .option('pair', { type: 'string', array: true, describe: 'A=B: compare model A of run A with model B of run B (key, label or model ID); the others are matched by Bedrock model ID' })
      .option('subset', { type: 'boolean', describe: 'Runs of different suites: compare only the records both hold (by recordId)' })
      .option('out', { alias: 'o', type: 'string', describe: 'Folder for compare.html and compare.json (default: <outDir>/compare-<runA>-vs-<runB>)' }),
    (a) => set(import('./commands/compare.ts').then((m) => m.compareCommand(io, a as typeof a & { runA: string; runB: string }))))
    .command('score [runId]', 'Re-score a run from its stored outputs (no Bedrock calls)', (y) => y.positional('runId', { type: 'string' }).option('reports', REPORTS_OPTION),
      (a) => set(collectCmd().then((m) => m.scoreCommand(io, a))))
    .command('gate [runId]', 'Apply the regression gate to a run (exit 0 pass, 2 regression, 3 inconclusive)', (y) => y.positional('runId', { type: 'string' }),
      (a) => set(import('./commands/gate.ts').then((m) => m.gateCommand(io, a))))
    .command('doctor', 'Read-only pre-flight: credentials, Region, bucket, role and model IDs (no charges)', (y) => y, (a) => set(import('./commands/doctor.ts').then((m) => m.doctorCommand(io, a))))
    .command('estimate', 'Estimate tokens and cost (batch and on-demand) before anything is spent', (y) => selectionOptions(y), (a) => set(import('./commands/estimate.ts').then((m) => m.estimateCommand(io, a))))
    .command('validate [suite]', 'Check every line of a suite file (default: the config\'s suite)', (y) => y.positional('suite', { type: 'string' }),
      (a) => set(import('./commands/validate.ts').then((m) => m.validateCommand(io, a))))
    .command('init', 'Write a commented eval.config.ts and a 3-record suite.jsonl here (never overwrites)', (y) => y,
      () => set(import('./commands/init.ts').then((m) => m.initCommand(io))))
    .command('import <input>', 'Write a Converse suite from a CSV, JSONL or Parquet table, or an InvokeModel batch file (docs/import.md)', (y) => y
      .positional('input', { type: 'string', demandOption: true })
      .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'Suite file to write' })
      .option('from', { choices: ['table', 'invoke-model'] as const, default: 'table' as const, describe: 'table: rows + template; invoke-model: an InvokeModel-format batch input file' })
      .option('format', { choices: ['csv', 'jsonl', 'parquet'] as const, describe: 'Input format (default: from the extension)' })
      .option('user', { type: 'string', describe: 'User message template, e.g. "Question: {{question}}"' })
      .option('user-file', { type: 'string', describe: 'Read the user template from a file' })
      .option('system', { type: 'string', describe: 'System text (may use {{column}})' })
      .option('expected', { type: 'string', describe: 'Column with the reference answer' })
      .option('id', { type: 'string', describe: 'Column with the record id (default: a hash of the content)' })
      .option('tags', { type: 'string', array: true, describe: 'Columns whose values become tags' })
      .option('meta', { type: 'string', array: true, describe: 'Columns carried into meta' })
      .option('few-shot', { type: 'number', describe: 'Use the first N rows as few-shot examples' })
      .option('answer', { type: 'string', describe: 'Few-shot answer template (default: {{<expected column>}})' })
      .option('max-tokens', { type: 'number', describe: 'inferenceConfig.maxTokens of every record' })
      .option('temperature', { type: 'number', describe: 'inferenceConfig.temperature of every record' })
      .option('force', { type: 'boolean', describe: 'Replace an existing output file' }),
    (a) => set(import('./commands/import.ts').then((m) => m.importCommand(io, a as unknown as ImportArgs))))
    .command('emulator', 'Run the local Bedrock emulator until Ctrl-C', (y) => y
      .option('port', { type: 'number', describe: 'Port on 127.0.0.1 (default: a free one)' })
      .option('min-records', { type: 'number', describe: 'Minimum records per job (default 100)' })
      .option('replay', { type: 'string', array: true, describe: 'MODEL_ID=FILE: answer that model id from a recording' }),
    (a) => set(import('./commands/emulator.ts').then((m) => m.emulatorCommand(io, a))))
    .demandCommand(1, 'Name a command, e.g. `beval run`.')
    .strict()
    .recommendCommands()
    .help()
    .exitProcess(false)
    .showHelpOnFail(false)
    .fail((msg, err) => {
      throw err ?? new BevalError('USAGE', `${usageProblem(msg, argv, optionKeys(parser))}\nRun \`beval --help\` for usage.`);
    });
  try {
    let helpText = '';
    await parser.parseAsync(argv, {}, (_err, _argv, output) => { helpText = output; });
    if (helpText) io.stdout.write(`${helpText}\n`);
    return code;
  } catch (e) {
    // A stage that failed mid-wait leaves no progress line to be drawn again under its error.
    io.live?.clear();
    if (e instanceof BevalError) {
      // Multi-line by design; fragments from services are already single lines (describeError), this is the backstop.
      state.error = printableLines(redactSecrets(e.message));
      io.stderr.write(`beval: ${state.error}\n`);
      return e.exitCode ?? EXIT.error;
    }
    const system = systemErrorText(e, (command) => `beval ${command}${configArg(argv) ? ` --config ${configArg(argv)}` : ''}`);
    if (system !== undefined) {
      state.error = printableLines(redactSecrets(system));
      io.stderr.write(`beval: ${state.error}\n`);
      return EXIT.error;
    }
    state.error = `unexpected error: ${unexpectedText(e).split('\n')[0]}`;
    io.stderr.write(`beval: unexpected error\n${unexpectedText(e)}\n`);
    return EXIT.error;
  }
}
