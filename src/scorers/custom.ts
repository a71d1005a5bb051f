// Wraps a custom scorer function from eval.config.ts so a throw or a malformed result becomes an unscored record.
import type { Score, ScoreInput, ScoreKind, Scorer } from '../types/scorer.ts';

/** A custom scorer written as a function in eval.config.ts. Must be synchronous. */
export interface CustomScorer {
  name: string;
  /** @default 'continuous' unless every result has `pass` — declare it to be sure. */
  kind?: ScoreKind;
  score: (input: ScoreInput) => Score | { value: number | null; pass?: boolean; reason?: string };
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Check a custom scorer's return value at the boundary. */
export function toScore(r: unknown): Score {
  if (typeof r !== 'object' || r === null) return { value: null, reason: `scorer returned ${JSON.stringify(r) ?? String(r)}, expected { value, pass?, reason? }` };
  if (typeof (r as { then?: unknown }).then === 'function') {
    return { value: null, reason: 'scorer returned a Promise; give the scorer `async: true` to have it awaited (docs/scorers.md#async-and-out-of-process-scorers)' };
  }
  const o = r as Record<string, unknown>;
  const value = o.value;
  if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) {
    return { value: null, reason: `scorer returned value ${JSON.stringify(value) ?? String(value)}, expected a finite number or null` };
  }
  const reason = typeof o.reason === 'string' ? o.reason : '';
  if (o.pass !== undefined && typeof o.pass !== 'boolean') return { value: null, reason: 'scorer returned a non-boolean pass' };
  return o.pass === undefined ? { value, reason } : { value, pass: o.pass, reason };
}

/** Build a Scorer from a custom function; a thrown error becomes `{ value: null, reason: 'scorer threw: …' }`. */
export function wrapCustom(custom: CustomScorer): Scorer {
  return {
    name: custom.name,
    kind: custom.kind ?? 'continuous',
    score(input) {
      try {
        return toScore(custom.score(input));
      } catch (e) {
        return { value: null, reason: `scorer threw: ${errorMessage(e)}` };
      }
    },
  };
}
