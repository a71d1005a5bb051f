// Start-up: the compiled CLI against `node -e 0`, as ratios beside their budgets (issue 20: --help and --version
// within 3×, validate within 5×). Each command runs `rounds` times, interleaved with the others so load on a shared
// machine hits all of them alike; the fastest run of each counts (the least disturbed).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { BudgetCheck } from './table.ts';
// @ts-expect-error scripts/build.js is plain JavaScript without declarations.
import { buildJs } from '../scripts/build.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'dist', 'cli', 'bin.js');

export interface StartupCommand {
  name: string;
  args: string[];
  /** Allowed multiple of `node -e 0`; undefined: measured for information only. */
  budget?: number;
}

export const STARTUP_COMMANDS: StartupCommand[] = [
  { name: 'beval --help', args: [BIN, '--help'], budget: 3 },
  { name: 'beval --version', args: [BIN, '--version'], budget: 3 },
  { name: 'beval validate suites/example.jsonl', args: [BIN, 'validate', 'suites/example.jsonl'], budget: 5 },
  { name: 'beval estimate (loads eval.config.ts: compiled once, then cached)', args: [BIN, 'estimate'] },
];

export interface StartupResult {
  baselineMs: number;
  commands: { name: string; bestMs: number; ratio: number; budget?: number; samplesMs: number[] }[];
}

function timeOnce(args: string[]): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}`);
  return ms;
}

export async function measureStartup(rounds = 7): Promise<StartupResult> {
  // Never time a stale dist/: compile the current source first (~1 s).
  await (buildJs as () => Promise<void>)();
  const all = [{ name: 'node -e 0', args: ['-e', '0'] } as StartupCommand, ...STARTUP_COMMANDS];
  const samples = all.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) all.forEach((c, i) => samples[i]!.push(timeOnce(c.args)));
  const best = samples.map((s) => Math.min(...s));
  const baselineMs = best[0]!;
  return {
    baselineMs,
    commands: STARTUP_COMMANDS.map((c, i) => ({
      name: c.name, bestMs: best[i + 1]!, ratio: best[i + 1]! / baselineMs, samplesMs: samples[i + 1]!,
      ...(c.budget !== undefined ? { budget: c.budget } : {}),
    })),
  };
}

export function startupLines(r: StartupResult): string[] {
  return [
    `Start-up (compiled CLI, fastest of ${r.commands[0]?.samplesMs.length ?? 0} runs each; node -e 0 took ${r.baselineMs.toFixed(0)} ms):`,
    ...r.commands.map((c) => `  ${c.name.padEnd(52)} ${c.bestMs.toFixed(0).padStart(5)} ms  ${c.ratio.toFixed(2)}× node -e 0${c.budget !== undefined ? `  (budget ${c.budget}×)` : ''}`),
  ];
}

export function startupChecks(r: StartupResult): BudgetCheck[] {
  return r.commands.filter((c) => c.budget !== undefined).map((c) => {
    const ok = c.ratio <= c.budget!;
    return {
      name: `start-up ${c.name}`, limit: `≤ ${c.budget}× node -e 0`, measured: `${c.ratio.toFixed(2)}×`, ok,
      ...(ok ? {} : { miss: `${(c.bestMs - c.budget! * r.baselineMs).toFixed(0)} ms over` }),
    };
  });
}
