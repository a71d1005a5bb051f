// Checks one suite line against the Converse batch record shape and beval's harness-only fields.
import type { Problem } from '../errors.ts';
import type { AssertionSpec, ConverseInput, SuiteRecord } from '../types/suite.ts';
import { checkMediaBlock } from './media-blocks.ts';
import { checkAssertion } from './check-assertion.ts';
import { isObject, setMembers, tooDeep } from './json-shape.ts';
import { didYouMean } from '../did-you-mean.ts';

const INFERENCE_KEYS = ['maxTokens', 'temperature', 'topP', 'stopSequences'];
/** Converse's `maxTokens` is a 32-bit integer in the service model. */
const INT32_MAX = 2_147_483_647;
/** What Converse takes in `system`: SystemContentBlock's members beval can send. */
const SYSTEM_BLOCK_KINDS = new Set(['text', 'guardContent', 'cachePoint']);
/**
 * Request fields and block kinds whose support in batch jobs nobody has confirmed: a warning, not a refusal (the
 * smoke test, docs/aws-smoke-test.md, is how to find out).
 */
const UNCONFIRMED_FIELDS = ['serviceTier', 'performanceConfig', 'guardrailConfig', 'promptVariables'];

/**
 * How deep a modelInput may nest objects and arrays. Bedrock documents no limit; 1,000 is the default of Jackson
 * (StreamReadConstraints), the JSON parser AWS's Java services are commonly built on, so a deeper record would most
 * likely fail with a 400 after the job queued. Unconfirmed: docs/aws-smoke-test.md.
 */
export const MAX_NESTING = 1000;

/** Record ids Bedrock has been seen to accept: letters, digits, '-' and '_', at most 64 characters. */
export const RECORD_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

const SUITE_KEYS = new Set(['recordId', 'modelInput', 'expected', 'tags', 'meta', 'assert']);
// ConverseRequest members minus the URI member modelId (bedrock-batch.md §3).
const MODEL_INPUT_KEYS = new Set([
  'messages', 'system', 'inferenceConfig', 'toolConfig', 'guardrailConfig', 'additionalModelRequestFields',
  'promptVariables', 'additionalModelResponseFieldPaths', 'requestMetadata', 'performanceConfig', 'serviceTier', 'outputConfig',
]);
const BLOCK_KINDS = new Set([
  'text', 'image', 'document', 'video', 'audio', 'reasoningContent', 'cachePoint', 'guardContent', 'toolUse', 'toolResult', 'citationsContent', 'searchResult',
]);

/** Content blocks of a message or a system prompt; also run over a model's `system` in eval.config.ts (config/resolve.ts). */
export function checkBlocks(blocks: unknown, field: string, report: (field: string, message: string) => void): void {
  if (!Array.isArray(blocks) || blocks.length === 0) return report(field, 'expected a non-empty array of content blocks like [{"text": "…"}]');
  blocks.forEach((b, i) => {
    const f = `${field}[${i}]`;
    if (!isObject(b)) return report(f, 'expected a content block object');
    const kinds = setMembers(b);
    if (kinds.length !== 1) return report(f, `a content block has exactly one member (text, image, document, …); found ${kinds.length ? kinds.join(', ') : 'none'}`);
    const kind = kinds[0]!;
    if (!BLOCK_KINDS.has(kind)) return report(`${f}.${kind}`, `unknown content block type; expected one of ${[...BLOCK_KINDS].join(', ')}`);
    if (kind === 'text' && typeof b.text !== 'string') report(`${f}.text`, 'expected a string');
    if (kind === 'text' && b.text === '') report(`${f}.text`, 'Converse rejects empty text blocks');
    checkMediaBlock(kind, b[kind], `${f}.${kind}`, report);
  });
}

