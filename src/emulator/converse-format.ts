// Serialises a model result as real Bedrock does: null-filled union members in batch files, clean JSON on the runtime path.
import type { ConverseResult } from './record-processor.ts';

/** Every ContentBlock union member, in the order real batch files list them. */
const CONTENT_BLOCK_KEYS = ['audio', 'cachePoint', 'citationsContent', 'document', 'guardContent', 'image', 'reasoningContent', 'searchResult', 'text', 'toolResult', 'toolUse', 'video'] as const;

function nullFilledBlock(member: 'text' | 'reasoningContent', value: unknown): Record<string, unknown> {
  const block: Record<string, unknown> = {};
  for (const key of CONTENT_BLOCK_KEYS) block[key] = key === member ? value : null;
  return block;
}

/** `modelOutput` of a batch output line (spec §4.3: all union members present, unused ones null). */
export function batchModelOutput(result: ConverseResult): Record<string, unknown> {
  const content: Array<Record<string, unknown>> = [];
  if (result.reasoning !== undefined) content.push(nullFilledBlock('reasoningContent', { reasoningText: { signature: null, text: result.reasoning } }));
  if (result.text !== '' || content.length === 0) content.push(nullFilledBlock('text', result.text));
  return {
    output: { message: { role: 'assistant', content } },
    stopReason: result.stopReason,
    usage: {
      serverToolUsage: { webSearchRequests: null },
      cacheReadInputTokens: null,
      cacheWriteInputTokens: null,
      cacheReadInputTokenCount: null,
      cacheWriteInputTokenCount: null,
      cacheDetails: null,
      inputTokens: result.inputTokens,
      outputTokens: result.outputTokens,
      totalTokens: result.inputTokens + result.outputTokens,
    },
  };
}

/** A runtime Converse response body: only the members in use, plus `metrics.latencyMs`. */
export function runtimeConverseResponse(result: ConverseResult, latencyMs: number): Record<string, unknown> {
  const content: Array<Record<string, unknown>> = [];
  if (result.reasoning !== undefined) content.push({ reasoningContent: { reasoningText: { text: result.reasoning } } });
  if (result.text !== '' || content.length === 0) content.push({ text: result.text });
  return {
    output: { message: { role: 'assistant', content } },
    stopReason: result.stopReason,
    usage: { inputTokens: result.inputTokens, outputTokens: result.outputTokens, totalTokens: result.inputTokens + result.outputTokens },
    metrics: { latencyMs },
  };
}
