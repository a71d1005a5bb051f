// Judge tokens and cost before submission: every judge request the configured run could need, none assumed cached.
import type { ResolvedConfig, ResolvedModel } from '../types/config.ts';
import type { Suite } from '../suite/load-suite.ts';
import { promptText } from '../suite/batch-line.ts';
import { approxTokens, LIKELY_OUTPUT_TOKENS, maxOutputTokens } from './tokens.ts';
import { costUsd, priceFor } from './cost.ts';

/** Assumed length of a judge's reply when estimating the likely cost (a verdict and one or two sentences). */
export const LIKELY_VERDICT_TOKENS = 80;

export interface JudgeEstimate {
  name: string;
  model: string;
  /** Requests if nothing is cached: one per record × model (grading) or two per record × candidate (pairwise). */
  requests: number;
  /** Input tokens with each judged answer LIKELY_OUTPUT_TOKENS long (or its maxTokens if lower); see paddedTo. */
  inputTokens: number;
  /** Input tokens with each judged answer as long as its model may write for the record (its merged maxTokens). */
  inputTokensMax: number;
  outputTokensLikely: number;
  outputTokensMax: number;
  /**
   * How the judge stage sends these requests: `realtime` (runtime Converse, on-demand price) when `judge.belowMinimum`
   * is 'realtime' and the judge model's requests (all judges on one model share its jobs) are below
   * `quotas.minRecordsPerJob`, as src/judge/judge-stage.ts decides; `batch` otherwise.
   */
  mode: 'batch' | 'realtime';
  /**
   * Set when `judge.belowMinimum` is 'pad' and the judge model's requests are below `quotas.minRecordsPerJob`: the
   * stage repeats them up to this many and Bedrock bills the copies, so tokens and cost above include them (likely:
   * × minimum / requests; max: × ceil(minimum / requests), the most copies of any one request).
   */
  paddedTo?: number;
  /** USD at the price of `mode`; undefined when the judge model has no known price. */
  costLikely?: number;
  costMax?: number;
}

/**
 * Input per request ≈ the template + the record's prompt + the judged answer(s). Answers do not exist yet: the likely
 * figure assumes each is LIKELY_OUTPUT_TOKENS long (or its maxTokens if lower), the max that each is as long as its
 * model may write for the record (maxOutputTokens, as the generation upper bound). Verdicts already cached cost
 * nothing, so the max is an upper bound.
 */
export function estimateJudges(config: ResolvedConfig, suite: Suite): JudgeEstimate[] {
  const baseline = config.models.find((m) => m.key === config.baseline) ?? config.models[0]!;
  const rows = (config.judges ?? []).map((judge) => {
    const template = approxTokens(judge.template.text) + approxTokens(judge.rubric);
    let requests = 0, inputTokens = 0, inputTokensMax = 0;
    for (const r of suite.records) {
      if (judge.kind === 'reference' && r.expected === undefined) continue;
      const prompt = approxTokens(promptText(r.modelInput)) + (r.expected === undefined ? 0 : approxTokens(String(r.expected)));
      const max = (m: ResolvedModel) => maxOutputTokens(r, m);
      const likely = (m: ResolvedModel) => Math.min(max(m), LIKELY_OUTPUT_TOKENS);
      // Grading: one request per model reading its answer. Pairwise: two per candidate (both orders), each reading
      // the candidate's answer and the baseline's.
      const pairs: ResolvedModel[][] = judge.kind === 'pairwise'
        ? config.models.filter((m) => m !== baseline).flatMap((m) => [[m, baseline], [m, baseline]])
        : config.models.map((m) => [m]);
      for (const read of pairs) {
        requests += 1;
        inputTokens += template + prompt + read.reduce((a, m) => a + likely(m), 0);
        inputTokensMax += template + prompt + read.reduce((a, m) => a + max(m), 0);
      }
    }
    return { judge, requests, inputTokens, inputTokensMax };
  });
  // The stage groups pending requests by judge model and sends a group below the batch minimum through realtime.
  const perModel = new Map<string, number>();
  for (const { judge, requests } of rows) perModel.set(judge.model, (perModel.get(judge.model) ?? 0) + requests);
  const min = config.quotas.minRecordsPerJob;
  return rows.map(({ judge, requests, inputTokens, inputTokensMax }): JudgeEstimate => {
    const onModel = perModel.get(judge.model)!;
    const below = onModel > 0 && onModel < min;
    const mode = config.judgeStage?.belowMinimum === 'realtime' && below ? 'realtime' : 'batch';
    // 'pad' cycles through the model's requests (in key order) until the job has `min` lines: on average each is sent
    // min/onModel times, and none more than ceil(min/onModel) times, whichever ones the last partial cycle repeats.
    const padded = config.judgeStage?.belowMinimum === 'pad' && below;
    const likelyCopies = padded ? min / onModel : 1;
    const maxCopies = padded ? Math.ceil(min / onModel) : 1;
    const inLikely = Math.ceil(inputTokens * likelyCopies);
    const inMax = inputTokensMax * maxCopies;
    const likely = Math.ceil(requests * Math.min(judge.maxTokens, LIKELY_VERDICT_TOKENS) * likelyCopies);
    const max = requests * judge.maxTokens * maxCopies;
    const price = priceFor(judge.model, judge.pricing);
    return {
      name: judge.name, model: judge.model, requests, inputTokens: inLikely, inputTokensMax: inMax, outputTokensLikely: likely, outputTokensMax: max, mode,
      ...(padded ? { paddedTo: min } : {}),
      ...(price ? { costLikely: costUsd(price, inLikely, likely, mode), costMax: costUsd(price, inMax, max, mode) } : {}),
    };
  });
}
