// A batch (or realtime) output line after parsing at the boundary: the only shape scoring sees.

export type StopReason =
  | 'end_turn'
  | 'tool_use'
  | 'max_tokens'
  | 'stop_sequence'
  | 'guardrail_intervened'
  | 'content_filtered'
  | 'malformed_model_output'
  | 'malformed_tool_use'
  | 'model_context_window_exceeded'
  | (string & {});

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** The model answered: `modelOutput` was present. */
export interface OkOutput {
  ok: true;
  recordId: string;
  /** All text blocks of the assistant message joined with "" (reasoning excluded). */
  text: string;
  /** Reasoning text, if the model produced reasoning blocks. */
  reasoning?: string;
  stopReason: StopReason;
  usage: TokenUsage;
  latencyMs?: number;
}

/** Bedrock wrote an `error` in place of `modelOutput` (a per-record model error). */
export interface ErrorOutput {
  ok: false;
  recordId: string;
  errorCode: number | string;
  errorMessage: string;
}

export type ParsedOutput = OkOutput | ErrorOutput;

/**
 * stopReasons of a reply the model did not give: a content filter or a guardrail stopped it (bedrock-batch.md,
 * "Filtered replies"). Scoring it would measure the safety filter, not the model's answers: its status is `filtered`.
 */
export const FILTERED_STOP_REASONS: ReadonlySet<string> = new Set(['content_filtered', 'guardrail_intervened']);
