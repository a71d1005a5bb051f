// The scoring floor: parse, join and score every output line on one thread, with no cells and no reports.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { readLines } from '../src/outputs/read-lines.ts';
import { parseOutputLine } from '../src/outputs/parse-line.ts';
import { loadLeanSuite } from '../src/score/lean-suite.ts';
import { buildMetricSet } from '../src/score/metric-set.ts';
import type { ScorerSpec } from '../src/scorers/catalogue.ts';

/** What the scoring floor did: lines scored and the time of the parse + join + score loop alone. */
export interface ParseScoreResult {
  scored: number;
  loopMs: number;
}

/**
 * The least any outputs → scores path must do: what the parse floor does plus finding each record and running the
 * scorers. The suite load and scorer set-up are not timed; the loop is, on one thread, with the code `beval score` runs.
 */
export async function parseAndScore(files: readonly string[], runDir: string, specs: ScorerSpec[]): Promise<ParseScoreResult> {
  const suite = loadLeanSuite(path.join(runDir, 'suite.jsonl'));
  const metricSet = buildMetricSet(specs, suite);
  let scored = 0;
  let sink = 0;
  const start = performance.now();
  for (const file of files) {
    for await (const [, line] of readLines(file)) {
      const parsed = parseOutputLine(line);
      if (parsed.kind !== 'output' || !parsed.output.ok) continue;
      const index = suite.index.get(parsed.output.recordId);
      if (index === undefined) continue;
      const scores = metricSet.scoreAll(index, { record: suite.records[index]!, output: parsed.output, modelKey: file });
      // Touch the results so the work cannot be optimised away.
      sink += scores.length;
      scored++;
    }
  }
  const loopMs = performance.now() - start;
  if (sink < 0) throw new Error('unreachable');
  return { scored, loopMs };
}
