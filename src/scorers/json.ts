// JSON scorers: is-json, json-schema, json-field. A single fenced ```json block is accepted as the output's JSON.
import type { Scorer } from '../types/scorer.ts';
import { parseOptions } from './options.ts';
import { ScorerConfigError } from './errors.ts';
import { NO_EXPECTED, binary, quote, references } from './expected.ts';
import { type JsonSchema, compileSchema, jsonEqual, type CompiledSchema } from './json-schema.ts';

// Models often wrap JSON in a markdown fence even when told not to; we accept exactly that, nothing looser.
const FENCE = /^```(?:json|JSON)?[ \t]*\r?\n([\s\S]*?)\r?\n?```$/;

export type JsonParse = { ok: true; value: unknown; fenced: boolean } | { ok: false; error: string };

/** Parse the whole (trimmed) output as JSON, or the body of a single fenced block when `allowFence`. */
export function parseJsonOutput(text: string, allowFence = true): JsonParse {
  const t = text.trim();
  const m = allowFence ? FENCE.exec(t) : null;
  const body = m?.[1] ?? t;
  try {
    return { ok: true, value: JSON.parse(body) as unknown, fenced: m !== null };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

const IS_JSON = { allowFence: 'boolean' } as const;

/** `is-json`: the output parses as JSON. */
export function isJsonScorer(options?: Record<string, unknown>, where = 'is-json'): Scorer {
  const o = parseOptions(options, IS_JSON, where);
  return {
    name: o.name ?? 'is-json',
    kind: 'binary',
    score({ output }) {
      const r = parseJsonOutput(output.text, o.allowFence ?? true);
      return r.ok
        ? binary(true, r.fenced ? 'Output is JSON (in a fenced block)' : 'Output is JSON')
        : binary(false, `Expected output to be JSON: ${r.error}`);
    },
  };
}

const JSON_SCHEMA = { value: 'object', schema: 'object', allowFence: 'boolean' } as const;

/** `json-schema`: the output is JSON valid against the schema (`schema` or `value`). */
export function jsonSchemaScorer(options?: Record<string, unknown>, where = 'json-schema'): Scorer {
  const o = parseOptions(options, JSON_SCHEMA, where);
  const schema = (o.schema ?? o.value) as JsonSchema | undefined;
  if (schema === undefined) throw new ScorerConfigError(`${where}: give the JSON Schema as option "schema" (an object)`);
  // Compiled once, here: the scorer is built when the config loads, so a schema ajv cannot compile stops the run
  // before anything is submitted, instead of scoring every record as unscorable.
  let compiled: CompiledSchema;
  try {
    compiled = compileSchema(schema);
  } catch (e) {
    throw new ScorerConfigError(`${where}: the JSON Schema does not compile: ${(e as Error).message}`);
  }
  return {
    name: o.name ?? 'json-schema',
    kind: 'binary',
    score({ output }) {
      const r = parseJsonOutput(output.text, o.allowFence ?? true);
      if (!r.ok) return binary(false, `Expected output to be JSON: ${r.error}`);
      const errs = compiled.validate(r.value);
      if (errs.length === 0) return binary(true, 'Output matches the JSON schema');
      const more = errs.length > 3 ? ` (and ${errs.length - 3} more)` : '';
      return binary(false, `Output does not match the JSON schema: ${errs.slice(0, 3).join('; ')}${more}`);
    },
  };
}

/** Split `a.b[0].c` / `a["x y"]` into keys. */
export function parsePath(path: string): (string | number)[] {
  const keys: (string | number)[] = [];
  const re = /\.?([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(path)) !== null) {
    if (m[1] !== undefined) keys.push(m[1]);
    else if (m[2] !== undefined) keys.push(Number(m[2]));
    else keys.push(JSON.parse(`"${m[3] ?? ''}"`) as string);
    last = re.lastIndex;
  }
  if (last !== path.length || keys.length === 0) throw new Error(`cannot parse path "${path}"`);
  return keys;
}

function lookup(value: unknown, keys: (string | number)[]): { found: boolean; value: unknown } {
  let cur = value;
  for (const k of keys) {
    if (typeof k === 'number' && Array.isArray(cur) && k < cur.length) cur = cur[k];
    else if (typeof k === 'string' && typeof cur === 'object' && cur !== null && !Array.isArray(cur) && Object.hasOwn(cur, k)) {
      cur = (cur as Record<string, unknown>)[k];
    } else return { found: false, value: undefined };
  }
  return { found: true, value: cur };
}

const JSON_FIELD = { path: 'string', value: 'json', allowFence: 'boolean' } as const;

/**
 * `json-field`: the field at `path` equals `value` (deep JSON equality). Without `value` it is compared with the
 * record's expected text: equal when the field is that string, or its JSON text is.
 */
export function jsonFieldScorer(options?: Record<string, unknown>, where = 'json-field'): Scorer {
  const o = parseOptions(options, JSON_FIELD, where);
  if (o.path === undefined) throw new ScorerConfigError(`${where}: option "path" is required, like "answer" or "items[0].id"`);
  let keys: (string | number)[];
  try {
    keys = parsePath(o.path);
  } catch (cause) {
    throw new ScorerConfigError(`${where}: option "path": ${(cause as Error).message}`, { cause });
  }
  const hasValue = options !== undefined && Object.hasOwn(options, 'value');
  return {
    name: o.name ?? `json-field:${o.path}`,
    kind: 'binary',
    score(input) {
      const refs = hasValue ? [] : references(input, undefined);
      if (!hasValue && refs.length === 0) return NO_EXPECTED;
      const r = parseJsonOutput(input.output.text, o.allowFence ?? true);
      if (!r.ok) return binary(false, `Expected output to be JSON: ${r.error}`);
      const f = lookup(r.value, keys);
      if (!f.found) return binary(false, `Expected field ${o.path} in the output JSON`);
      const got = JSON.stringify(f.value);
      if (hasValue) {
        return jsonEqual(f.value, o.value)
          ? binary(true, `Field ${o.path} equals ${quote(JSON.stringify(o.value))}`)
          : binary(false, `Expected field ${o.path} to equal ${JSON.stringify(o.value)}, got ${got}`);
      }
      const ok = refs.some((e) => f.value === e || got === e.trim());
      return ok
        ? binary(true, `Field ${o.path} equals the expected answer`)
        : binary(false, `Expected field ${o.path} to equal ${refs.map((e) => quote(e, 40)).join(' or ')}, got ${got}`);
    },
  };
}
