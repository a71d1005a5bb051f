// Builds judge requests (Converse batch records) from a record and the output(s) being judged; content-addressed keys.
import { createHash } from 'node:crypto';
import type { SuiteRecord } from '../types/suite.ts';
import { promptText } from '../suite/batch-line.ts';
import type { VerdictShape } from './parse-verdict.ts';
import { SCALE_TEXT, renderTemplate } from './templates.ts';
import type { ResolvedJudge } from '../types/judge.ts';

/** Pairwise order: `ab` shows the candidate as A and the baseline as B; `ba` the other way round. */
export type PairOrder = 'ab' | 'ba';

/** One judge request: the Converse body, its cache key, and what it judges (the map back to record, model, order). */
export interface JudgeRequest {
  /** sha256 of [judge model, template id, modelInput]: the verdict cache key. */
  key: string;
  /** Bedrock-safe record id derived from the key (11 characters, [a-z0-9]). */
  recordId: string;
  judge: string;
  judgeModel: string;
  shape: VerdictShape;
  modelInput: { messages: { role: 'user'; content: { text: string }[] }[]; inferenceConfig: { maxTokens: number; temperature: number } };
}

/** What a request was built for, stored in the run's judge map so every judge recordId maps back. */
export interface JudgeTarget {
  recordIndex: number;
  suiteRecordId: string;
  modelKey: string;
  order?: PairOrder;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * 11 base-36 characters (≈57 bits) of a hex digest: within the ≤11 alphanumeric ids known to work on Bedrock
 * (bedrock-batch.md §3), and collision-free in practice for any run size.
 */
export function bedrockRecordId(hexKey: string, salt = ''): string {
  const hex = salt ? sha256(`${hexKey}|${salt}`) : hexKey;
  return BigInt(`0x${hex.slice(0, 16)}`).toString(36).padStart(11, '0').slice(-11);
}

function referenceText(record: SuiteRecord): string | undefined {
  if (record.expected === undefined) return undefined;
  return Array.isArray(record.expected) ? record.expected.join('\n(or, equally acceptable) ') : record.expected;
}

function build(judge: ResolvedJudge, shape: VerdictShape, values: Record<string, string | undefined>): JudgeRequest {
  const text = renderTemplate(judge.template.text, values);
  const modelInput = { messages: [{ role: 'user' as const, content: [{ text }] }], inferenceConfig: { maxTokens: judge.maxTokens, temperature: 0 } };
  const key = sha256(JSON.stringify([judge.model, judge.template.id, modelInput]));
  return { key, recordId: bedrockRecordId(key), judge: judge.name, judgeModel: judge.model, shape, modelInput };
}

/**
 * The request grading one output (rubric, reference), or a reason why none is made (a reference judge on a
 * record without `expected`).
 */
export function gradeRequest(judge: ResolvedJudge, record: SuiteRecord, response: string): JudgeRequest | { skip: string } {
  const reference = referenceText(record);
  if (judge.kind === 'reference' && reference === undefined) return { skip: 'The record has no expected answer to compare with.' };
  return build(judge, 'grade', {
    question: promptText(record.modelInput),
    response,
    rubric: judge.rubric,
    scale: SCALE_TEXT[judge.scale],
    reference: judge.kind === 'reference' ? reference : undefined,
  });
}

/** The request comparing a candidate's output with the baseline's, in one order. */
export function pairRequest(judge: ResolvedJudge, record: SuiteRecord, candidate: string, baseline: string, order: PairOrder): JudgeRequest {
  return build(judge, 'preference', {
    question: promptText(record.modelInput),
    reference: referenceText(record),
    rubric: judge.rubric,
    response_a: order === 'ab' ? candidate : baseline,
    response_b: order === 'ab' ? baseline : candidate,
  });
}

/** Turns a preference in one order into the candidate's result: win, tie or loss. */
export function candidateResult(winner: 'A' | 'B' | 'tie', order: PairOrder): 'win' | 'tie' | 'loss' {
  if (winner === 'tie') return 'tie';
  const candidateIs = order === 'ab' ? 'A' : 'B';
  return winner === candidateIs ? 'win' : 'loss';
}
