// Judge tokens and cost before submission: every judge request the configured run could need, none assumed cached.
import type { ResolvedConfig } from '../config/types.ts';
import type { Suite } from '../suite/load-suite.ts';
import { promptText } from '../suite/batch-line.ts';
import { approxTokens, LIKELY_OUTPUT_TOKENS } from '../pricing/estimate.ts';
import { costUsd, priceFor } from '../pricing/cost.ts';

/** Assumed length of a judge's reply when estimating the likely cost (a verdict and one or two sentences). */
export const LIKELY_VERDICT_TOKENS = 80;

export interface JudgeEstimate {
  name: string;
  model: string;
  /** Requests if nothing is cached: one per record × model (grading) or two per record × candidate (pairwise). */
  requests: number;
  inputTokens: number;
  outputTokensLikely: number;
  outputTokensMax: number;
  /**
   * How the judge stage sends these requests: `realtime` (runtime Converse, on-demand price) when `judge.belowMinimum`
   * is 'realtime' and the judge model's requests (all judges on one model share its jobs) are below
   * `quotas.minRecordsPerJob`, as src/judge/judge-stage.ts decides; `batch` otherwise.
   */
  mode: 'batch' | 'realtime';
  /** USD at the price of `mode`; undefined when the judge model has no known price. */
  costLikely?: number;
  costMax?: number;
}

/**
 * Input per request ≈ the template + the record's prompt + the judged answer(s), each answer assumed
 * LIKELY_OUTPUT_TOKENS long (answers do not exist yet). Verdicts already cached cost nothing, so this is an upper bound.
 */
export function estimateJudges(config: ResolvedConfig, suite: Suite): JudgeEstimate[] {
  const models = config.models.length;
  const rows = (config.judges ?? []).map((judge) => {
    const template = approxTokens(judge.template.text) + approxTokens(judge.rubric);
    let requests = 0, inputTokens = 0;
    for (const r of suite.records) {
      if (judge.kind === 'reference' && r.expected === undefined) continue;
      const prompt = approxTokens(promptText(r.modelInput)) + (r.expected === undefined ? 0 : approxTokens(String(r.expected)));
      const n = judge.kind === 'pairwise' ? 2 * (models - 1) : models;
      const answers = judge.kind === 'pairwise' ? 2 : 1;
      requests += n;
      inputTokens += n * (template + prompt + answers * LIKELY_OUTPUT_TOKENS);
    }
    return { judge, requests, inputTokens };
  });
  // The stage groups pending requests by judge model and sends a group below the batch minimum through realtime.
  const perModel = new Map<string, number>();
  for (const { judge, requests } of rows) perModel.set(judge.model, (perModel.get(judge.model) ?? 0) + requests);
  return rows.map(({ judge, requests, inputTokens }): JudgeEstimate => {
    const likely = requests * Math.min(judge.maxTokens, LIKELY_VERDICT_TOKENS);
    const max = requests * judge.maxTokens;
    const mode = config.judgeStage?.belowMinimum === 'realtime' && perModel.get(judge.model)! < config.quotas.minRecordsPerJob ? 'realtime' : 'batch';
    const price = priceFor(judge.model, judge.pricing);
    return {
      name: judge.name, model: judge.model, requests, inputTokens, outputTokensLikely: likely, outputTokensMax: max, mode,
      ...(price ? { costLikely: costUsd(price, inputTokens, likely, mode), costMax: costUsd(price, inputTokens, max, mode) } : {}),
    };
  });
}
