// How the per-record reports are shared between the two report threads (src/report/report-threads.ts): pure logic.
// That each grouping writes the same bytes is tested in reporters.test.ts (subsets on worker threads and in one).
import { describe, expect, it } from 'vitest';
import { reportCost, reportThreadGroups } from '../../src/report/report-threads.ts';
import { REPORTER_NAMES, REPORTERS, type ReporterName } from '../../src/report/reporters.ts';

const ROWS = REPORTER_NAMES.filter((n) => REPORTERS[n].kind === 'rows');
const subsets = (xs: readonly ReporterName[]): ReporterName[][] => xs.reduce<ReporterName[][]>((acc, x) => [...acc, ...acc.map((s) => [...s, x])], [[]]).filter((s) => s.length);

describe('reportThreadGroups', () => {
  it('every report is written by exactly one thread, in the order given, and the reports that show prompts share one', () => {
    for (const chosen of subsets(ROWS)) {
      for (const metrics of [1, 3, 8]) {
        const groups = reportThreadGroups(chosen, metrics);
        expect(groups.length).toBeLessThanOrEqual(2);
        expect(groups.flat().sort()).toEqual([...chosen].sort());
        for (const g of groups) expect(g).toEqual(chosen.filter((n) => g.includes(n)));
        const prompts = chosen.filter((n) => REPORTERS[n].kind === 'rows' && REPORTERS[n].prompts);
        expect(groups.filter((g) => g.some((n) => prompts.includes(n))).length).toBeLessThanOrEqual(1);
      }
    }
  });

  it('no move of one report that does not show prompts would make the busier thread less busy', () => {
    for (const chosen of subsets(ROWS)) {
      const groups = reportThreadGroups(chosen, 3);
      if (groups.length < 2) continue;
      const load = (g: ReporterName[]): number => g.reduce((n, r) => n + reportCost(r, 3), 0);
      const busiest = Math.max(...groups.map(load));
      for (const [from, to] of [[0, 1], [1, 0]] as const) {
        for (const r of groups[from]!.filter((n) => REPORTERS[n].kind === 'rows' && !REPORTERS[n].prompts)) {
          const moved = Math.max(load(groups[from]!) - reportCost(r, 3), load(groups[to]!) + reportCost(r, 3));
          expect(moved, `${chosen.join(',')}: moving ${r}`).toBeGreaterThanOrEqual(busiest - 1e-9);
        }
      }
    }
  });

  it('every report at GSM8K scale: results.parquet beside results.json, scores.csv with the prompts thread', () => {
    expect(reportThreadGroups(['records', 'scores', 'results', 'parquet', 'html'], 3)).toEqual([['results', 'parquet'], ['records', 'scores', 'html']]);
    // The five reports keep prompts on one thread, scores.csv and results.json on the other.
    expect(reportThreadGroups(['records', 'scores', 'results', 'html'], 3)).toEqual([['records', 'html'], ['scores', 'results']]);
    // A lone per-record report is one group (write-reports then splits results.json in two halves).
    expect(reportThreadGroups(['results'], 3)).toEqual([['results']]);
  });
});
