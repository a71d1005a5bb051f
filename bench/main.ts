// `npm run bench`: issue #21's five budgets, each measured in this run against a reference measured alongside it
// (the plain-script baseline, the parse floor), every figure the median of N interleaved runs with its min–max.
// `--quick`: every budget at small sizes. `--only <section>`: one section. `--ab <commitA> <commitB>`: two commits
// interleaved (bench/ab.ts). `--runs N`: runs per figure (default 5, quick 3).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { writeSyntheticRun, type BenchRun } from './synthetic.ts';
import { gsm8kPresent, writeGsm8kProject } from './gsm8k-project.ts';
import { readLedger } from '../src/run/ledger.ts';
import { atLeastShareOfFloor, atMostTimes, cpuFloorNote, flatWithin, measured, underLimit, type BudgetCheck, type Measured, type ProcSample } from './budgets.ts';
import { budgetLines } from './table.ts';
import { mebibytes, megabytes, rangeText, seconds, spread } from './stats.ts';
import { HAS_GNU_TIME, timeNode, type Command } from './proc.ts';
import { runInChild } from './spawn.ts';
import { gateSimulation } from './extras.ts';
import { measureStartup, startupChecks, startupLines } from './startup.ts';
import { prepareCheckouts, type Checkout } from './ab.ts';
// @ts-expect-error scripts/build.js is plain JavaScript without declarations.
import { buildJs } from '../scripts/build.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const GSM8K_DATA = path.resolve(ROOT, '../shared/data/gsm8k');
const BASELINE = path.join(ROOT, 'bench', 'plain-baseline.mjs');
const CHROMIUM = '/usr/bin/chromium';
/** Cores this machine gives the bench: CPU time over them is the shortest wall time any schedule of the work could take. */
const CORES = os.availableParallelism();

/** Issue #21's limits. */
export const BUDGETS = {
  scoreVsBaseline: 1.5,
  scoresOnlyShareOfFloor: 0.6,
  endToEndMs: 4000,
  endToEndVsBaseline: 4,
  rssBytes: 512 * 2 ** 20,
  curveFlat: 1.5,
  reportBytes: 25e6,
  firstRowsMs: 1000,
} as const;

interface Plan {
  gsm8k: number;
  synthetic4: number;
  big: { records: number; models: number };
  curve: number[];
  reportScale: { records: number; models: number };
  runs: number;
}

const FULL: Plan = { gsm8k: 10_000, synthetic4: 50_000, big: { records: 50_000, models: 10 }, curve: [1_000, 10_000, 50_000], reportScale: { records: 50_000, models: 5 }, runs: 5 };
const QUICK: Plan = { gsm8k: 500, synthetic4: 2_000, big: { records: 2_000, models: 10 }, curve: [200, 1_000, 2_000], reportScale: { records: 1_000, models: 2 }, runs: 3 };

export const SECTIONS = ['score', 'scores-only', 'e2e', 'memory', 'report'] as const;
type Section = (typeof SECTIONS)[number];

const log = (line: string): void => { process.stdout.write(`${line}\n`); };
const loadText = (): string => os.loadavg().map((x) => x.toFixed(2)).join(' / ');

/** A run directory with what the commands need: the config, the run id, the suite and each model's output files. */
interface Workload {
  name: string;
  records: number;
  models: number;
  config: string;
  project: string;
  runId: string;
  runDir: string;
  outputs: Map<string, string[]>;
}

function fromSynthetic(name: string, run: BenchRun): Workload {
  return { name, records: run.records, models: run.models, config: run.config, project: run.project, runId: run.runId, runDir: run.runDir, outputs: outputsOf(run.runDir) };
}

function outputsOf(runDir: string): Map<string, string[]> {
  const ledger = readLedger(runDir);
  return new Map(ledger.models.map((m) => [m.key, m.shards.flatMap((s) => (s.downloaded ?? []).map((f) => path.join(runDir, f)))]));
}

const baselineCmd = (w: Workload, out: string): Command => ({
  node: [BASELINE, path.join(w.runDir, 'suite.jsonl'), out, ...[...w.outputs].map(([k, files]) => `${k}=${files.join(',')}`)], cwd: w.project,
});
const floorCmd = (w: Workload): Command => ({ node: [BASELINE, '--floor', ...[...w.outputs.values()].flat()], cwd: w.project });
const scoreCmd = (c: Checkout, w: Workload, reports?: string): Command => ({
  node: [c.bin, 'score', w.runId, '--config', w.config, ...(reports ? ['--reports', reports] : [])], cwd: w.project,
});

