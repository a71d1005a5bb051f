// Formats bench results as a plain-text table and budget lines (pure functions, so they are unit-tested).
import type { ScorePhaseTimes } from '../src/score/phase-marks.ts';

/** One measured workload: the parse floor and `beval score` over the same output files, each in its own process. */
export interface WorkloadResult {
  name: string;
  records: number;
  models: number;
  outputBytes: number;
  /** The fastest run's times; `samplesMs` holds every run's work time (see bestOf in spawn.ts). */
  floor: { workMs: number; maxRssBytes: number; samplesMs?: number[] };
  /** `cpuMs`: CPU time of all of beval score's threads in the fastest run (absent in results from older benches). */
  score: { workMs: number; processMs: number; maxRssBytes: number; cpuMs?: number; samplesMs?: number[] };
  /** The scoring floor (bench/parse-score.ts): parse + join + score on one thread; `loopMs` excludes set-up. */
  parseScore?: { scored: number; loopMs: number };
  /** beval score's phases in the fastest run (src/score/phase-marks.ts); absent in results from older benches. */
  phases?: ScorePhaseTimes;
  /** `beval run` through the emulator, when the workload was run end to end. */
  endToEnd?: { processMs: number; maxRssBytes: number };
}

/** A budget from the issue and whether it held. */
export interface BudgetCheck {
  name: string;
  limit: string;
  measured: string;
  ok: boolean;
  /** How far off, in the budget's own terms ("needs 1.3x faster"), when missed. */
  miss?: string;
}

const MB = 1e6;
const MIB = 1024 * 1024;

/** Throughput of scoring as a share of the parse floor's on the same bytes (1 = as fast as just parsing). */
export function floorRatio(w: WorkloadResult): number {
  return w.floor.workMs / w.score.workMs;
}

function secs(ms: number): string {
  return (ms / 1000).toFixed(2);
}

