// Turns one Converse request body (a batch record's modelInput or a runtime request) into a model result, with AWS's per-record checks.
import type { EmulatorModel, ModelFailure } from './models.ts';

/** A successful model call, independent of how it is serialised (batch line vs runtime response). */
export interface ConverseResult {
  ok: true;
  reasoning?: string;
  text: string;
  stopReason: string;
  inputTokens: number;
  outputTokens: number;
}

export type ProcessResult = ConverseResult | ModelFailure;

const SURROGATE_PAIR = /[\ud800-\udbff][\udc00-\udfff]/g;

/**
 * Token estimate used everywhere in the emulator: ceil(characters / 4), at least 1. Characters are code points (what
 * Array.from(text).length gives), counted without building that array: UTF-16 units less one per surrogate pair.
 */
export function countTokens(text: string): number {
  const pairs = text.match(SURROGATE_PAIR)?.length ?? 0;
  return Math.max(1, Math.ceil((text.length - pairs) / 4));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (errorCode: number, errorMessage: string): ModelFailure => ({ ok: false, errorCode, errorMessage });

function blockTexts(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return [];
  return blocks.flatMap((b) => (isObject(b) && typeof b.text === 'string' ? [b.text] : []));
}

/**
 * Applies the checks Bedrock makes per record, asks the model, then enforces maxTokens.
 * `mode: 'batch'` adds the batch-only rules (no `modelId`, no `toolConfig` in modelInput).
 */
export function processModelInput(modelInput: unknown, model: EmulatorModel, mode: 'batch' | 'runtime'): ProcessResult {
  if (!isObject(modelInput)) return fail(400, 'Malformed input request: modelInput must be a JSON object.');
  if (mode === 'batch' && 'modelId' in modelInput) return fail(400, 'Malformed input request: #/modelId: Extra inputs are not permitted');
  if (mode === 'batch' && 'toolConfig' in modelInput) {
    return fail(400, 'Tool use (toolConfig) is not supported for batch inference jobs with the Converse invocation type.');
  }
  const messages = modelInput.messages;
  if (!Array.isArray(messages) || messages.length === 0) return fail(400, 'Malformed input request: #/messages: expected a non-empty array of messages.');
  for (const [i, m] of messages.entries()) {
    if (!isObject(m) || (m.role !== 'user' && m.role !== 'assistant') || !Array.isArray(m.content)) {
      return fail(400, `Malformed input request: #/messages/${i}: each message needs role "user" or "assistant" and a content array.`);
    }
  }
  const config = modelInput.inferenceConfig;
  const rangeProblem = checkRanges(config);
  if (rangeProblem) return fail(400, rangeProblem);
  const conversationProblem = checkConversation(messages as Array<{ role: string; content: unknown[] }>);
  if (conversationProblem) return fail(400, conversationProblem);
  const requestProblem = checkRequestRules(modelInput);
  if (requestProblem) return fail(400, requestProblem);
  const rawMax = isObject(config) ? config.maxTokens : undefined;
  if (rawMax !== undefined && (typeof rawMax !== 'number' || !Number.isInteger(rawMax) || rawMax < 1)) {
    return fail(400, 'Malformed input request: #/inferenceConfig/maxTokens: must be an integer of at least 1.');
  }
  if (rawMax !== undefined && rawMax > model.maxTokensCeiling) {
    return fail(400, `The maximum tokens you requested exceeds the model limit of ${model.maxTokensCeiling}. Try again with a maximum tokens value that is lower than ${model.maxTokensCeiling}.`);
  }
  const maxTokens = rawMax ?? model.defaultMaxTokens;
  const userTexts = messages.flatMap((m) => (isObject(m) && m.role === 'user' ? blockTexts(m.content) : []));
  const allTexts = messages.flatMap((m) => (isObject(m) ? blockTexts(m.content) : []));
  const system = blockTexts(modelInput.system).join('\n');
  const reply = model.respond({ prompt: userTexts.join('\n'), system, maxTokens });
  if (!reply.ok) return reply;
  const inputTokens = reply.recorded?.inputTokens ?? countTokens([system, ...allTexts].filter((t) => t !== '').join('\n'));
  if (reply.recorded) {
    const outputTokens = reply.recorded.outputTokens ?? countTokens(reply.text);
    return { ok: true, text: reply.text, stopReason: reply.recorded.stopReason ?? 'end_turn', inputTokens, outputTokens };
  }
  return truncate({ reasoning: reply.reasoning, text: reply.text, inputTokens, maxTokens });
}

const INT32_MAX = 2_147_483_647;
const SYSTEM_BLOCKS = new Set(['text', 'guardContent', 'cachePoint']);

/**
 * Request rules Converse applies before any model runs (the ones beval's suite check refuses in advance): maxTokens is
 * a 32-bit integer, stopSequences are non-empty, system blocks are text, guardContent or cachePoint, and toolUse /
 * toolResult blocks need a toolConfig (which a batch record cannot carry).
 */
function checkRequestRules(modelInput: Record<string, unknown>): string | undefined {
  if (nestingDepth(modelInput) > MAX_NESTING) return `Malformed input request: the request is nested more than ${MAX_NESTING} levels deep.`;
  const config = modelInput.inferenceConfig;
  if (isObject(config)) {
    if (typeof config.maxTokens === 'number' && config.maxTokens > INT32_MAX) {
      return `1 validation error detected: Value '${config.maxTokens}' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value less than or equal to ${INT32_MAX}`;
    }
    if (Array.isArray(config.stopSequences) && config.stopSequences.some((s) => s === '')) {
      return "1 validation error detected: Value at 'inferenceConfig.stopSequences' failed to satisfy constraint: Member must have length greater than or equal to 1";
    }
  }
  if (Array.isArray(modelInput.system)) {
    for (const [i, block] of modelInput.system.entries()) {
      const kind = isObject(block) ? Object.keys(block)[0] : undefined;
      if (kind !== undefined && !SYSTEM_BLOCKS.has(kind)) return `Malformed input request: #/system/${i}: ${kind} is not a valid system content block (text, guardContent or cachePoint).`;
    }
  }
  if (!('toolConfig' in modelInput) && Array.isArray(modelInput.messages)) {
    for (const m of modelInput.messages) {
      if (isObject(m) && Array.isArray(m.content) && m.content.some((b) => isObject(b) && ('toolUse' in b || 'toolResult' in b))) {
        return 'The toolConfig field must be defined when using toolUse and toolResult content blocks.';
      }
    }
  }
  return undefined;
}

/** The nesting limit the emulator assumes for Bedrock's JSON parser (Jackson's default; unconfirmed for Bedrock). */
const MAX_NESTING = 1000;

/** How many objects and arrays deep a value nests (the value itself is level 1); iterative, for hostile inputs. */
function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    deepest = Math.max(deepest, depth);
    for (const c of Object.values(v)) stack.push([c, depth + 1]);
  }
  return deepest;
}