/**
 * Runs every command `runs` times, interleaved (round r starts at command r mod n, so none always goes first after
 * the machine was idle), and returns each command's samples. `after` runs after each sample (clean-up).
 */
function interleave(runs: number, cmds: Record<string, Command>, after?: (name: string) => void): Record<string, ProcSample[]> {
  const names = Object.keys(cmds);
  const out: Record<string, ProcSample[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < runs; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(r + i) % names.length]!;
      out[name]!.push(timeNode(cmds[name]!));
      after?.(name);
    }
  }
  return out;
}

const summarise = (samples: Record<string, ProcSample[]>): Record<string, Measured> =>
  Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, measured(v, spread)]));

function measuredLine(label: string, m: Measured): string {
  const cpu = m.cpu ? `, CPU ${rangeText(m.cpu, seconds)}` : '';
  const rss = m.rss ? `, peak RSS ${rangeText(m.rss, mebibytes)}` : '';
  return `    ${label.padEnd(40)} wall ${rangeText(m.wall, seconds)}${cpu}${rss}`;
}

interface SectionResult {
  lines: string[];
  checks: BudgetCheck[];
  figures: Record<string, unknown>;
}

interface Context {
  plan: Plan;
  tmp: string;
  checkouts: Checkout[];
  /** Lazily prepared workloads, shared by sections. */
  gsm8k?: Workload | string;
  synthetic4?: Workload;
  big?: Workload;
}

const label = (ctx: Context, c: Checkout, what: string): string => (ctx.checkouts.length > 1 ? `${what} [${c.name}]` : what);

function gsm8kWorkload(ctx: Context): Workload | string {
  if (ctx.gsm8k) return ctx.gsm8k;
  if (!gsm8kPresent(GSM8K_DATA)) return (ctx.gsm8k = `GSM8K skipped: ${GSM8K_DATA} not found (it lives in the workplace's shared/ folder, not in this repo).`);
  const dir = path.join(ctx.tmp, 'gsm8k');
  const { config } = writeGsm8kProject(GSM8K_DATA, dir, ctx.plan.gsm8k);
  log(`  gsm8k ${ctx.plan.gsm8k}×4: one beval run through the emulator to get its outputs…`);
  timeNode({ node: [ctx.checkouts[0]!.bin, 'run', '--config', config], cwd: dir });
  const runDir = onlyRun(path.join(dir, 'reports'));
  const runId = path.basename(runDir);
  const outputs = outputsOf(runDir);
  return (ctx.gsm8k = { name: `gsm8k ${ctx.plan.gsm8k / 1000}k×4`, records: ctx.plan.gsm8k, models: outputs.size, config, project: dir, runId, runDir, outputs });
}

function runDirs(reports: string): string[] {
  return fs.existsSync(reports) ? fs.readdirSync(reports).filter((d) => fs.existsSync(path.join(reports, d, 'ledger.json'))) : [];
}

function onlyRun(reports: string): string {
  const runs = runDirs(reports);
  if (runs.length !== 1) throw new Error(`expected one run in ${reports}, found ${runs.join(', ') || 'none'}`);
  return path.join(reports, runs[0]!);
}

function synthetic(ctx: Context, records: number, models: number): Workload {
  const name = `synthetic ${records / 1000}k×${models}`;
  log(`  ${name}: generating Bedrock-format outputs…`);
  return fromSynthetic(name, writeSyntheticRun({ dir: path.join(ctx.tmp, `synthetic-${records}x${models}`), records, models }));
}

/** The issue's "all five reports": summary.csv, records.csv, scores.csv, results.json, report.html. */
const FIVE_REPORTS = 'records,scores,html';
const FIVE = 'beval score (the five reports)';

/**
 * Budget 1: whole `beval score` with the issue's five reports (config loading included) against the plain-script
 * baseline; results.parquet and summary.md came after the issue and are measured beside it, for information.
 */
