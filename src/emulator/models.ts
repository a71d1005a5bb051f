// The built-in deterministic models, one typed table keyed by Bedrock-style model id.
import { formatNumber, solvePrompt, type Solution } from './arithmetic.ts';
import { judgeReply } from './judge.ts';
import { hash32, hashUnit } from './random.ts';

/** What a model sees of a record. */
export interface ModelRequest {
  /** The `text` of all content blocks of all `user` messages, joined with "\n". */
  prompt: string;
  /** The `text` of all system blocks joined with "\n" (the built-in models ignore it). */
  system: string;
  /** `inferenceConfig.maxTokens`, or the model's default when absent. */
  maxTokens: number;
}

/** A model's answer before the emulator applies maxTokens truncation and formats it as a Converse response. */
export interface ModelAnswer {
  ok: true;
  text: string;
  /** Emitted as a `reasoningContent` block before the text block. */
  reasoning?: string;
  /** Set by replay: use the recorded stopReason/token counts as they are, without truncation. */
  recorded?: { stopReason?: string; inputTokens?: number; outputTokens?: number };
}

/** A per-record model error: becomes an `error` line in batch output or an exception on the runtime path. */
export interface ModelFailure {
  ok: false;
  errorCode: number;
  errorMessage: string;
}

export type ModelReply = ModelAnswer | ModelFailure;

export interface EmulatorModel {
  description: string;
  /** Requests with a larger `maxTokens` fail per record with a 400, like real Bedrock model ceilings. */
  maxTokensCeiling: number;
  /** Used when the record sets no `inferenceConfig.maxTokens`. */
  defaultMaxTokens: number;
  respond(request: ModelRequest): ModelReply;
}

const NO_PROBLEM = 'I could not find a calculation in the prompt.\nAnswer: unknown';

function shortAnswer(solution: Solution, value: number): string {
  return `${solution.expression} = ${formatNumber(value)}\nAnswer: ${formatNumber(value)}`;
}

/** Deterministic wrong answer: off by 1–9 in a direction chosen by the prompt hash. */
function wrongValue(prompt: string, value: number): number {
  const h = hash32(prompt, 'arith-wrong');
  const delta = 1 + (h % 9);
  return h & 0x100 ? value + delta : value - delta;
}

const FLAKY_ERRORS: ReadonlyArray<{ errorCode: number; errorMessage: string }> = [
  { errorCode: 400, errorMessage: 'Malformed input request: the model rejected the request body, please reformat your input and try again.' },
  { errorCode: 424, errorMessage: 'The model returned an error: upstream model invocation failed (ModelErrorException).' },
  { errorCode: 429, errorMessage: 'Too many requests, please wait before trying again. The record was throttled and not retried within the batch.' },
];

export const EMULATOR_MODELS = {
  'beval.arith-v1': {
    description: 'Solves the arithmetic in the prompt and answers in two lines; deterministically wrong (off by 1–9) on ~25% of prompts, chosen by a hash of the prompt.',
    maxTokensCeiling: 4096,
    defaultMaxTokens: 1024,
    respond({ prompt }) {
      const solution = solvePrompt(prompt);
      if (!solution) return { ok: true, text: NO_PROBLEM };
      const wrong = hashUnit(prompt, 'arith-wrong-v1') < 0.25;
      return { ok: true, text: shortAnswer(solution, wrong ? wrongValue(prompt, solution.value) : solution.value) };
    },
  },
  'beval.flaky-v1': {
    description: 'Answers correctly, but fails ~15% of prompts (by hash) with a per-record error: 400 malformed input, 424 model error or 429 throttled.',
    maxTokensCeiling: 4096,
    defaultMaxTokens: 1024,
    respond({ prompt }) {
      if (hashUnit(prompt, 'flaky') < 0.15) {
        const failure = FLAKY_ERRORS[hash32(prompt, 'flaky-kind') % FLAKY_ERRORS.length] ?? FLAKY_ERRORS[0];
        return { ok: false, errorCode: failure?.errorCode ?? 400, errorMessage: failure?.errorMessage ?? 'error' };
      }
      const solution = solvePrompt(prompt);
      return { ok: true, text: solution ? shortAnswer(solution, solution.value) : NO_PROBLEM };
    },
  },
  'beval.verbose-v1': {
    description: 'Always correct, but thinks first (a reasoningContent block) and writes a long explanation ending in the answer line, so small maxTokens truncate it (stopReason max_tokens).',
    maxTokensCeiling: 8192,
    defaultMaxTokens: 2048,
    respond({ prompt }) {
      const solution = solvePrompt(prompt);
      if (!solution) return { ok: true, reasoning: 'No arithmetic found in the prompt.', text: NO_PROBLEM };
      const value = formatNumber(solution.value);
      return {
        ok: true,
        reasoning: `The user wants ${solution.expression}. Working it out carefully gives ${value}.`,
        text: [
          "Let's solve this step by step.",
          'First, I read the problem carefully and identify the quantities and the operations involved.',
          `The calculation to perform is ${solution.expression}.`,
          `Applying the usual order of operations, the result is ${value}.`,
          'Double-checking the arithmetic once more gives the same result, so I am confident in it.',
          `Answer: ${value}`,
        ].join('\n'),
      };
    },
  },
  'beval.judge-v1': {
    description: 'A deterministic judge: grades <response> against <reference> (or the arithmetic of <question>) with JSON {"verdict","score","reason"}; prefers one of <response_a>/<response_b> with tagged <reason>/<winner>; replies unparseable prose when the prompt holds [[judge:garble]].',
    maxTokensCeiling: 4096,
    defaultMaxTokens: 1024,
    respond({ prompt }) {
      return { ok: true, text: judgeReply(prompt) };
    },
  },
} satisfies Record<string, EmulatorModel>;

export type EmulatorModelId = keyof typeof EMULATOR_MODELS;

export function builtInModel(modelId: string): EmulatorModel | undefined {
  return Object.hasOwn(EMULATOR_MODELS, modelId) ? (EMULATOR_MODELS as Record<string, EmulatorModel>)[modelId] : undefined;
}
