// Token counts a run is estimated with: text at a characters-per-token ratio, and the most a record can write.
import type { ResolvedModel } from '../types/config.ts';
import { mergeModelInput } from '../suite/batch-line.ts';
import type { ConverseInput, SuiteRecord } from '../types/suite.ts';
import { outputTokenLimit } from './output-limits.ts';

/** Assumed output length when estimating the likely cost (the upper bound uses each record's maxTokens). */
export const LIKELY_OUTPUT_TOKENS = 256;
/**
 * Assumed maxTokens when a record sets none and the model's output limit is unknown (see OUTPUT_TOKEN_LIMITS). Not a
 * bound: Converse then lets the model write up to its own limit, so the budget check refuses such a run.
 */
export const DEFAULT_MAX_TOKENS = 4096;

/** Characters per token for ASCII text in the input estimate: the usual rule of thumb for English. */
export const CHARS_PER_TOKEN = 4;

/** ASCII characters and other UTF-16 units of a string, added into `acc`. */
function countUnits(text: string, acc: { ascii: number; other: number }): void {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < 0x80) acc.ascii++;
    else acc.other++;
  }
}

/**
 * ASCII at about 4 characters per token (English; real tokenizers vary by ±30%), and one token per other UTF-16 unit:
 * Japanese, Chinese, Korean, Cyrillic and emoji take about one token per character or more, not a quarter of one.
 */
function unitsToTokens(acc: { ascii: number; other: number }): number {
  return Math.ceil(acc.ascii / CHARS_PER_TOKEN) + acc.other;
}

/** Tokens of a text: ASCII at CHARS_PER_TOKEN, one per other UTF-16 unit (see unitsToTokens). */
export function approxTokens(text: string): number {
  const acc = { ascii: 0, other: 0 };
  countUnits(text, acc);
  return unitsToTokens(acc);
}

/** Every string (and number) anywhere inside a value, added into `acc`: object values and array items, not keys. */
function encodedUnits(v: unknown, acc: { ascii: number; other: number }): void {
  if (typeof v === 'string') countUnits(v, acc);
  else if (typeof v === 'number' || typeof v === 'bigint') countUnits(String(v), acc);
  else if (Array.isArray(v)) for (const x of v) encodedUnits(x, acc);
  else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) encodedUnits(x, acc);
}

/**
 * The input the model reads: the text of text blocks, and for every other block (image, document, video, toolUse,
 * toolResult, guardContent, …) every string inside it as encoded in the suite — base64 `bytes` included. Real
 * tokenizers charge images and documents differently (often far less than their base64 size), so counting the
 * encoded size at the text ratio is deliberately on the high side rather than free.
 */
function inputUnits(input: ConverseInput): { ascii: number; other: number } {
  const acc = { ascii: 0, other: 0 };
  const blocks = [...(input.system ?? []), ...input.messages.flatMap((m) => m.content)];
  for (const b of blocks) {
    if (typeof b.text === 'string') countUnits(b.text, acc);
    else encodedUnits(b, acc);
  }
  return acc;
}

/** Input tokens of one request: every block as in inputUnits at unitsToTokens' rates, plus 4 per message. */
export function approxInputTokens(input: ConverseInput): number {
  return unitsToTokens(inputUnits(input)) + 4 * input.messages.length;
}

/** The maxTokens a record is sent to a model with: the model's inferenceConfig.maxTokens, else the record's. */
export function sentMaxTokens(record: SuiteRecord, model: ResolvedModel): number | undefined {
  return mergeModelInput(record.modelInput, model).inferenceConfig?.maxTokens;
}

/**
 * The most a record can write for a model: the maxTokens it is sent with, else the model's output limit (Converse's
 * default when maxTokens is unset), else DEFAULT_MAX_TOKENS (no real bound: see ModelEstimate.withoutMaxTokens).
 * The generation upper bound, and the longest answer a judge can be given.
 */
export function maxOutputTokens(record: SuiteRecord, model: ResolvedModel): number {
  return sentMaxTokens(record, model) ?? outputTokenLimit(model.id) ?? DEFAULT_MAX_TOKENS;
}