/** Reports under `modelInput.inferenceConfig`; config/resolve.ts reuses it for a model's `inferenceConfig`, renaming the fields. */
export function checkInferenceConfig(ic: unknown, report: (field: string, message: string) => void): void {
  if (ic === undefined) return;
  const f = 'modelInput.inferenceConfig';
  if (!isObject(ic)) return report(f, 'expected an object');
  if (ic.maxTokens !== undefined && (!Number.isInteger(ic.maxTokens) || (ic.maxTokens as number) < 1)) report(`${f}.maxTokens`, 'expected an integer ≥ 1');
  else if (typeof ic.maxTokens === 'number' && ic.maxTokens > INT32_MAX) report(`${f}.maxTokens`, `${ic.maxTokens} is outside the service's 32-bit integer range (at most ${INT32_MAX}); Bedrock fails the record with a 400`);
  for (const k of ['temperature', 'topP'] as const) {
    const v = ic[k];
    if (v !== undefined && (typeof v !== 'number' || v < 0 || v > 1)) report(`${f}.${k}`, 'expected a number from 0 to 1');
  }
  if (ic.stopSequences !== undefined && (!Array.isArray(ic.stopSequences) || !ic.stopSequences.every((s) => typeof s === 'string'))) {
    report(`${f}.stopSequences`, 'expected an array of strings');
  } else if (Array.isArray(ic.stopSequences) && ic.stopSequences.includes('')) {
    report(`${f}.stopSequences`, 'an empty string is not a stop sequence (Bedrock fails the record with a 400)');
  }
  for (const k of Object.keys(ic)) {
    if (!INFERENCE_KEYS.includes(k)) report(`${f}.${k}`, `unknown field${didYouMean(k, INFERENCE_KEYS)}; model-specific parameters go in modelInput.additionalModelRequestFields`);
  }
}

function checkModelInput(mi: unknown, report: (field: string, message: string) => void): void {
  if (!isObject(mi)) return report('modelInput', 'expected an object: the Converse request body without modelId');
  const deep = tooDeep(mi, MAX_NESTING, 'modelInput');
  if (deep) return report(deep.length > 120 ? `${deep.slice(0, 120)}…` : deep, `nested more than ${MAX_NESTING} objects and arrays deep; the service's JSON parser is expected to refuse it (Bedrock fails the record with a 400)`);
  if ('modelId' in mi) report('modelInput.modelId', 'must not be inside modelInput: the job sets the model (Bedrock fails such records with "Extra inputs are not permitted")');
  if ('toolConfig' in mi) report('modelInput.toolConfig', 'tool use is not supported by Converse batch jobs (records with toolConfig fail with a 400 error)');
  for (const k of Object.keys(mi)) {
    if (k !== 'modelId' && !MODEL_INPUT_KEYS.has(k)) report(`modelInput.${k}`, `not a Converse request field; expected one of ${[...MODEL_INPUT_KEYS].join(', ')}`);
  }
  const messages = mi.messages;
  if (!Array.isArray(messages) || messages.length === 0) return report('modelInput.messages', 'expected a non-empty array of messages');
  let previous: unknown;
  messages.forEach((m, i) => {
    const f = `modelInput.messages[${i}]`;
    if (!isObject(m)) return report(f, 'expected a message object { role, content }');
    if (m.role !== 'user' && m.role !== 'assistant') report(`${f}.role`, `expected "user" or "assistant", got ${JSON.stringify(m.role)}`);
    else if (i === 0 && m.role !== 'user') report(`${f}.role`, 'the first message must be from the user');
    else if (m.role === previous) report(`${f}.role`, 'roles must alternate between user and assistant');
    previous = m.role;
    checkBlocks(m.content, `${f}.content`, report);
  });
  if (mi.system !== undefined) {
    checkBlocks(mi.system, 'modelInput.system', report);
    if (Array.isArray(mi.system)) mi.system.forEach((b, i) => {
      const kind = isObject(b) ? setMembers(b)[0] : undefined;
      if (kind !== undefined && !SYSTEM_BLOCK_KINDS.has(kind)) report(`modelInput.system[${i}].${kind}`, 'a system prompt takes only text, guardContent or cachePoint blocks (Bedrock fails the record with a 400)');
    });
  }
  if (!('toolConfig' in mi) && Array.isArray(messages)) messages.forEach((m, i) => {
    if (!isObject(m) || !Array.isArray(m.content)) return;
    m.content.forEach((b, j) => {
      const kind = isObject(b) ? setMembers(b)[0] : undefined;
      if (kind === 'toolUse' || kind === 'toolResult') report(`modelInput.messages[${i}].content[${j}].${kind}`, `${kind} blocks need a toolConfig, which batch records cannot carry (Bedrock fails the record with a 400)`);
    });
  });
  checkInferenceConfig(mi.inferenceConfig, report);
  if (mi.additionalModelRequestFields !== undefined && !isObject(mi.additionalModelRequestFields)) report('modelInput.additionalModelRequestFields', 'expected an object');
}