function pad(cells: string[][]): string {
  const widths = cells[0]!.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  return cells.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

export function workloadTable(results: readonly WorkloadResult[]): string {
  const head = ['workload', 'records×models', 'output MB', 'floor s', 'floor MB/s', 'score s', 'score MB/s', 'records/s', 'vs floor', 'floor RSS MiB', 'score RSS MiB', 'e2e s'];
  const rows = results.map((w) => {
    const lines = w.records * w.models;
    return [
      w.name,
      `${w.records.toLocaleString('en-US')}×${w.models}`,
      (w.outputBytes / MB).toFixed(0),
      secs(w.floor.workMs),
      (w.outputBytes / MB / (w.floor.workMs / 1000)).toFixed(0),
      secs(w.score.workMs),
      (w.outputBytes / MB / (w.score.workMs / 1000)).toFixed(0),
      Math.round(lines / (w.score.workMs / 1000)).toLocaleString('en-US'),
      `${(floorRatio(w) * 100).toFixed(0)}%`,
      (w.floor.maxRssBytes / MIB).toFixed(0),
      (w.score.maxRssBytes / MIB).toFixed(0),
      w.endToEnd ? secs(w.endToEnd.processMs) : '-',
    ];
  });
  return pad([head, ...rows]);
}

export function budgetLines(checks: readonly BudgetCheck[]): string {
  return checks.map((c) => `${c.ok ? 'PASS' : 'MISS'}  ${c.name}: ${c.measured} (budget ${c.limit})${c.miss ? ` — ${c.miss}` : ''}`).join('\n');
}

/** The issue's budgets, checked against whichever workloads ran. */
export function checkBudgets(results: readonly WorkloadResult[], opts: { ratio: number; rssBytes: number; endToEndMs: number }): BudgetCheck[] {
  const checks: BudgetCheck[] = [];
  for (const w of results) {
    const r = floorRatio(w);
    checks.push({
      name: `${w.name} outputs → reports throughput vs parse floor`,
      limit: `≥ ${(opts.ratio * 100).toFixed(0)}%`,
      measured: `${(r * 100).toFixed(0)}%`,
      ok: r >= opts.ratio,
      ...(r < opts.ratio ? { miss: `short by ${((opts.ratio - r) * 100).toFixed(0)} points; scoring needs ${(opts.ratio / r).toFixed(2)}x its speed` } : {}),
    });
  }
  const big = results.find((w) => w.records >= 50000 && w.models >= 10);
  if (big) {
    const ok = big.score.maxRssBytes <= opts.rssBytes;
    checks.push({
      name: `${big.name} peak RSS`, limit: `≤ ${(opts.rssBytes / MIB).toFixed(0)} MiB`, measured: `${(big.score.maxRssBytes / MIB).toFixed(0)} MiB`, ok,
      ...(ok ? {} : { miss: `over by ${((big.score.maxRssBytes - opts.rssBytes) / MIB).toFixed(0)} MiB` }),
    });
  }
  for (const w of results) {
    if (!w.endToEnd) continue;
    const ok = w.endToEnd.processMs < opts.endToEndMs;
    checks.push({
      name: `${w.name} end to end (beval run through the emulator)`, limit: `< ${secs(opts.endToEndMs)} s`, measured: `${secs(w.endToEnd.processMs)} s`, ok,
      ...(ok ? {} : { miss: `over by ${secs(w.endToEnd.processMs - opts.endToEndMs)} s` }),
    });
  }
  return checks;
}

/**
 * The ceiling the scoring floor puts on the floor ratio: with reports free and all `cores` busy, outputs → scores
 * takes at least parseScore / cores, so beval can be at most floor / that as fast as the parse floor.
 */
export function scoringCeiling(w: WorkloadResult, cores: number): number | undefined {
  return w.parseScore ? w.floor.workMs / (w.parseScore.loopMs / cores) : undefined;
}

/**
 * The ratio beval score's own work allows: all of its CPU time spread perfectly over `cores` would still take
 * cpuMs / cores, so the floor ratio cannot beat floor / that without doing less work (whatever the threading).
 */
export function cpuBoundLimit(w: WorkloadResult, cores: number): number | undefined {
  return w.score.cpuMs ? w.floor.workMs / (w.score.cpuMs / cores) : undefined;
}

const pct = (r: number | undefined): string => (r === undefined ? '-' : `${(r * 100).toFixed(0)}%`);

export function stageLines(results: readonly WorkloadResult[], cores: number): string {
  const rows = results.flatMap((w) => {
    const ceiling = scoringCeiling(w, cores);
    if (!w.parseScore || ceiling === undefined) return [];
    return [[
      w.name,
      secs(w.floor.workMs),
      secs(w.parseScore.loopMs),
      secs(w.parseScore.loopMs - w.floor.workMs),
      pct(ceiling),
      secs(w.score.workMs),
      secs(w.score.workMs - w.parseScore.loopMs / cores),
      w.score.cpuMs === undefined ? '-' : secs(w.score.cpuMs),
      pct(cpuBoundLimit(w, cores)),
    ]];
  });
  if (!rows.length) return '  (no workload measured the scoring floor)';
  const head = ['workload', 'parse floor s', 'parse+score s', 'scorers s', `ceiling on ${cores} cores`, 'beval score s', 'beyond ceiling s', 'beval CPU s', `CPU limit on ${cores} cores`];
  return `${pad([head, ...rows])}
"ceiling": the best floor ratio any outputs → reports path could reach with these scorers if the reports cost nothing
and parsing and scoring split perfectly over ${cores} cores; "beyond ceiling": the rest of beval score's time (reports, cells, threads, suite).
"CPU limit": the best floor ratio beval score's measured CPU time (all threads) allows if spread perfectly over ${cores} cores:
what better threading alone could reach; past it, only less work helps.`;
}

/**
 * The floor ratio of beval score's work up to the reports (suite load, parse + join + score, summary): what the
 * throughput would be if writing the five reports cost nothing, so a budget on "outputs → scores" can be judged.
 */
export function scoresOnlyRatio(w: WorkloadResult): number | undefined {
  if (!w.phases) return undefined;
  return w.floor.workMs / (w.phases.suite + w.phases.scoring + w.phases.summary);
}

export function phaseLines(results: readonly WorkloadResult[]): string {
  const rows = results.flatMap((w) => {
    const p = w.phases;
    if (!p) return [];
    const total = p.suite + p.scoring + p.summary + p.reports;
    return [[w.name, secs(p.suite), secs(p.scoring), secs(p.summary), secs(p.reports), `${((p.reports / total) * 100).toFixed(0)}%`, pct(scoresOnlyRatio(w)), pct(floorRatio(w))]];
  });
  if (!rows.length) return '  (no workload recorded its phases)';
  const head = ['workload', 'suite s', 'parse+score s', 'summary s', 'reports s', 'reports share', 'vs floor without reports', 'vs floor'];
  return `${pad([head, ...rows])}
"suite": config, suite load and scorer set-up; "parse+score": reading, parsing, joining and scoring every output on the
scoring threads (with the cell side files the reports read back); "reports": the five report files.`;
}
