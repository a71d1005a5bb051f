// `npm run bench`: scoring against the parse floor at several sizes, budgets, report scale and gate simulation.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bestOf, runInChild } from './spawn.ts';
import { writeSyntheticRun } from './synthetic.ts';
import { gsm8kPresent, runOutputs, writeGsm8kProject } from './gsm8k-project.ts';
import { budgetLines, checkBudgets, phaseLines, stageLines, workloadTable, type WorkloadResult } from './table.ts';
import type { ScorePhaseTimes } from '../src/score/phase-marks.ts';
import { gateSimulation, runExtras } from './extras.ts';
import { measureStartup, startupChecks, startupLines } from './startup.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const GSM8K_DATA = path.resolve(ROOT, '../shared/data/gsm8k');
const BUDGETS = { ratio: 0.7, rssBytes: 512 * 1024 * 1024, endToEndMs: 15_000 };

/** Bench sizes; `--quick` shrinks everything for a smoke run. */
interface Plan {
  gsm8kRecords: number;
  big: { records: number; models: number };
  curve: number[];
  reportScale: { records: number; models: number };
  gateTrials: number;
  /** Runs of each floor and score measurement; the fastest counts (machines here are shared and noisy). */
  repeats: number;
}

const FULL: Plan = { gsm8kRecords: 10_000, big: { records: 50_000, models: 10 }, curve: [1_000, 10_000, 50_000], reportScale: { records: 50_000, models: 5 }, gateTrials: 1000, repeats: 2 };
const QUICK: Plan = { gsm8kRecords: 1_000, big: { records: 2_000, models: 10 }, curve: [200, 1_000], reportScale: { records: 1_000, models: 2 }, gateTrials: 50, repeats: 1 };

const log = (line: string): void => { process.stdout.write(`${line}\n`); };

let repeats = 1;

/** `stages`: also measure the scoring floor (parse + join + score on one thread), to show where the time goes. */
async function measure(name: string, files: string[], bytes: number, score: { config: string; runId: string; runDir: string }, shape: { records: number; models: number }, stages = false): Promise<WorkloadResult> {
  const times = repeats > 1 ? ` (best of ${repeats})` : '';
  log(`  ${name}: parse floor${times}…`);
  const floor = await bestOf({ kind: 'floor', files }, repeats);
  let parseScore: WorkloadResult['parseScore'];
  if (stages) {
    log(`  ${name}: parse + join + score on one thread${times}…`);
    // The loop's own time (set-up excluded) decides which run was fastest here.
    const loop = (r: { detail: unknown }): NonNullable<WorkloadResult['parseScore']> => r.detail as NonNullable<WorkloadResult['parseScore']>;
    parseScore = loop(await bestOf({ kind: 'parse-score', files, runDir: score.runDir }, repeats, (r) => loop(r).loopMs));
  }
  log(`  ${name}: beval score${times}…`);
  const scored = await bestOf({ kind: 'score', config: score.config, runId: score.runId }, repeats);
  const phases = (scored.detail as { phases?: ScorePhaseTimes }).phases;
  return { name, ...shape, outputBytes: bytes, floor, score: scored, ...(parseScore ? { parseScore } : {}), ...(phases ? { phases } : {}) };
}

async function gsm8k(tmp: string, records: number): Promise<WorkloadResult | string> {
  if (!gsm8kPresent(GSM8K_DATA)) return `GSM8K workload skipped: ${GSM8K_DATA} not found (it lives in the workplace's shared/ folder, not in this repo).`;
  const dir = path.join(tmp, 'gsm8k');
  const { config } = writeGsm8kProject(GSM8K_DATA, dir, records);
  log(`  gsm8k: beval run through the emulator (${records}×4)…`);
  const run = await runInChild({ kind: 'run', config });
  const { runDir } = run.detail as { runDir: string };
  const { runId, files, bytes } = runOutputs(runDir);
  const result = await measure('gsm8k', files, bytes, { config, runId, runDir }, { records, models: 4 }, true);
  return { ...result, endToEnd: { processMs: run.processMs, maxRssBytes: run.maxRssBytes } };
}