function scoreSection(ctx: Context): SectionResult {
  const lines = ['1. Whole `beval score` (config loading included; the five reports: `--reports records,scores,html`, and every report for information) vs the plain-script baseline (bench/plain-baseline.mjs):'];
  const checks: BudgetCheck[] = [];
  const figures: Record<string, unknown> = {};
  const g = gsm8kWorkload(ctx);
  ctx.synthetic4 ??= synthetic(ctx, ctx.plan.synthetic4, 4);
  for (const w of [g, ctx.synthetic4]) {
    if (typeof w === 'string') {
      lines.push(`  ${w}`);
      continue;
    }
    log(`  ${w.name}: baseline and beval score, ${ctx.plan.runs} interleaved runs…`);
    const cmds: Record<string, Command> = { baseline: baselineCmd(w, path.join(ctx.tmp, 'baseline-out')) };
    for (const c of ctx.checkouts) {
      // A commit from before `--reports` (an A/B base) writes every report: only that line is measured for it.
      if (c.reportsOption) cmds[label(ctx, c, FIVE)] = scoreCmd(c, w, FIVE_REPORTS);
      // For information: what `beval score` writes by default (also results.parquet and summary.md).
      cmds[label(ctx, c, 'beval score (every report)')] = scoreCmd(c, w);
    }
    const m = summarise(interleave(ctx.plan.runs, cmds));
    figures[w.name] = m;
    lines.push(`  ${w.name}:`, ...Object.entries(m).map(([k, v]) => measuredLine(k, v)));
    for (const c of ctx.checkouts.filter((k) => k.reportsOption)) {
      checks.push(atMostTimes(`1. ${label(ctx, c, `beval score ${w.name}`)} (the five reports) vs plain script`, m[label(ctx, c, FIVE)]!, m.baseline!, BUDGETS.scoreVsBaseline, { subject: 'beval', base: 'baseline' }, CORES));
    }
  }
  return { lines, checks, figures };
}

/** Budget 2: outputs → summary.csv + results.json (no records.csv, report.html, scores.csv) against the parse floor. */
function scoresOnlySection(ctx: Context): SectionResult {
  ctx.big ??= synthetic(ctx, ctx.plan.big.records, ctx.plan.big.models);
  const w = ctx.big;
  log(`  ${w.name}: parse floor and beval score --reports summary,results, ${ctx.plan.runs} interleaved runs…`);
  const cmds: Record<string, Command> = { 'parse floor': floorCmd(w) };
  const able = ctx.checkouts.filter((c) => c.reportsOption);
  for (const c of able) cmds[label(ctx, c, 'beval score --reports summary,results')] = scoreCmd(c, w, 'summary,results');
  const m = summarise(interleave(ctx.plan.runs, cmds));
  return {
    lines: [`2. Outputs → scores, summary.csv and results.json (\`--reports summary,results\`) vs the parse floor (read + JSON.parse every line), ${w.name}:`, ...Object.entries(m).map(([k, v]) => measuredLine(k, v))],
    checks: able.map((c) => atLeastShareOfFloor(`2. ${label(ctx, c, `outputs → scores ${w.name}`)} throughput`, m[label(ctx, c, 'beval score --reports summary,results')]!, m['parse floor']!, BUDGETS.scoresOnlyShareOfFloor)),
    figures: { [w.name]: m },
  };
}

/** Budget 3: GSM8K `beval run` end to end through the in-process emulator, absolute and against the baseline. */
function endToEndSection(ctx: Context): SectionResult {
  const g = gsm8kWorkload(ctx);
  if (typeof g === 'string') return { lines: [`3. End to end: ${g}`], checks: [], figures: {} };
  log(`  ${g.name}: baseline and beval run end to end, ${ctx.plan.runs} interleaved runs…`);
  const reports = path.join(g.project, 'reports');
  const keep = new Set(runDirs(reports));
  const cmds: Record<string, Command> = { baseline: baselineCmd(g, path.join(ctx.tmp, 'baseline-out')) };
  for (const c of ctx.checkouts) cmds[label(ctx, c, 'beval run')] = { node: [c.bin, 'run', '--config', g.config], cwd: g.project };
  // Each run leaves a run directory as big as its outputs: removed before the next sample.
  const m = summarise(interleave(ctx.plan.runs, cmds, () => {
    for (const d of runDirs(reports)) if (!keep.has(d)) fs.rmSync(path.join(reports, d), { recursive: true, force: true });
  }));
  const checks = ctx.checkouts.flatMap((c) => {
    const run = m[label(ctx, c, 'beval run')]!;
    return [
      underLimit(`3. ${label(ctx, c, `beval run ${g.name}`)} end to end (quiet machine, load < 1)`, run.wall, BUDGETS.endToEndMs, seconds, true, (allowed) => cpuFloorNote(run, CORES, allowed)),
      atMostTimes(`3. ${label(ctx, c, `beval run ${g.name}`)} vs plain script`, run, m.baseline!, BUDGETS.endToEndVsBaseline, { subject: 'beval run', base: 'baseline' }, CORES),
    ];
  });
  return { lines: [`3. End to end: \`beval run\` through the in-process emulator (upload, jobs, download, score, reports), ${g.name}:`, ...Object.entries(m).map(([k, v]) => measuredLine(k, v))], checks, figures: { [g.name]: m } };
}

