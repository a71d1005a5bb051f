// Small helpers shared by scorers: where the reference comes from, result builders, and display quoting.
import type { Score, ScoreInput } from '../types/scorer.ts';

/** The reference answers for a record: the option value when given, else `record.expected`; [] when neither. */
export function references(input: ScoreInput, value: string | string[] | undefined): string[] {
  const v = value ?? input.record.expected;
  if (v === undefined) return [];
  return typeof v === 'string' ? [v] : v;
}

/** The unscored result for a record without a reference (never counted as zero). */
export const NO_EXPECTED: Score = Object.freeze({ value: null, reason: 'no expected answer' });

/** A binary result: value 1/0 plus pass. */
export function binary(pass: boolean, reason: string): Score {
  return { value: pass ? 1 : 0, pass, reason };
}

/** A continuous result; pass is set only when a threshold is configured. */
export function continuous(value: number, reason: string, threshold: number | undefined): Score {
  if (threshold === undefined) return { value, reason };
  const pass = value >= threshold;
  return { value, pass, reason: `${reason} (${pass ? '≥' : '<'} threshold ${threshold})` };
}

/** Quote text for a reason, shortened so reports stay readable. */
export function quote(s: string, max = 80): string {
  const t = s.length > max ? `${s.slice(0, max - 1)}…` : s;
  return JSON.stringify(t);
}

/** Format a number for a reason: up to 4 decimals, no trailing zeros. */
export function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(4)));
}

/** The column name: the `name` option, else `type` or `type:value` for a short single value. */
export function columnName(type: string, name: string | undefined, value?: unknown): string {
  if (name !== undefined) return name;
  if (typeof value === 'string' && value.length > 0 && value.length <= 40) return `${type}:${value}`;
  return type;
}
