// A small JSON Schema (draft 2020-12) validator covering the keywords evaluation schemas use; no dependency.
// Supported: type, enum, const, properties, required, additionalProperties (boolean or schema), items,
// minItems/maxItems, minimum/maximum, exclusiveMinimum/exclusiveMaximum, minLength/maxLength, pattern,
// anyOf/allOf/oneOf/not. Unknown keywords are ignored, as the spec requires of validators.

export type JsonSchema = boolean | { [keyword: string]: unknown };

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(v: unknown, t: unknown): boolean {
  const actual = typeOf(v);
  if (t === 'number') return actual === 'number' || actual === 'integer';
  return actual === t;
}

/** Structural equality for enum/const. */
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

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Validate `value` against `schema`; returns the list of problems (empty = valid), each with a JSON path. */
export function validateJson(value: unknown, schema: JsonSchema, path = '$'): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${path}: no value is allowed here`];
  const s = schema;
  const errs: string[] = [];
  const num = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : undefined);

  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((t) => typeMatches(value, t))) errs.push(`${path}: expected type ${types.join(' or ')}, got ${typeOf(value)}`);
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => jsonEqual(e, value))) {
    errs.push(`${path}: must be one of ${JSON.stringify(s.enum)}`);
  }
  if ('const' in s && !jsonEqual(s.const, value)) errs.push(`${path}: must equal ${JSON.stringify(s.const)}`);

  if (typeof value === 'number') {
    const min = num('minimum');
    const max = num('maximum');
    const xmin = num('exclusiveMinimum');
    const xmax = num('exclusiveMaximum');
    if (min !== undefined && value < min) errs.push(`${path}: ${value} < minimum ${min}`);
    if (max !== undefined && value > max) errs.push(`${path}: ${value} > maximum ${max}`);
    if (xmin !== undefined && value <= xmin) errs.push(`${path}: ${value} ≤ exclusiveMinimum ${xmin}`);
    if (xmax !== undefined && value >= xmax) errs.push(`${path}: ${value} ≥ exclusiveMaximum ${xmax}`);
  }
  if (typeof value === 'string') {
    const len = codePoints(value);
    const minL = num('minLength');
    const maxL = num('maxLength');
    if (minL !== undefined && len < minL) errs.push(`${path}: length ${len} < minLength ${minL}`);
    if (maxL !== undefined && len > maxL) errs.push(`${path}: length ${len} > maxLength ${maxL}`);
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) {
      errs.push(`${path}: does not match pattern ${s.pattern}`);
    }
  }
  if (Array.isArray(value)) {
    const minI = num('minItems');
    const maxI = num('maxItems');
    if (minI !== undefined && value.length < minI) errs.push(`${path}: ${value.length} items < minItems ${minI}`);
    if (maxI !== undefined && value.length > maxI) errs.push(`${path}: ${value.length} items > maxItems ${maxI}`);
    if (s.items !== undefined && (typeof s.items === 'boolean' || isObject(s.items))) {
      const itemSchema = s.items as JsonSchema;
      value.forEach((item, i) => errs.push(...validateJson(item, itemSchema, `${path}[${i}]`)));
    }
  }
  if (isObject(value)) {
    const props = isObject(s.properties) ? s.properties : {};
    if (Array.isArray(s.required)) {
      for (const r of s.required) if (typeof r === 'string' && !Object.hasOwn(value, r)) errs.push(`${path}: missing required property "${r}"`);
    }
    for (const [k, v] of Object.entries(value)) {
      const sub = props[k];
      if (sub !== undefined) errs.push(...validateJson(v, sub as JsonSchema, `${path}.${k}`));
      else if (s.additionalProperties === false) errs.push(`${path}: unexpected property "${k}"`);
      else if (isObject(s.additionalProperties)) errs.push(...validateJson(v, s.additionalProperties, `${path}.${k}`));
    }
  }
  const subs = (k: string): JsonSchema[] => (Array.isArray(s[k]) ? (s[k] as JsonSchema[]) : []);
  for (const sub of subs('allOf')) errs.push(...validateJson(value, sub, path));
  const any = subs('anyOf');
  if (any.length > 0 && !any.some((sub) => validateJson(value, sub, path).length === 0)) {
    errs.push(`${path}: does not match any schema in anyOf`);
  }
  const one = subs('oneOf');
  if (one.length > 0) {
    const n = one.filter((sub) => validateJson(value, sub, path).length === 0).length;
    if (n !== 1) errs.push(`${path}: matches ${n} schemas in oneOf, expected exactly 1`);
  }
  if (s.not !== undefined && validateJson(value, s.not as JsonSchema, path).length === 0) {
    errs.push(`${path}: must not match the schema in "not"`);
  }
  return errs;
}
