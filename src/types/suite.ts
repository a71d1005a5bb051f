// The suite record: one line of a Converse batch suite plus the harness-only fields.

/** A Converse content block as the suite carries it (text is the only kind beval reads; others pass through). */
export interface ContentBlock {
  text?: string;
  [key: string]: unknown;
}

export interface ConverseMessage {
  role: 'user' | 'assistant';
  content: ContentBlock[];
}

/** The Converse request body without `modelId`: what Bedrock reads as `modelInput` in a batch record. */
export interface ConverseInput {
  messages: ConverseMessage[];
  system?: ContentBlock[];
  inferenceConfig?: {
    maxTokens?: number;
    temperature?: number;
    topP?: number;
    stopSequences?: string[];
  };
  additionalModelRequestFields?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A per-record assertion, promptfoo-style: `{ "type": "contains", "value": "Paris" }`. */
export interface AssertionSpec {
  type: string;
  value?: unknown;
  [option: string]: unknown;
}

/** One parsed, validated suite line. */
export interface SuiteRecord {
  recordId: string;
  modelInput: ConverseInput;
  /** Reference answer (harness-only; never uploaded). Several acceptable answers (e.g. SQuAD golds) as an array. */
  expected?: string | string[];
  /** Slices for breakdowns (harness-only). */
  tags: string[];
  /** Free-form data carried into reports (harness-only). */
  meta?: Record<string, unknown>;
  /** Per-record assertions (harness-only). */
  assert?: AssertionSpec[];
  /** 1-based line number in the suite file. */
  line: number;
}
