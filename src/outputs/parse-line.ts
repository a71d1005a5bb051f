// Parses one batch output line at the boundary into a ParsedOutput, tolerating real Bedrock quirks.
import type { ParsedOutput } from '../types/outputs.ts';

export type LineResult =
  | { kind: 'output'; output: ParsedOutput }
  | { kind: 'malformed'; reason: string; recordId?: string };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/**
 * Real batch files write every content-block union member with null for the unused ones, so a block's kind is
 * decided by which member holds a value, never by which keys exist (bedrock-batch.md §4.3).
 */
function collectText(content: unknown): { text: string; reasoning: string } {
  let text = '';
  let reasoning = '';
  if (!Array.isArray(content)) return { text, reasoning };
  for (const block of content) {
    if (!isObject(block)) continue;
    if (typeof block.text === 'string') text += block.text;
    const rc = block.reasoningContent;
    if (isObject(rc) && isObject(rc.reasoningText) && typeof rc.reasoningText.text === 'string') reasoning += rc.reasoningText.text;
  }
  return { text, reasoning };
}

export function parseOutputLine(line: string): LineResult {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (e) {
    return { kind: 'malformed', reason: `not valid JSON (${(e as Error).message})` };
  }
  if (!isObject(v)) return { kind: 'malformed', reason: 'not a JSON object' };
  const recordId = v.recordId;
  if (typeof recordId !== 'string' || recordId === '') return { kind: 'malformed', reason: 'no recordId' };
  if (isObject(v.error)) {
    const code = v.error.errorCode;
    return {
      kind: 'output',
      output: {
        ok: false,
        recordId,
        errorCode: typeof code === 'number' || typeof code === 'string' ? code : 'unknown',
        errorMessage: typeof v.error.errorMessage === 'string' ? v.error.errorMessage : '',
      },
    };
  }
  const mo = v.modelOutput;
  if (!isObject(mo)) return { kind: 'malformed', reason: 'neither modelOutput nor error', recordId };
  const message = isObject(mo.output) ? mo.output.message : undefined;
  if (!isObject(message)) return { kind: 'malformed', reason: 'modelOutput.output.message missing', recordId };
  const { text, reasoning } = collectText(message.content);
  const usage = isObject(mo.usage) ? mo.usage : {};
  const latency = isObject(mo.metrics) ? mo.metrics.latencyMs : undefined;
  return {
    kind: 'output',
    output: {
      ok: true,
      recordId,
      text,
      ...(reasoning ? { reasoning } : {}),
      stopReason: typeof mo.stopReason === 'string' ? mo.stopReason : 'unknown',
      usage: { inputTokens: num(usage.inputTokens), outputTokens: num(usage.outputTokens) },
      ...(typeof latency === 'number' ? { latencyMs: latency } : {}),
    },
  };
}
