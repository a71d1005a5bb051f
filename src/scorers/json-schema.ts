// JSON Schema (draft 2020-12) validation for the json-schema scorer, by ajv: a hand-written subset passed invalid
// output for ten keywords ($ref/$defs, uniqueItems, multipleOf, prefixItems, minProperties, contains, if/then,
// dependentRequired, propertyNames) and was ~100× slower. Each schema is compiled once, when the scorer is built.
import { createRequire } from 'node:module';
import type { Ajv2020 as Ajv2020Class, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';

let ajv2020: typeof Ajv2020Class | undefined;

/** This module's URL; undefined in a bundled worker thread (ts-worker.ts), where reading import.meta.url throws. */
function ownUrl(): string | undefined {
  try {
    return import.meta.url;
  } catch {
    return undefined;
  }
}

/**
 * ajv, loaded on first use: it takes ~60–70 ms to load, and every thread that validates suite records (the main
 * thread, each scoring and report thread) reached it through the scorer catalogue, json-schema scorer or not.
 * CommonJS, so it is required synchronously: by this module's own require (createRequire; dist/ and tsx), or in a
 * bundled worker by a literal `require` esbuild resolves when it bundles, so ajv is in the bundle and runs here first.
 * Not a bare `require` taken where it exists: dist/'s ESM output defines one that throws ("Dynamic require … is not
 * supported"), and a worker evaluated from a string resolves one from the current directory, not this package.
 */
function ajvClass(): typeof Ajv2020Class {
  if (!ajv2020) {
    const url = ownUrl();
    const ajv = (url === undefined ? require('ajv/dist/2020.js') : createRequire(url)('ajv/dist/2020.js')) as typeof import('ajv/dist/2020.js');
    ajv2020 = ajv.Ajv2020;
  }
  return ajv2020;
}

export type JsonSchema = boolean | { [keyword: string]: unknown };

/** Structural equality for json-field's `value`. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const ob = b as Record<string, unknown>;
  const oa = a as Record<string, unknown>;
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(ob, k) && jsonEqual(oa[k], ob[k]));
}

/** A compiled schema: `validate(value)` lists the problems (empty = valid), each with its JSON pointer under `$`. */
export interface CompiledSchema {
  validate(value: unknown): string[];
}

/**
 * Compiles `schema` or throws with ajv's reason (an unknown type, a $ref to nothing, a bad pattern). Unknown keywords
 * are ignored and `format` is an annotation, as draft 2020-12 specifies for a validator without the format vocabulary.
 */
export function compileSchema(schema: JsonSchema): CompiledSchema {
  // One Ajv per schema: ajv keeps every compiled schema by its $id, and two scorers may use the same $id.
  const ajv = new (ajvClass())({ allErrors: true, strict: false, validateFormats: false });
  const check: ValidateFunction = ajv.compile(schema);
  return {
    validate(value) {
      if (check(value)) return [];
      return (check.errors ?? []).map(describe);
    },
  };
}

function describe(e: ErrorObject): string {
  const where = `$${e.instancePath}`;
  const extra = e.keyword === 'additionalProperties' ? ` "${String((e.params as { additionalProperty?: unknown }).additionalProperty)}"` : '';
  return `${where}: ${e.message ?? e.keyword}${extra}`;
}
