// How long one realtime Converse attempt may take: scaled to the most the record lets the model write, because a
// timed-out request is still generated and billed by Bedrock while its answer is thrown away.
import type { ResolvedConfig, ResolvedModel } from '../types/config.ts';
import { outputTokenLimit } from '../pricing/output-limits.ts';

/** Time to first token and overheads before the model writes: the part of the timeout that does not scale. */
export const BASE_TIMEOUT_MS = 30_000;
/** maxTokens assumed for a record without one on a model whose output limit beval does not know. */
const UNKNOWN_LIMIT_TOKENS = 4_096;

/** The most output tokens a record may produce for a model: its maxTokens, else the model's limit. */
export function recordMaxTokens(modelId: string, modelInput: Record<string, unknown>): number {
  const cfg = modelInput.inferenceConfig as { maxTokens?: unknown } | undefined;
  const max = cfg?.maxTokens;
  return typeof max === 'number' && max > 0 ? max : (outputTokenLimit(modelId) ?? UNKNOWN_LIMIT_TOKENS);
}

/** A fixed timeout set in the config (the model's own first), or undefined when the timeout scales with maxTokens. */
export function fixedTimeoutMs(config: ResolvedConfig, model: Pick<ResolvedModel, 'realtimeTimeoutMs'> | undefined): number | undefined {
  return model?.realtimeTimeoutMs ?? config.realtime.timeoutMs;
}

/**
 * Per attempt (the SDK's waits between retries are not counted): a fixed `realtimeTimeoutMs` / `realtime.timeoutMs`
 * when set, else BASE_TIMEOUT_MS + maxTokens × `realtime.msPerOutputToken` (default 50 ms, 20 tokens/s: slow enough
 * for a large model writing its whole budget, so 64K tokens get about 54 minutes).
 */
export function attemptTimeoutMs(config: ResolvedConfig, model: Pick<ResolvedModel, 'realtimeTimeoutMs'> | undefined, modelId: string, modelInput: Record<string, unknown>): number {
  return fixedTimeoutMs(config, model) ?? BASE_TIMEOUT_MS + recordMaxTokens(modelId, modelInput) * config.realtime.msPerOutputToken;
}

/**
 * Plan-time check: records whose maxTokens the model cannot plausibly write within a fixed timeout (at
 * `msPerOutputToken` per token). Scaled timeouts always fit, so only fixed ones are checked. One line per model.
 */
export function timeoutWarnings(config: ResolvedConfig, records: readonly { recordId: string; modelInput: object }[]): string[] {
  const lines: string[] = [];
  for (const model of config.models) {
    const fixed = fixedTimeoutMs(config, model);
    if (fixed === undefined) continue;
    // The model's inferenceConfig is merged over each record's (model's values win), as in the uploaded line.
    const maxOf = (r: { modelInput: object }): number => {
      const own = (r.modelInput as { inferenceConfig?: Record<string, unknown> }).inferenceConfig;
      return recordMaxTokens(model.id, { inferenceConfig: { ...own, ...model.inferenceConfig } });
    };
    const over = records.filter((r) => maxOf(r) * config.realtime.msPerOutputToken > fixed);
    if (!over.length) continue;
    const worst = Math.max(...over.map(maxOf));
    const need = Math.ceil((BASE_TIMEOUT_MS + worst * config.realtime.msPerOutputToken) / 1000);
    lines.push(`${model.label}: ${over.length} record(s) (e.g. ${over[0]!.recordId}) allow up to ${worst} output tokens, which cannot plausibly finish within the fixed realtime timeout of ${fixed < 10_000 ? `${fixed} ms` : `${Math.round(fixed / 1000)} s`} at ${config.realtime.msPerOutputToken} ms per token; a timed-out request is still billed. Raise ${model.realtimeTimeoutMs !== undefined ? `models[].realtimeTimeoutMs` : 'realtime.timeoutMs'} to about ${need} s, or remove it so the timeout scales with maxTokens.`);
  }
  return lines;
}
