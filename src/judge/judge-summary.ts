// The judge part of a run summary: tokens and cost apart from generation, verdict provenance, pairwise win/tie/loss.
import type { Ledger } from '../run/ledger.ts';
import type { ResolvedConfig } from '../types/config.ts';
import type { JudgeTotals, MetricInfo, ModelInfo, PairwiseSummary } from '../types/results.ts';
import { wilson } from '../stats/index.ts';
import { costUsd, billingPrice } from '../pricing/cost.ts';
import { STATUS, type ModelTable } from '../score/model-table.ts';
import type { Suite } from '../suite/load-suite.ts';
import type { ResolvedJudge } from '../types/judge.ts';
import { readStageCounts, type JudgeOutputs } from './judge-files.ts';

export interface JudgeSummaryInput {
  dir: string;
  ledger: Ledger;
  config: ResolvedConfig;
  models: ModelInfo[];
  metrics: MetricInfo[];
  tables: ModelTable[];
  /** The suite the run was scored with: a reference judge skips records without `expected`. */
  suite: Pick<Suite, 'records'>;
  /** The run's judge outputs, as the judge scorers read them. */
  outputs: JudgeOutputs;
}

function rate(k: number, n: number): { rate: number; ci: ReturnType<typeof wilson> } | null {
  return n ? { rate: k / n, ci: wilson(k, n) } : null;
}

function pairwiseOf(input: JudgeSummaryInput, metric: string, j: number): PairwiseSummary[] {
  const baseline = input.config.baseline;
  return input.models.flatMap((m, k): PairwiseSummary[] => {
    if (m.key === baseline) return [];
    const values = input.tables[k]!.values[j]!;
    let wins = 0, ties = 0, losses = 0;
    for (const v of values) {
      if (v === 1) wins++;
      else if (v === 0.5) ties++;
      else if (v === 0) losses++;
    }
    const n = wins + ties + losses;
    return [{ metric, baseline, candidate: m.key, judged: n, wins, ties, losses, winRate: rate(wins, n), tieRate: rate(ties, n), lossRate: rate(losses, n) }];
  });
}

/**
 * Whether a judge is meant to score record `i` of model `k`: a reference judge skips records without `expected`, a
 * pairwise judge skips the baseline itself and records the baseline has no answer for (as the scorers and
 * src/judge/run-requests.ts do). Those cells are not applicable, so they are never counted as unscored.
 */
function applicability(input: JudgeSummaryInput): (judge: ResolvedJudge, k: number, i: number) => boolean {
  const baseline = input.config.baseline;
  const baseTable = input.tables[input.models.findIndex((m) => m.key === baseline)];
  return (judge, k, i) => {
    if (judge.kind === 'reference') return input.suite.records[i]?.expected !== undefined;
    if (judge.kind === 'pairwise') return input.models[k]?.key !== baseline && baseTable?.status[i] === STATUS.ok;
    return true;
  };
}

/** Undefined when the run has no judges. Reads the run's judge outputs (for billed tokens) and judge/stage.json. */
export async function summariseJudges(input: JudgeSummaryInput): Promise<JudgeTotals | undefined> {
  const judges = input.config.judges ?? [];
  if (!judges.length) return undefined;
  const { outputs } = input;
  let inputTokens = 0, outputTokens = 0;
  let cost: number | undefined = 0;
  for (const u of outputs.usage) {
    inputTokens += u.inputTokens;
    outputTokens += u.outputTokens;
    const price = billingPrice(u.judgeModel, judges.find((j) => j.model === u.judgeModel)?.pricing, u.mode);
    cost = price && cost !== undefined ? cost + costUsd(price, u.inputTokens, u.outputTokens, u.mode) : undefined;
  }
  const applies = applicability(input);
  let unscored = 0;
  const pairwise: PairwiseSummary[] = [];
  for (const judge of judges) {
    const j = input.metrics.findIndex((m) => m.name === judge.name);
    if (j < 0) continue;
    input.tables.forEach((t, k) => {
      for (let i = 0; i < t.status.length; i++) if (t.status[i] === STATUS.ok && Number.isNaN(t.values[j]![i]!) && applies(judge, k, i)) unscored++;
    });
    if (judge.kind === 'pairwise') pairwise.push(...pairwiseOf(input, judge.name, j));
  }
  const counts = readStageCounts(input.dir);
  return {
    inputTokens, outputTokens, ...(cost !== undefined ? { cost } : {}),
    cachedVerdicts: counts?.cached ?? 0,
    freshVerdicts: counts?.submitted ?? 0,
    unscored,
    ...(counts?.skipped ? { skipped: counts.skipped } : {}),
    ...(outputs.padded ? { padded: outputs.padded } : {}),
    ...(pairwise.length ? { pairwise } : {}),
  };
}
