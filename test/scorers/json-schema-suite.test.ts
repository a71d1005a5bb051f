// The json-schema scorer against the official JSON-Schema-Test-Suite (draft 2020-12) for the ten keywords the old
// hand-written subset got wrong: it passed invalid output for $ref/$defs, uniqueItems, multipleOf, prefixItems,
// minProperties, contains, if/then, dependentRequired and propertyNames. Cases are vendored in fixtures/ with the
// suite's license.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchemaScorer } from '../../src/scorers/json.ts';
import { ScorerConfigError } from '../../src/scorers/errors.ts';

interface Case { description: string; data: unknown; valid: boolean }
interface Group { description: string; schema: Record<string, unknown> | boolean; tests: Case[] }

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'json-schema-test-suite');
const KEYWORDS = ['ref', 'defs', 'uniqueItems', 'multipleOf', 'prefixItems', 'minProperties', 'contains', 'if-then-else', 'dependentRequired', 'propertyNames'];

/** Groups that need a schema from a server (http://localhost:1234/…) or another file: not a scorer's job to fetch. */
const needsRemote = (g: Group) => /localhost:1234|urn:|"\$ref":\s*"https?:\/\/(?!json-schema\.org)/.test(JSON.stringify(g.schema));

/**
 * Groups ajv 8 cannot compile (a subschema with its own relative `$id` whose `$ref` resolves against it: ajv's
 * resolver recurses until the stack overflows). Such a schema is refused when the config loads (tested below), never
 * scored wrongly.
 */
const AJV_CANNOT_COMPILE = new Set(['refs with relative uris and defs', 'relative refs with absolute uris and defs']);

const score = (schema: unknown, data: unknown) => {
  const scorer = jsonSchemaScorer({ schema });
  return scorer.score({ output: { text: JSON.stringify(data) } } as never) as { pass?: boolean; value: number | null; reason?: string };
};

describe.each(KEYWORDS)('%s (JSON-Schema-Test-Suite, draft 2020-12)', (keyword) => {
  const groups = (JSON.parse(fs.readFileSync(path.join(FIXTURES, `${keyword}.json`), 'utf8')) as Group[])
    .filter((g) => !needsRemote(g) && typeof g.schema === 'object' && !AJV_CANNOT_COMPILE.has(g.description));
  // JSON text cannot carry every instance the suite uses (none in these files today, but say so if one appears).
  const cases = groups.flatMap((g) => g.tests.filter((t) => JSON.stringify(t.data) !== undefined).map((t) => ({ group: g, test: t })));

  it('has valid and invalid instances to test', () => {
    expect(cases.some(({ test }) => test.valid)).toBe(true);
    expect(cases.some(({ test }) => !test.valid)).toBe(true);
  });

  it.each(cases.map(({ group, test }) => [`${group.description}: ${test.description}`, group, test] as const))('%s', (_name, group, test) => {
    const result = score(group.schema, test.data);
    expect(result.value, result.reason).toBe(test.valid ? 1 : 0);
  });
});

describe('json-schema scorer configuration', () => {
  it('refuses a schema that does not compile when the scorer is built (config load), naming the problem', () => {
    expect(() => jsonSchemaScorer({ schema: { type: 'strnig' } })).toThrow(ScorerConfigError);
    expect(() => jsonSchemaScorer({ schema: { type: 'strnig' } })).toThrow(/json-schema: the JSON Schema does not compile: .*type/);
    expect(() => jsonSchemaScorer({ schema: { $ref: '#/$defs/missing' } })).toThrow(/does not compile/);
    expect(() => jsonSchemaScorer({ schema: { pattern: '(' } })).toThrow(/does not compile/);
    const ref = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'ref.json'), 'utf8')) as Group[];
    for (const g of ref.filter((x) => AJV_CANNOT_COMPILE.has(x.description))) expect(() => jsonSchemaScorer({ schema: g.schema })).toThrow(/does not compile/);
  });

  it('reports where the output fails, and accepts unknown keywords and formats as annotations', () => {
    const r = score({ type: 'object', properties: { a: { type: 'array', uniqueItems: true } } }, { a: [1, 1] });
    expect(r.value).toBe(0);
    expect(r.reason).toMatch(/^Output does not match the JSON schema: \$\/a: must NOT have duplicate items/);
    expect(score({ type: 'string', format: 'email', 'x-note': 'ours' }, 'not an email').value).toBe(1);
  });
});