/** Converse's model constraints on `temperature` and `topP` (0–1), in the service's validation-error wording. */
function checkRanges(config: unknown): string | undefined {
  if (!isObject(config)) return undefined;
  for (const name of ['temperature', 'topP'] as const) {
    const v = config[name];
    if (typeof v !== 'number') continue;
    const bound = v > 1 ? 'less than or equal to 1' : v < 0 ? 'greater than or equal to 0' : undefined;
    if (bound) return `1 validation error detected: Value '${v}' at 'inferenceConfig.${name}' failed to satisfy constraint: Member must have value ${bound}`;
  }
  return undefined;
}

/**
 * The conversation rules Converse enforces before the model runs, with the messages Bedrock answers (as reported in
 * public issues): starts with user, roles alternate, no empty content, no empty text. Whitespace-only text is let
 * through: reports disagree on whether Bedrock calls it blank.
 */
function checkConversation(messages: Array<{ role: string; content: unknown[] }>): string | undefined {
  if (messages[0]?.role !== 'user') return 'A conversation must start with a user message. Try again with a conversation that starts with a user message.';
  for (const [i, m] of messages.entries()) {
    if (i > 0 && m.role === messages[i - 1]?.role) {
      return 'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.';
    }
    if (m.content.length === 0) return `The content field in the Message object at messages.${i} is empty. Add a ContentBlock object to the content field and try again.`;
    for (const [j, block] of m.content.entries()) {
      // A content block is a union structure: `null` or a scalar is not one (it used to pass as an empty prompt).
      if (!isObject(block)) return `Malformed input request: messages.${i}.content.${j}: expected a ContentBlock object, found ${block === null ? 'null' : Array.isArray(block) ? 'an array' : typeof block}.`;
      if (isObject(block) && block.text === '') return `The text field in the ContentBlock object at messages.${i}.content.${j} is blank. Add text to the text field, and try again.`;
    }
  }
  return undefined;
}

/** Cuts reasoning + text to maxTokens × 4 characters (reasoning is generated first, so it is kept first). */
function truncate(args: { reasoning?: string; text: string; inputTokens: number; maxTokens: number }): ConverseResult {
  const reasoning = Array.from(args.reasoning ?? '');
  const text = Array.from(args.text);
  const budget = args.maxTokens * 4;
  const base = { ok: true as const, inputTokens: args.inputTokens };
  if (reasoning.length + text.length <= budget) {
    return { ...base, reasoning: args.reasoning, text: args.text, stopReason: 'end_turn', outputTokens: countTokens(args.reasoning ? args.reasoning + args.text : args.text) };
  }
  const keptReasoning = reasoning.slice(0, budget).join('');
  const keptText = text.slice(0, Math.max(0, budget - reasoning.length)).join('');
  return { ...base, reasoning: args.reasoning === undefined ? undefined : keptReasoning, text: keptText, stopReason: 'max_tokens', outputTokens: args.maxTokens };
}
