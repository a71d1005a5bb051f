// Which per-record reports each report thread writes: the chosen reports shared between two threads so that both
// finish at about the same time (longest first, each to the less loaded thread). Grouping by whether a report shows
// prompts left scores.csv, results.json and results.parquet on one thread, 0.5 s behind the other at GSM8K 10k × 4
// (docs/performance.md). The reports that show prompts stay together: they share reading prompts and output texts back.
// Any grouping writes the same bytes: each report is written whole by one thread.
import { REPORTERS, type ReporterName } from './reporters.ts';

/** A report's estimated CPU time for a run of `metrics` metrics, per record × model (REPORTERS[name].cost). */
export function reportCost(name: ReporterName, metrics: number): number {
  const r = REPORTERS[name];
  if (r.kind !== 'rows') return 0;
  return r.cost.perCell + r.cost.perScore * metrics;
}

/** The reports split into at most `threads` non-empty groups of about equal cost, each group's reports in `names` order. */
export function reportThreadGroups(names: readonly ReporterName[], metrics: number, threads = 2): ReporterName[][] {
  const showPrompts = (n: ReporterName): boolean => REPORTERS[n].kind === 'rows' && REPORTERS[n].prompts;
  const units = [names.filter(showPrompts), ...names.filter((n) => !showPrompts(n)).map((n) => [n])].filter((u) => u.length);
  const cost = (unit: ReporterName[]): number => unit.reduce((sum, n) => sum + reportCost(n, metrics), 0);
  const groups: { names: ReporterName[]; cost: number }[] = Array.from({ length: threads }, () => ({ names: [], cost: 0 }));
  for (const unit of units.sort((a, b) => cost(b) - cost(a))) {
    const least = groups.reduce((a, b) => (b.cost < a.cost ? b : a));
    least.names.push(...unit);
    least.cost += cost(unit);
  }
  return groups.filter((g) => g.names.length).map((g) => names.filter((n) => g.names.includes(n)));
}
