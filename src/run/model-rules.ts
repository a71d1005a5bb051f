// Per-record refusals that depend on the model, known before anything is paid for: each would come back as a 400 line
// for every such record of a job that still ends Completed, after hours in the queue. Checked at plan time (`run`,
// `submit`), refused unless --yes, because the rule tables are beval's knowledge of AWS, not AWS's promise.
import type { ResolvedConfig } from '../types/config.ts';
import { baseModelId } from '../pricing/cost.ts';
import { outputTokenLimit } from '../pricing/output-limits.ts';
import type { Suite } from '../suite/load-suite.ts';
import { mergeModelInput } from '../suite/batch-line.ts';

/**
 * Claude 4.5 models (and Sonnet 4.6) take `temperature` or `topP`, not both: "temperature and top_p cannot both be
 * specified for this model" (bedrock-batch.md §6: 500 of 500 records failed in one batch job).
 */
const ONE_OF_TEMPERATURE_TOP_P = /^anthropic\.claude-(sonnet|haiku|opus)-4-(5|6)(-|$)/;

/** At most this many records are named per model and rule; the rest are counted. */
const SHOWN = 3;

/** One line per model and rule (`file:line` of the first records), or none. */
export function modelRuleProblems(config: Pick<ResolvedConfig, 'models'>, suite: Suite): string[] {
  const lines: string[] = [];
  for (const model of config.models) {
    const limit = outputTokenLimit(model.id);
    const oneOf = ONE_OF_TEMPERATURE_TOP_P.test(baseModelId(model.id));
    const over: number[] = [];
    const both: number[] = [];
    for (const r of suite.records) {
      const ic = mergeModelInput(r.modelInput, model).inferenceConfig;
      if (limit !== undefined && typeof ic?.maxTokens === 'number' && ic.maxTokens > limit) over.push(r.line);
      if (oneOf && ic?.temperature !== undefined && ic.topP !== undefined) both.push(r.line);
    }
    const where = (found: number[]) => `${found.slice(0, SHOWN).map((l) => `${suite.path}:${l}`).join(', ')}${found.length > SHOWN ? ` and ${found.length - SHOWN} more` : ''}`;
    if (over.length) lines.push(`${model.label} (${model.id}): ${over.length} record(s) ask for maxTokens above the model's output limit of ${limit} (${where(over)}); Bedrock fails each with a 400. Lower maxTokens (models[].inferenceConfig.maxTokens applies to every record).`);
    if (both.length) lines.push(`${model.label} (${model.id}): ${both.length} record(s) set both temperature and topP (${where(both)}), which this model refuses per record with a 400. Keep one of the two, in the suite or in models[].inferenceConfig.`);
  }
  return lines;
}
