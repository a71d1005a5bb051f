// main(argv): the whole CLI as a function of its arguments, so tests call it directly. Commands stay thin.
import yargs from 'yargs';
import { BevalError } from '../errors.ts';
import { outsideText, printableLines, redactSecrets } from '../safe-text.ts';
import { EXIT, processIo, type CliIo } from './io.ts';
import { runCommand, submitCommand } from './commands/run.ts';
import { validateCommand } from './commands/validate.ts';
import { estimateCommand } from './commands/estimate.ts';
import { gateCommand } from './commands/gate.ts';
import { emulatorCommand } from './commands/emulator.ts';
import { runsCommand, statusCommand } from './commands/status.ts';
import { cancelCommand, collectCommand, scoreCommand } from './commands/collect.ts';

/**
 * An unexpected error for the terminal: its name and message (which may come from a service, e.g. AWS quoting the
 * signed headers of a refused request) as one redacted line, then the stack frames.
 */
function unexpectedText(e: unknown): string {
  if (!(e instanceof Error)) return outsideText(String(e));
  const frames = (e.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).map(outsideText);
  return [outsideText(`${e.name}: ${e.message}`), ...frames].join('\n');
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let code: number = EXIT.ok;
  const set = (p: Promise<number>) => p.then((c) => { code = c; });
  const parser = yargs(argv)
    .scriptName('beval')
    .usage('$0 <command> [options]\n\nMulti-model evaluation on Amazon Bedrock batch inference (Converse format).')
    .option('config', { alias: 'c', type: 'string', describe: 'Config file (default: ./eval.config.ts)' })
    .command('run', 'Submit the suite to every model, wait, score and write reports', (y) => y
      .option('resume', { type: 'string', describe: 'Continue an interrupted run by id' })
      .option('gate', { type: 'boolean', describe: 'Apply the config\'s regression gate and exit 2/3 on regression/inconclusive' })
      .option('yes', { type: 'boolean', describe: 'Submit even above the configured budget' })
      .option('mode', { choices: ['batch', 'realtime', 'auto'] as const, describe: 'How records reach the models (default: config `mode`, else batch); see docs/realtime.md' })
      .option('realtime', { type: 'boolean', describe: 'Same as --mode realtime: one Converse call per record' }),
    (a) => set(runCommand(io, a)))
    .command('submit', 'Validate, upload and create the jobs, print the run id and exit', (y) => y
      .option('resume', { type: 'string', describe: 'Continue submitting an existing run' })
      .option('yes', { type: 'boolean', describe: 'Submit even above the configured budget' }),
    (a) => set(submitCommand(io, a)))
    .command('status [runId]', 'Show each job of a run (default: the latest run)', (y) => y.positional('runId', { type: 'string' }),
      (a) => set(statusCommand(io, a)))
    .command('collect [runId]', 'Wait for a run\'s jobs, download, score and write reports', (y) => y
      .positional('runId', { type: 'string' })
      .option('wait', { type: 'boolean', default: true, describe: 'Wait for jobs to end (--no-wait reports what still runs)' }),
    (a) => set(collectCommand(io, a)))
    .command('cancel <runId>', 'Stop every job of a run', (y) => y.positional('runId', { type: 'string', demandOption: true }),
      (a) => set(cancelCommand(io, a as typeof a & { runId: string })))
    .command('runs', 'List past runs and their state', (y) => y, (a) => set(runsCommand(io, a)))
    .command('score [runId]', 'Re-score a run from its stored outputs (no Bedrock calls)', (y) => y.positional('runId', { type: 'string' }),
      (a) => set(scoreCommand(io, a)))
    .command('gate [runId]', 'Apply the regression gate to a run (exit 0 pass, 2 regression, 3 inconclusive)', (y) => y.positional('runId', { type: 'string' }),
      (a) => set(gateCommand(io, a)))
    .command('estimate', 'Estimate tokens and cost (batch and on-demand) before anything is spent', (y) => y, (a) => set(estimateCommand(io, a)))
    .command('validate <suite>', 'Check every line of a suite file', (y) => y.positional('suite', { type: 'string', demandOption: true }),
      (a) => set(validateCommand(io, a as typeof a & { suite: string })))
    .command('emulator', 'Run the local Bedrock emulator until Ctrl-C', (y) => y
      .option('port', { type: 'number', describe: 'Port on 127.0.0.1 (default: a free one)' })
      .option('min-records', { type: 'number', describe: 'Minimum records per job (default 100)' })
      .option('replay', { type: 'string', array: true, describe: 'MODEL_ID=FILE: answer that model id from a recording' }),
    (a) => set(emulatorCommand(io, a)))
    .demandCommand(1, 'Name a command, e.g. `beval run`.')
    .strict()
    .help()
    .version(false)
    .exitProcess(false)
    .showHelpOnFail(false)
    .fail((msg, err) => {
      throw err ?? new BevalError('USAGE', `${msg}\nRun \`beval --help\` for usage.`);
    });
  try {
    let helpText = '';
    await parser.parseAsync(argv, {}, (_err, _argv, output) => { helpText = output; });
    if (helpText) io.stdout.write(`${helpText}\n`);
    return code;
  } catch (e) {
    if (e instanceof BevalError) {
      // Multi-line by design; fragments from services are already single lines (describeError), this is the backstop.
      io.stderr.write(`beval: ${printableLines(redactSecrets(e.message))}\n`);
      return EXIT.error;
    }
    io.stderr.write(`beval: unexpected error\n${unexpectedText(e)}\n`);
    return EXIT.error;
  }
}