/** Budget 4: peak RSS of `beval score` (all reports) at 50k × 10, and the curve over sizes at 4 models. */
function memorySection(ctx: Context): SectionResult {
  if (!HAS_GNU_TIME) return { lines: ['4. Memory: not measured (/usr/bin/time not found; apt-get install -y time).'], checks: [], figures: {} };
  ctx.big ??= synthetic(ctx, ctx.plan.big.records, ctx.plan.big.models);
  const curve = ctx.plan.curve.map((n) => (n === ctx.synthetic4?.records ? ctx.synthetic4 : synthetic(ctx, n, 4)));
  const lines = ['4. Memory: peak RSS of `beval score` with every report (GNU time: the process and the children it waited for):'];
  const checks: BudgetCheck[] = [];
  const figures: Record<string, unknown> = {};
  for (const c of ctx.checkouts) {
    log(`  memory${ctx.checkouts.length > 1 ? ` [${c.name}]` : ''}: beval score at ${[ctx.big, ...curve].map((w) => w.name).join(', ')}, ${ctx.plan.runs} interleaved runs…`);
    const cmds: Record<string, Command> = Object.fromEntries([ctx.big, ...curve].map((w) => [w.name, scoreCmd(c, w)]));
    const m = summarise(interleave(ctx.plan.runs, cmds));
    figures[c.name] = m;
    lines.push(...Object.entries(m).map(([k, v]) => measuredLine(label(ctx, c, k), v)));
    checks.push(underLimit(`4. ${label(ctx, c, `peak RSS ${ctx.big.name}`)}`, m[ctx.big.name]!.rss!, BUDGETS.rssBytes, mebibytes));
    checks.push(flatWithin(`4. ${label(ctx, c, 'peak RSS curve')} ${curve.map((w) => `${w.records / 1000}k`).join('/')} ×4`, curve.map((w) => ({ label: `${w.records / 1000}k`, value: m[w.name]!.rss! })), BUDGETS.curveFlat));
  }
  return { lines, checks, figures };
}

/** Budget 5: report.html size and time to first rows in Chromium (bench/report-scale.ts), median of N runs. */
async function reportSection(ctx: Context): Promise<SectionResult> {
  const { records, models } = ctx.plan.reportScale;
  const what = `${records / 1000}k×${models}`;
  if (!fs.existsSync(CHROMIUM)) return { lines: [`5. report.html: skipped, ${CHROMIUM} not found.`], checks: [], figures: {} };
  log(`  report.html ${what} in Chromium, ${ctx.plan.runs} runs…`);
  const runs: { bytes: number; firstPaintMs: number; interactiveMs: number; scrollOk: boolean }[] = [];
  for (let i = 0; i < ctx.plan.runs; i++) {
    const dir = path.join(ctx.tmp, 'report-scale');
    runs.push((await runInChild({ kind: 'report-scale', records, models, dir })).detail as (typeof runs)[number]);
  }
  const bytes = spread(runs.map((r) => r.bytes));
  const first = spread(runs.map((r) => r.firstPaintMs));
  const interactive = spread(runs.map((r) => r.interactiveMs));
  const ms = (x: number): string => `${x.toFixed(0)} ms`;
  return {
    lines: [`5. report.html ${what} (this checkout's renderer; bench/report-scale.ts): ${rangeText(bytes, megabytes)}, first rows ${rangeText(first, ms)} (every row loaded and filters live ${rangeText(interactive, ms)}), scrolling ${runs.every((r) => r.scrollOk) ? 'renders new rows' : 'FAILED'}`],
    checks: [
      underLimit(`5. report.html ${what} size`, bytes, BUDGETS.reportBytes, megabytes),
      underLimit(`5. report.html ${what} first rows in Chromium`, first, BUDGETS.firstRowsMs, ms, true),
    ],
    figures: { runs },
  };
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i === -1 ? undefined : argv[i + 1];
}

