// Proves a change keeps report bytes: runs the same suites with this checkout and with a base commit, then compares
// summary.csv, records.csv, scores.csv, report.html and results.json after masking run ids and timestamps.
// Run: npx tsx scripts/compare-run-bytes.ts [baseRef=HEAD~1] [--records 10000]
// The base commit is checked out into a temporary git worktree that borrows this checkout's node_modules.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticRun } from '../bench/synthetic.ts';

const REPORTS = ['summary.csv', 'records.csv', 'scores.csv', 'report.html', 'results.json'] as const;
const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Args { base: string; records: number }

function parseArgs(argv: string[]): Args {
  const args: Args = { base: 'HEAD~1', records: 10_000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--records') args.records = Number(argv[++i]);
    else args.base = a;
  }
  if (!Number.isInteger(args.records) || args.records < 1) throw new Error('--records must be a positive integer');
  return args;
}

/** Run ids (`YYYYMMDD-HHMMSS-xxxx`) and ISO timestamps differ between any two runs; everything else must not. */
function masked(text: string): string {
  return text
    .replace(/\b\d{8}-\d{6}-[0-9a-z]{4}\b/g, '<runId>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g, '<time>');
}

function beval(checkout: string, args: string[], cwd: string): void {
  execFileSync(process.execPath, [path.join(checkout, 'bin', 'beval.js'), ...args], {
    cwd, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
}

/** The only run directory under `<project>/reports` (the example run gets a fresh id each time). */
function onlyRunDir(reports: string): string {
  const runs = fs.readdirSync(reports).filter((d) => !d.startsWith('.') && fs.statSync(path.join(reports, d)).isDirectory());
  if (runs.length !== 1) throw new Error(`expected one run in ${reports}, found ${runs.join(', ') || 'none'}`);
  return path.join(reports, runs[0]!);
}

/** The example suite and config, with the config's relative paths kept working from a scratch folder. */
function exampleProject(checkout: string, dir: string): string {
  fs.mkdirSync(path.join(dir, 'suites'), { recursive: true });
  fs.copyFileSync(path.join(checkout, 'suites', 'example.jsonl'), path.join(dir, 'suites', 'example.jsonl'));
  const config = fs.readFileSync(path.join(checkout, 'eval.config.ts'), 'utf8')
    .replace(/^import \{ defineConfig \} from 'beval';$/m, '')
    .replace('export default defineConfig(', 'export default (');
  fs.writeFileSync(path.join(dir, 'eval.config.ts'), config);
  return path.join(dir, 'eval.config.ts');
}

/** Where two texts first differ, with a little context from each side. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const around = (t: string): string => JSON.stringify(t.slice(Math.max(0, i - 60), i + 60));
  return `offset ${i}\n    base: ${around(a)}\n    head: ${around(b)}`;
}

/**
 * The emulator shuffles a job's output lines by its job id, which counts creates, so two runs whose concurrent creates
 * finish in another order read the same answers in another order: counts keyed by first appearance (stopReasons)
 * then list their keys in another order. Sorted, such counts compare equal; the script says when it needed this.
 */
function sortedCounts(text: string): string {
  return text.replace(/"stopReasons":\{([^{}]*)\}/g, (_, body: string) => `"stopReasons":{${body.split(',').sort().join(',')}}`);
}

function compare(label: string, baseDir: string, headDir: string): boolean {
  let same = true;
  for (const name of REPORTS) {
    const a = fs.readFileSync(path.join(baseDir, name), 'utf8');
    const b = fs.readFileSync(path.join(headDir, name), 'utf8');
    const raw = a === b;
    const maskedSame = raw || masked(a) === masked(b);
    const ok = maskedSame || sortedCounts(masked(a)) === sortedCounts(masked(b));
    same &&= ok;
    const verdict = raw ? 'identical' : maskedSame ? 'identical apart from run ids and timestamps'
      : ok ? 'identical apart from run ids, timestamps and the key order of stopReasons (emulator output order)' : 'DIFFERENT';
    console.log(`${label.padEnd(16)} ${name.padEnd(13)} ${String(Buffer.byteLength(b)).padStart(11)} B  ${verdict}`);
    if (!ok) console.log(`  first difference: ${firstDifference(masked(a), masked(b))}`);
  }
  return same;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-compare-'));
  const baseCheckout = path.join(scratch, 'base');
  execFileSync('git', ['-C', here, 'worktree', 'add', '--detach', baseCheckout, args.base], { stdio: 'ignore' });
  fs.symlinkSync(path.join(here, 'node_modules'), path.join(baseCheckout, 'node_modules'));
  const baseSha = execFileSync('git', ['-C', baseCheckout, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  console.log(`base ${args.base} (${baseSha}) vs this checkout; scratch ${scratch}`);
  let same = true;
  try {
    // The example suite, end to end on the in-process emulator (generation and judge stages), both sides in the same
    // folder (reports print the suite path): the base's reports, judge cache included, are moved aside first.
    const dir = path.join(scratch, 'example');
    const config = exampleProject(here, dir);
    beval(baseCheckout, ['run', '--yes', '-c', config], dir);
    fs.renameSync(path.join(dir, 'reports'), path.join(scratch, 'example-base-reports'));
    beval(here, ['run', '--yes', '-c', config], dir);
    const example = { base: onlyRunDir(path.join(scratch, 'example-base-reports')), head: onlyRunDir(path.join(dir, 'reports')) };
    same = compare('example', example.base!, example.head!) && same;
    // A synthetic collected run re-scored by each side (large enough for the worker threads).
    const synth = writeSyntheticRun({ dir: path.join(scratch, 'synthetic'), records: args.records, models: 3 });
    const baseRun = path.join(scratch, 'synthetic-base-run');
    // A ledger without judges is the same in versions 1 and 2 (src/run/ledger-migrate.ts): a base from before
    // version 2 reads only version 1, so it is given that number.
    const ledgerFile = path.join(synth.runDir, 'ledger.json');
    const ledgerText = fs.readFileSync(ledgerFile, 'utf8');
    if (!fs.readFileSync(path.join(baseCheckout, 'src', 'run', 'ledger.ts'), 'utf8').includes('ledger-migrate')) fs.writeFileSync(ledgerFile, ledgerText.replace(/"version": 2/, '"version": 1'));
    beval(baseCheckout, ['score', synth.runId, '-c', synth.config], synth.project);
    fs.writeFileSync(ledgerFile, ledgerText);
    fs.cpSync(synth.runDir, baseRun, { recursive: true });
    beval(here, ['score', synth.runId, '-c', synth.config], synth.project);
    same = compare(`synthetic ${args.records}`, baseRun, synth.runDir) && same;
  } finally {
    execFileSync('git', ['-C', here, 'worktree', 'remove', '--force', baseCheckout], { stdio: 'ignore' });
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  console.log(same ? 'same report bytes' : 'REPORT BYTES DIFFER');
  process.exitCode = same ? 0 : 1;
}

main();