function checkHarnessFields(obj: Record<string, unknown>, report: (field: string, message: string) => void): void {
  const { expected, tags, meta } = obj;
  if (expected !== undefined && typeof expected !== 'string' && typeof expected !== 'number' && !(Array.isArray(expected) && expected.every((e) => typeof e === 'string'))) {
    report('expected', 'expected a string, a number, or an array of acceptable answers');
  }
  if (tags !== undefined && (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string' && t !== ''))) report('tags', 'expected an array of non-empty strings');
  if (meta !== undefined && !isObject(meta)) report('meta', 'expected an object');
  if (obj.assert !== undefined) {
    if (!Array.isArray(obj.assert)) report('assert', 'expected an array like [{ "type": "contains", "value": "Paris" }]');
    else obj.assert.forEach((a, i) => checkAssertion(a, `assert[${i}]`, report));
  }
  for (const k of Object.keys(obj)) {
    if (!SUITE_KEYS.has(k)) report(k, `unknown field${didYouMean(k, SUITE_KEYS)}; a suite line has ${[...SUITE_KEYS].join(', ')}`);
  }
}

/** The unconfirmed request fields and cachePoint blocks a record uses (field paths without indexes, for grouping). */
function unconfirmedFields(mi: unknown): string[] {
  if (!isObject(mi)) return [];
  const found = UNCONFIRMED_FIELDS.filter((k) => k in mi).map((k) => `modelInput.${k}`);
  const blocks = [...(Array.isArray(mi.system) ? mi.system : []), ...(Array.isArray(mi.messages) ? mi.messages.flatMap((m) => (isObject(m) && Array.isArray(m.content) ? m.content : [])) : [])];
  if (blocks.some((b) => isObject(b) && 'cachePoint' in b)) found.push('cachePoint blocks');
  return found;
}

/** Parses and validates one non-empty line. Returns the record, or the problems found (never throws). */
export function validateRecord(text: string, line: number, file: string): { record?: SuiteRecord; recordId?: string; problems: Problem[]; unconfirmed?: string[] } {
  const problems: Problem[] = [];
  const report = (field: string, message: string) => problems.push({ file, line, field, message });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    report('(line)', `not valid JSON: ${(e as Error).message}`);
    return { problems };
  }
  if (!isObject(parsed)) {
    report('(line)', 'expected a JSON object { "recordId", "modelInput", … }');
    return { problems };
  }
  if (parsed.recordId === undefined) report('recordId', 'required: a string id unique within the suite');
  else if (typeof parsed.recordId !== 'string') report('recordId', `expected a string, got ${JSON.stringify(parsed.recordId)}; write it in quotes`);
  else if (!RECORD_ID.test(parsed.recordId)) report('recordId', `${JSON.stringify(parsed.recordId)} is not Bedrock-safe: use 1–64 letters, digits, '-' or '_', starting with a letter or digit`);
  checkModelInput(parsed.modelInput, report);
  checkHarnessFields(parsed, report);
  // The id is returned even when the line has other problems, so duplicates are reported in the same pass.
  if (problems.length) return { problems, ...(typeof parsed.recordId === 'string' ? { recordId: parsed.recordId } : {}) };
  const unconfirmed = unconfirmedFields(parsed.modelInput);
  return { record: recordOf(parsed, line), problems, ...(unconfirmed.length ? { unconfirmed } : {}) };
}

/** The record a line that passed validation stands for. */
function recordOf(parsed: Record<string, unknown>, line: number): SuiteRecord {
  const expected = parsed.expected;
  const record: SuiteRecord = {
    recordId: parsed.recordId as string,
    modelInput: parsed.modelInput as ConverseInput,
    tags: (parsed.tags as string[] | undefined) ?? [],
    line,
  };
  if (expected !== undefined) record.expected = typeof expected === 'number' ? String(expected) : (expected as string | string[]);
  if (parsed.meta !== undefined) record.meta = parsed.meta as Record<string, unknown>;
  if (parsed.assert !== undefined) record.assert = parsed.assert as AssertionSpec[];
  return record;
}

/**
 * The record of a line already validated once (a run's copy of its suite, read back): parsed without the field
 * checks, which were a third of loading a 50k-record suite. Undefined when it is not even an object with a string
 * recordId and an object modelInput; callers then validate it to say what is wrong.
 */
export function validatedRecord(text: string, line: number): SuiteRecord | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(parsed) || typeof parsed.recordId !== 'string' || !isObject(parsed.modelInput)) return undefined;
  return recordOf(parsed, line);
}
