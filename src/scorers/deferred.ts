// Scorers that cannot run inline in the scoring loop: async custom functions, out-of-process scorers and the
// embedding-similarity scorer. They are run
// before scoring (src/score/deferred-scores.ts), under a concurrency limit with a per-call timeout.
import type { Score, ScoreInput, ScoreKind } from '../types/scorer.ts';

/** Limits shared by every deferred scorer. */
export interface DeferredLimits {
  /** Calls in flight at once. @default 8 */
  concurrency?: number;
  /** Per call; a call over it leaves the record unscored with the reason. @default 30000 */
  timeoutMs?: number;
}

/** A custom scorer whose `score` returns a Promise (calls a model, runs generated code, …). */
export interface AsyncCustomScorer extends DeferredLimits {
  name: string;
  /** @default 'continuous' */
  kind?: ScoreKind;
  async: true;
  score: (input: ScoreInput) => Promise<Score | { value: number | null; pass?: boolean; reason?: string }>;
}

/**
 * A scorer in another process, started once per scoring and fed JSON lines on stdin (docs/scorers.md#out-of-process-scorers):
 * `{"id":1,"recordId":…,"model":…,"output":{"text":…,"stopReason":…},"expected":…,"record":{…}}` in, `{"id":1,"value":…,"pass":…,"reason":…}` out.
 */
export interface ProcessScorer extends DeferredLimits {
  name: string;
  /** @default 'continuous' */
  kind?: ScoreKind;
  /** Program and arguments, e.g. `['python3', 'scorers/python/numeric_scorer.py']` (paths relative to the config file's folder). */
  command: string[];
}

/**
 * Cosine similarity between the output and the expected answer (best over several), embedded by a Bedrock embedding
 * model through the run's realtime client (InvokeModel, Amazon Titan Text Embeddings V2 request shape).
 */
export interface EmbeddingScorer extends DeferredLimits {
  name: string;
  /** The embedding model, e.g. 'amazon.titan-embed-text-v2:0'; the emulator serves 'beval.embed-v1'. */
  embedding: string;
  /** Vector size. @default 1024 */
  dimensions?: 256 | 512 | 1024;
  /** Also give pass/fail: pass when similarity ≥ threshold. */
  threshold?: number;
}

export type DeferredScorer = AsyncCustomScorer | ProcessScorer | EmbeddingScorer;

export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_TIMEOUT_MS = 30_000;

export function isProcessScorer(spec: unknown): spec is ProcessScorer {
  return typeof spec === 'object' && spec !== null && !Array.isArray(spec) && Array.isArray((spec as { command?: unknown }).command);
}

export function isAsyncCustom(spec: unknown): spec is AsyncCustomScorer {
  return typeof spec === 'object' && spec !== null && (spec as { async?: unknown }).async === true && typeof (spec as { score?: unknown }).score === 'function';
}

export function isEmbeddingScorer(spec: unknown): spec is EmbeddingScorer {
  return typeof spec === 'object' && spec !== null && !Array.isArray(spec) && typeof (spec as { embedding?: unknown }).embedding === 'string';
}

export function isDeferred(spec: unknown): spec is DeferredScorer {
  return isProcessScorer(spec) || isAsyncCustom(spec) || isEmbeddingScorer(spec);
}

/** Checks the shape of a deferred spec; returns a problem (for `scorers[i]`) or undefined. */
export function deferredProblem(spec: DeferredScorer): string | undefined {
  if (typeof spec.name !== 'string' || spec.name === '') return 'needs a non-empty string "name"';
  if (!isEmbeddingScorer(spec) && spec.kind !== undefined && spec.kind !== 'binary' && spec.kind !== 'continuous') return '"kind" must be \'binary\' or \'continuous\'';
  if (isEmbeddingScorer(spec)) {
    if (spec.embedding === '') return '"embedding" must name an embedding model, like \'amazon.titan-embed-text-v2:0\'';
    if (spec.dimensions !== undefined && ![256, 512, 1024].includes(spec.dimensions)) return '"dimensions" must be 256, 512 or 1024';
    if (spec.threshold !== undefined && (typeof spec.threshold !== 'number' || !Number.isFinite(spec.threshold))) return '"threshold" must be a number';
  }
  if (isProcessScorer(spec) && (spec.command.length === 0 || spec.command.some((c) => typeof c !== 'string' || c === ''))) return '"command" must be a non-empty list of strings, like [\'python3\', \'scorer.py\']';
  if (spec.concurrency !== undefined && (!Number.isInteger(spec.concurrency) || spec.concurrency < 1)) return '"concurrency" must be an integer from 1 and up';
  if (spec.timeoutMs !== undefined && (typeof spec.timeoutMs !== 'number' || !(spec.timeoutMs > 0))) return '"timeoutMs" must be a positive number of milliseconds';
  const known = isProcessScorer(spec) ? ['name', 'kind', 'command', 'concurrency', 'timeoutMs']
    : isEmbeddingScorer(spec) ? ['name', 'embedding', 'dimensions', 'threshold', 'concurrency', 'timeoutMs']
      : ['name', 'kind', 'async', 'score', 'concurrency', 'timeoutMs'];
  const extra = Object.keys(spec).filter((k) => !known.includes(k));
  if (extra.length) return `unknown field(s) ${extra.map((k) => JSON.stringify(k)).join(', ')}; known: ${known.join(', ')}`;
  return undefined;
}
