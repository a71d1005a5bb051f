// Validates a scorer's raw options object against a small declared schema, with messages naming the field.
import type { Scorer } from '../types/scorer.ts';
import { ScorerConfigError } from './errors.ts';

/** The option types scorers accept. `text` is a string or an array of strings; `json` is any value. */
export type OptionKind = 'string' | 'boolean' | 'number' | 'text' | 'json' | 'object';

export type OptionSchema = Record<string, OptionKind | readonly string[]>;

type KindType<K> = K extends 'string'
  ? string
  : K extends 'boolean'
    ? boolean
    : K extends 'number'
      ? number
      : K extends 'text'
        ? string | string[]
        : K extends 'object'
          ? Record<string, unknown>
          : K extends readonly (infer E)[]
            ? E
            : unknown;

/** The typed options a schema describes; every field is optional. */
export type Options<S extends OptionSchema> = { [K in keyof S]?: KindType<S[K]> };

/** Options every scorer accepts: `name` overrides the report column name. */
export const COMMON_OPTIONS = { name: 'string' } as const satisfies OptionSchema;

function describe(kind: OptionKind | readonly string[]): string {
  if (typeof kind !== 'string') return `one of ${kind.map((k) => `'${k}'`).join(', ')}`;
  switch (kind) {
    case 'text':
      return 'a string or an array of strings';
    case 'json':
      return 'any JSON value';
    case 'object':
      return 'an object';
    case 'number':
      return 'a finite number';
    default:
      return `a ${kind}`;
  }
}

function matches(kind: OptionKind | readonly string[], v: unknown): boolean {
  if (typeof kind !== 'string') return typeof v === 'string' && kind.includes(v);
  switch (kind) {
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'text':
      return typeof v === 'string' || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string'));
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'json':
      return v !== undefined;
  }
}

/**
 * Check `raw` against `schema` (plus the common options) and return it typed.
 * Throws ScorerConfigError naming `where`, the field, and what is allowed.
 */
export function parseOptions<S extends OptionSchema>(
  raw: Record<string, unknown> | undefined,
  schema: S,
  where: string,
): Options<S> & Options<typeof COMMON_OPTIONS> {
  const all: OptionSchema = { ...COMMON_OPTIONS, ...schema };
  const input = raw ?? {};
  for (const [key, value] of Object.entries(input)) {
    const kind = all[key];
    if (kind === undefined) {
      const allowed = Object.keys(all).sort().join(', ');
      throw new ScorerConfigError(`${where}: unknown option "${key}"; allowed options: ${allowed}`);
    }
    if (value === undefined) continue;
    if (!matches(kind, value)) {
      throw new ScorerConfigError(`${where}: option "${key}" must be ${describe(kind)}, got ${JSON.stringify(value)}`);
    }
  }
  return input as Options<S> & Options<typeof COMMON_OPTIONS>;
}

/** Throw unless `v` is within [min, max]. */
export function checkRange(where: string, field: string, v: number | undefined, min: number, max: number): void {
  if (v !== undefined && (v < min || v > max)) {
    throw new ScorerConfigError(`${where}: option "${field}" must be between ${min} and ${max}, got ${v}`);
  }
}

/** Builds a scorer from raw config options; `where` locates the spec in error messages. */
export type ScorerFactory = (options?: Record<string, unknown>, where?: string) => Scorer;
