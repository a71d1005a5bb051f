// Issue #21's budgets as checks: each a ratio or a limit measured in the same bench run, PASS/MISS and by how much
// (pure functions, unit-tested in test/bench/budgets.test.ts).
import { mebibytes, rangeText, seconds, type Spread } from './stats.ts';
import type { BudgetCheck } from './table.ts';

export type { BudgetCheck } from './table.ts';

/** One timed process: wall clock from spawn to exit; CPU time (user + system, all threads) and peak RSS when known. */
export interface ProcSample {
  wallMs: number;
  cpuMs?: number;
  maxRssBytes?: number;
}

/** A measurement's runs summarised (medians with ranges). */
export interface Measured {
  wall: Spread;
  cpu?: Spread;
  rss?: Spread;
}

const ratioText = (r: number): string => `${r.toFixed(2)}×`;

/**
 * `subject` at most `limit` × `base`'s median wall time. The miss says how much faster the subject must get, in
 * seconds and as a factor.
 */
export function atMostTimes(name: string, subject: Measured, base: Measured, limit: number, what: { subject: string; base: string }, cores?: number): BudgetCheck {
  const ratio = subject.wall.median / base.wall.median;
  const ok = ratio <= limit;
  const allowed = limit * base.wall.median;
  const cpu = subject.cpu && base.cpu ? `; CPU ${rangeText(subject.cpu, seconds)} vs ${rangeText(base.cpu, seconds)}` : '';
  return {
    name, limit: `≤ ${ratioText(limit)} ${what.base}`, ok,
    measured: `${ratioText(ratio)}: ${what.subject} ${rangeText(subject.wall, seconds)} vs ${what.base} ${rangeText(base.wall, seconds)}${cpu}`,
    ...(ok ? {} : { miss: `over by ${ratioText(ratio - limit)} (${seconds(subject.wall.median - allowed)}); needs ${(ratio / limit).toFixed(2)}× its speed${cpuFloorNote(subject, cores, allowed)}` }),
  };
}

/**
 * For a wall-time miss: whether the process's own CPU time already rules the budget out on this machine. CPU time
 * over the cores is the shortest wall time any schedule of the same work could reach; when that is above the budget,
 * more parallelism cannot meet it, only less work can (docs/performance.md).
 */
export function cpuFloorNote(subject: Measured, cores: number | undefined, allowedMs: number): string {
  if (!subject.cpu || !cores) return '';
  const floor = subject.cpu.median / cores;
  if (floor <= allowedMs) return `; its CPU over ${cores} cores allows ${seconds(floor)}, so better overlap could still meet it`;
  // Wall time above the floor is time a core sat idle: when it is large, less CPU alone would not be enough either.
  const idle = subject.wall.median - floor;
  const alsoIdle = idle > 0.1 * floor ? `, and ${seconds(idle)} of its wall time leaves a core idle` : '';
  return `; its CPU ${seconds(subject.cpu.median)} over ${cores} cores is ${seconds(floor)} at best, so no overlap meets it: it needs at least ${seconds(subject.cpu.median - allowedMs * cores)} less CPU${alsoIdle}`;
}

/** Throughput at least `limit` (a share) of the floor's on the same bytes: floor time / subject time. */
export function atLeastShareOfFloor(name: string, subject: Measured, floor: Measured, limit: number): BudgetCheck {
  const share = floor.wall.median / subject.wall.median;
  const ok = share >= limit;
  const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;
  return {
    name, limit: `≥ ${pct(limit)} of the parse floor's throughput`, ok,
    measured: `${pct(share)}: ${rangeText(subject.wall, seconds)} vs parse floor ${rangeText(floor.wall, seconds)}`,
    ...(ok ? {} : { miss: `short by ${((limit - share) * 100).toFixed(0)} points (${seconds(subject.wall.median - floor.wall.median / limit)} too slow); needs ${(limit / share).toFixed(2)}× its speed` }),
  };
}

/** A median under (or at most) an absolute limit; `format` prints values of the measured unit. */
export function underLimit(name: string, value: Spread, limit: number, format: (x: number) => string, strict = false, floorNote: (allowed: number) => string = () => ''): BudgetCheck {
  const ok = strict ? value.median < limit : value.median <= limit;
  return {
    name, limit: `${strict ? '<' : '≤'} ${format(limit)}`, measured: rangeText(value, format), ok,
    ...(ok ? {} : { miss: `over by ${format(value.median - limit)} (${((value.median / limit - 1) * 100).toFixed(0)}%)${floorNote(limit)}` }),
  };
}

/** The curve is flat within `limit` when its highest median is at most `limit` × its lowest. */
export function flatWithin(name: string, points: { label: string; value: Spread }[], limit: number): BudgetCheck {
  const medians = points.map((p) => p.value.median);
  const lo = Math.min(...medians);
  const hi = Math.max(...medians);
  const ratio = hi / lo;
  const ok = ratio <= limit;
  return {
    name, limit: `highest ≤ ${ratioText(limit)} lowest`, ok,
    measured: `${ratioText(ratio)}: ${points.map((p) => `${p.label} ${rangeText(p.value, mebibytes)}`).join(', ')}`,
    ...(ok ? {} : { miss: `over by ${ratioText(ratio - limit)}: the highest point needs ${mebibytes(hi - limit * lo)} less` }),
  };
}

export function measured(samples: readonly ProcSample[], spreadOf: (xs: number[]) => Spread): Measured {
  const cpu = samples.flatMap((s) => (s.cpuMs === undefined ? [] : [s.cpuMs]));
  const rss = samples.flatMap((s) => (s.maxRssBytes === undefined ? [] : [s.maxRssBytes]));
  return {
    wall: spreadOf(samples.map((s) => s.wallMs)),
    ...(cpu.length === samples.length ? { cpu: spreadOf(cpu) } : {}),
    ...(rss.length === samples.length ? { rss: spreadOf(rss) } : {}),
  };
}