async function main(argv: string[]): Promise<void> {
  const only = arg(argv, '--only');
  if (only === 'startup') {
    const startup = await measureStartup();
    log([...startupLines(startup), '', budgetLines(startupChecks(startup))].join('\n'));
    return;
  }
  if (only === 'gate') {
    log(['', ...(await gateSimulation(argv.includes('--quick') ? 50 : 1000, log)).lines].join('\n'));
    return;
  }
  const sections = (only ? only.split(',') : [...SECTIONS]) as Section[];
  const unknown = sections.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length) throw new Error(`--only ${unknown.join(',')}: choose from ${[...SECTIONS, 'startup', 'gate'].join(', ')}`);
  const plan: Plan = { ...(argv.includes('--quick') ? QUICK : FULL) };
  if (arg(argv, '--runs')) plan.runs = Number(arg(argv, '--runs'));
  if (!Number.isInteger(plan.runs) || plan.runs < 1) throw new Error('--runs must be a positive integer');
  const abAt = argv.indexOf('--ab');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-bench-'));
  const started = Date.now();
  const loadStart = os.loadavg();
  log(`beval bench (issue #21) on ${os.cpus().length} cores, Node ${process.version}, ${plan.runs} interleaved runs per figure${argv.includes('--quick') ? ', QUICK sizes' : ''}; temp folder ${tmp}`);
  log(`load average at start (1/5/15 min): ${loadText()}${loadStart[0]! >= 1 ? ' — not a quiet machine: absolute times are inflated, ratios less so' : ''}`);
  let checkouts: Checkout[];
  let cleanup = (): void => undefined;
  if (abAt !== -1) {
    const [a, b] = [argv[abAt + 1], argv[abAt + 2]];
    if (!a || !b) throw new Error('--ab needs two commits: --ab <commitA> <commitB>');
    ({ checkouts, cleanup } = prepareCheckouts(ROOT, tmp, [a, b], log));
  } else {
    // Never time a stale dist/: compile the current source first.
    await (buildJs as () => Promise<void>)();
    checkouts = [{ name: 'this checkout', commit: git(['rev-parse', '--short', 'HEAD']), bin: path.join(ROOT, 'dist', 'cli', 'bin.js'), reportsOption: true }];
  }
  // Issue #20's start-up ratios (beval --help / --version / validate against `node -e 0`), first, before the big
  // workloads heat the machine; a full run of this checkout only (an A/B or --only run skips them).
  let startup: Awaited<ReturnType<typeof measureStartup>> | undefined;
  if (!only && abAt === -1) {
    log('  start-up of the compiled CLI…');
    startup = await measureStartup();
  }
  const ctx: Context = { plan, tmp, checkouts };
  const results: Partial<Record<Section, SectionResult>> = {};
  try {
    for (const s of sections) {
      if (s === 'score') results[s] = scoreSection(ctx);
      if (s === 'scores-only') results[s] = scoresOnlySection(ctx);
      if (s === 'e2e') results[s] = endToEndSection(ctx);
      if (s === 'memory') results[s] = memorySection(ctx);
      if (s === 'report') results[s] = await reportSection(ctx);
    }
  } finally {
    cleanup();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const checks = [...Object.values(results).flatMap((r) => r.checks), ...(startup ? startupChecks(startup) : [])];
  const loadEnd = os.loadavg();
  log([
    '',
    ...Object.values(results).flatMap((r) => [...r.lines, '']),
    ...(startup ? [...startupLines(startup), ''] : []),
    `Budgets (issue #21, and #20's start-up ratios; medians of ${plan.runs} interleaved runs, min–max in brackets):`,
    budgetLines(checks),
    '',
    `load average at start ${loadStart.map((x) => x.toFixed(2)).join(' / ')}, at end ${loadText()} (1/5/15 min). ${HAS_GNU_TIME ? 'CPU and peak RSS from GNU time.' : 'CPU and RSS not measured: /usr/bin/time not found.'}`,
    `Total bench time ${((Date.now() - started) / 1000).toFixed(0)} s. Why any budget is missed: docs/performance.md.`,
  ].join('\n'));
  const outDir = path.join(ROOT, 'reports', 'bench');
  fs.mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const json = JSON.stringify({
    createdAt: new Date().toISOString(), node: process.version, cores: os.availableParallelism(), argv, plan, budgets: BUDGETS,
    checkouts, loadAverage: { start: loadStart, end: loadEnd }, checks, ...(startup ? { startup } : {}), sections: Object.fromEntries(Object.entries(results).map(([k, r]) => [k, r.figures])),
  }, null, 2);
  fs.writeFileSync(path.join(outDir, `bench-${stamp}.json`), json);
  fs.writeFileSync(path.join(outDir, 'latest.json'), json);
  log(`Figures written to ${path.relative(process.cwd(), path.join(outDir, `bench-${stamp}.json`))}`);
}

function git(args: string[]): string {
  return execFileSync('git', ['-C', ROOT, ...args], { encoding: 'utf8' }).trim();
}

await main(process.argv.slice(2));
