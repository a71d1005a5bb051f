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