async function synthetic(tmp: string, name: string, records: number, models: number, stages = false): Promise<WorkloadResult> {
  const dir = path.join(tmp, name);
  log(`  ${name}: generating ${records}×${models} Bedrock-format output…`);
  const run = writeSyntheticRun({ dir, records, models });
  const result = await measure(name, run.outputFiles, run.outputBytes, run, { records, models }, stages);
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

/** `npm run bench -- --only startup`: just the start-up ratios (a few seconds). */
async function startupOnly(): Promise<void> {
  log(`beval start-up bench on ${os.cpus().length} cores, Node ${process.version}`);
  const startup = await measureStartup();
  log([...startupLines(startup), '', 'Budgets:', budgetLines(startupChecks(startup))].join('\n'));
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--only') && argv[argv.indexOf('--only') + 1] === 'startup') return startupOnly();
  const plan = argv.includes('--quick') ? QUICK : FULL;
  // `--only gate`: just the gate simulation (seconds, not the full bench's minutes).
  if (argv[argv.indexOf('--only') + 1] === 'gate' && argv.includes('--only')) {
    const gate = await gateSimulation(plan.gateTrials, log);
    log(['', ...gate.lines].join('\n'));
    return;
  }
  repeats = plan.repeats;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-bench-'));
  const started = Date.now();
  const notes: string[] = [];
  const workloads: WorkloadResult[] = [];
  const curve: WorkloadResult[] = [];
  try {
    log(`beval bench on ${os.cpus().length} cores, Node ${process.version}; temp folder ${tmp}`);
    // First, before the big workloads heat the machine up.
    log('  start-up of the compiled CLI…');
    const startup = await measureStartup();
    const g = await gsm8k(tmp, plan.gsm8kRecords);
    if (typeof g === 'string') notes.push(g);
    else workloads.push(g);
    workloads.push(await synthetic(tmp, `synthetic-${plan.big.records / 1000}k×${plan.big.models}`, plan.big.records, plan.big.models, true));
    for (const n of plan.curve) curve.push(await synthetic(tmp, `curve-${n / 1000}k×4`, n, 4));
    const extras = await runExtras({ tmp, reportScale: plan.reportScale, gateTrials: plan.gateTrials, log });
    notes.push(...extras.notes);
    const checks = [...checkBudgets([...workloads, ...curve], BUDGETS), ...startupChecks(startup)];
    const text = [
      '',
      'Outputs → reports (beval score: summary.csv, records.csv, scores.csv, results.json, report.html; numeric, equals, contains)',
      'against the parse floor (read + JSON.parse every line) over the same files; each in its own process,',
      `${plan.repeats > 1 ? `the fastest of ${plan.repeats} runs (peak RSS: the highest of them)` : 'one run each'}:`,
      '',
      workloadTable(workloads),
      '',
      'Scaling (synthetic, 4 models):',
      '',
      workloadTable(curve),
      '',
      'Budgets:',
      budgetLines(checks),
      '',
      `Where the time goes (the scoring floor: parse + join + the three scorers on one thread, no cells, no reports):`,
      stageLines(workloads, os.availableParallelism()),
      '',
      'Phases of beval score (its own marks, in the fastest run): what the throughput would be without the reports:',
      phaseLines([...workloads, ...curve]),
      '',
      ...extras.lines,
      ...startupLines(startup),
      ...(notes.length ? ['', ...notes] : []),
      '',
      `Total bench time ${((Date.now() - started) / 1000).toFixed(0)} s. Why and what would close any miss: docs/performance.md.`,
    ].join('\n');
    log(text);
    const outDir = path.join(ROOT, 'reports', 'bench');
    fs.mkdirSync(outDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const json = JSON.stringify({
      createdAt: new Date().toISOString(), node: process.version, cores: os.availableParallelism(), plan, budgets: BUDGETS,
      workloads, curve, checks, extras: extras.figures, startup, notes,
    }, null, 2);
    fs.writeFileSync(path.join(outDir, `bench-${stamp}.json`), json);
    fs.writeFileSync(path.join(outDir, 'latest.json'), json);
    log(`Figures written to ${path.relative(process.cwd(), path.join(outDir, `bench-${stamp}.json`))}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
