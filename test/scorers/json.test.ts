// Tests for is-json, json-schema (ajv, draft 2020-12) and json-field.
import { describe, expect, it } from 'vitest';
import { isJsonScorer, jsonFieldScorer, jsonSchemaScorer, parseJsonOutput, parsePath } from '../../src/scorers/json.ts';
import { compileSchema } from '../../src/scorers/json-schema.ts';
import { input } from './helpers.ts';

describe('parseJsonOutput', () => {
  it.each([
    ['{"a":1}', true, false],
    ['  [1, 2]\n', true, false],
    ['```json\n{"a": 1}\n```', true, true],
    ['```\n{"a": 1}\n```', true, true],
    ['Here you go: {"a":1}', false, false],
    ['```json\n{"a": 1}\n```\nand more', false, false],
    ['', false, false],
    ['   ', false, false],
  ])('%j → ok %s fenced %s', (text, ok, fenced) => {
    const r = parseJsonOutput(text);
    expect(r.ok).toBe(ok);
    if (r.ok) expect(r.fenced).toBe(fenced);
  });

  it('refuses fences when allowFence is false', () => {
    expect(isJsonScorer({ allowFence: false }).score(input('```json\n{}\n```')).pass).toBe(false);
    expect(isJsonScorer().score(input('```json\n{}\n```')).pass).toBe(true);
  });
});

const schema = {
  type: 'object',
  required: ['name', 'age'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 5, pattern: '^[A-Z]' },
    age: { type: 'integer', minimum: 0, maximum: 150 },
    tags: { type: 'array', items: { enum: ['a', 'b'] }, maxItems: 2 },
    kind: { const: 'person' },
    score: { type: ['number', 'null'], exclusiveMaximum: 1 },
  },
};

describe('compileSchema (ajv, draft 2020-12)', () => {
  const check = compileSchema(schema);
  it.each([
    [{ name: 'Ann', age: 30 }, []],
    [{ name: 'Ann', age: 30, tags: ['a'], kind: 'person', score: null }, []],
    [{ name: 'ann', age: 30 }, ['$/name: must match pattern "^[A-Z]"']],
    [{ name: 'Annabel', age: 30 }, ['$/name: must NOT have more than 5 characters']],
    [{ age: 30 }, ["$: must have required property 'name'"]],
    [{ name: 'Ann', age: 30.5 }, ['$/age: must be integer']],
    [{ name: 'Ann', age: -1 }, ['$/age: must be >= 0']],
    [{ name: 'Ann', age: 1, extra: 1 }, ['$: must NOT have additional properties "extra"']],
    [{ name: 'Ann', age: 1, tags: ['c'] }, ['$/tags/0: must be equal to one of the allowed values']],
    [{ name: 'Ann', age: 1, kind: 'robot' }, ['$/kind: must be equal to constant']],
    [{ name: 'Ann', age: 1, score: 1 }, ['$/score: must be < 1']],
    [[1], ['$: must be object']],
  ])('%j', (value, errors) => {
    expect(check.validate(value)).toEqual(errors);
  });

  it('supports anyOf / oneOf / not / boolean schemas', () => {
    expect(compileSchema({ anyOf: [{ type: 'string' }, { type: 'integer' }] }).validate(3)).toEqual([]);
    expect(compileSchema({ oneOf: [{ type: 'number' }, { type: 'integer' }] }).validate(3)).toHaveLength(1);
    expect(compileSchema({ not: { type: 'string' } }).validate('x')).toHaveLength(1);
    expect(compileSchema(false).validate(1)).toHaveLength(1);
    expect(compileSchema(true).validate(1)).toEqual([]);
  });
});

describe('json scorers', () => {
  it('json-schema passes and fails with a reason', () => {
    const s = jsonSchemaScorer({ schema });
    expect(s.score(input('{"name":"Ann","age":3}')).pass).toBe(true);
    const bad = s.score(input('{"name":"Ann"}'));
    expect(bad.pass).toBe(false);
    expect(bad.reason).toContain("must have required property 'age'");
    expect(s.score(input('not json')).pass).toBe(false);
  });

  it('json-schema requires a schema', () => {
    expect(() => jsonSchemaScorer({})).toThrow(/option "schema"/);
  });

  it.each([
    [{ path: 'a.b[0].c', value: 42 }, '{"a":{"b":[{"c":42}]}}', undefined, 1],
    [{ path: 'a.b[0].c', value: 42 }, '{"a":{"b":[{"c":"42"}]}}', undefined, 0],
    [{ path: 'a.b[1]', value: 1 }, '{"a":{"b":[1]}}', undefined, 0],
    [{ path: 'x', value: { y: [1, 2] } }, '{"x":{"y":[1,2]}}', undefined, 1],
    [{ path: 'answer' }, '{"answer":"Paris"}', 'Paris', 1],
    [{ path: 'answer' }, '{"answer":42}', '42', 1],
    [{ path: 'answer' }, '{"answer":"Rome"}', 'Paris', 0],
    [{ path: 'answer' }, '{"answer":"Rome"}', undefined, null],
    [{ path: 'answer', value: null }, '{"answer":null}', undefined, 1],
  ])('json-field %j on %s', (options, output, expected, value) => {
    expect(jsonFieldScorer(options).score(input(output, expected)).value).toBe(value);
  });

  it('parses paths and rejects bad ones', () => {
    expect(parsePath('a.b[0].c')).toEqual(['a', 'b', 0, 'c']);
    expect(parsePath('a["x y"]')).toEqual(['a', 'x y']);
    expect(() => jsonFieldScorer({ path: 'a[' })).toThrow(/option "path"/);
    expect(() => jsonFieldScorer({})).toThrow(/"path" is required/);
  });
});
