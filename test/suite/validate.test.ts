import { describe, expect, it } from 'vitest';
import { checkSuiteText } from '../../src/suite/load-suite.ts';

const ok = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ recordId: id, modelInput: { messages: [{ role: 'user', content: [{ text: 'hi' }] }] }, ...extra });

function problemsOf(lines: string[]) {
  return checkSuiteText(lines.join('\n'), 'suite.jsonl').problems.map((p) => `${p.line}:${p.field}`);
}

describe('suite validation', () => {
  it('accepts valid records with harness fields and keeps them out of modelInput', () => {
    const { suite, problems } = checkSuiteText([ok('a1', { expected: 4, tags: ['x'], meta: { k: 1 } }), '', ok('a2')].join('\n'), 'f');
    expect(problems).toEqual([]);
    expect(suite!.records).toHaveLength(2);
    expect(suite!.records[0]!.expected).toBe('4');
    expect(suite!.records[1]!.line).toBe(3);
    expect(suite!.index.get('a2')).toBe(1);
  });

  it.each([
    ['{not json', '1:(line)'],
    [JSON.stringify({ modelInput: { messages: [] } }), '1:recordId'],
    [ok('has space'), '1:recordId'],
    [ok('a', { modelInput: { messages: [] } }), '1:modelInput.messages'],
    [ok('a', { modelInput: { modelId: 'x', messages: [{ role: 'user', content: [{ text: 'q' }] }] } }), '1:modelInput.modelId'],
    [ok('a', { modelInput: { toolConfig: {}, messages: [{ role: 'user', content: [{ text: 'q' }] }] } }), '1:modelInput.toolConfig'],
    [ok('a', { modelInput: { messages: [{ role: 'system', content: [{ text: 'q' }] }] } }), '1:modelInput.messages[0].role'],
    [ok('a', { modelInput: { messages: [{ role: 'assistant', content: [{ text: 'q' }] }] } }), '1:modelInput.messages[0].role'],
    [ok('a', { modelInput: { messages: [{ role: 'user', content: [] }] } }), '1:modelInput.messages[0].content'],
    [ok('a', { modelInput: { messages: [{ role: 'user', content: [{ text: 1 }] }] } }), '1:modelInput.messages[0].content[0].text'],
    [ok('a', { modelInput: { messages: [{ role: 'user', content: [{ text: 'q' }] }], inferenceConfig: { temperature: 3 } } }), '1:modelInput.inferenceConfig.temperature'],
    [ok('a', { tags: 'x' }), '1:tags'],
    [ok('a', { expectd: 'typo' }), '1:expectd'],
  ])('reports %s as %s', (line, where) => {
    expect(problemsOf([line])).toContain(where);
  });

  it.each([
    [ok('a', { tag: ['x'] }), 'tag', 'unknown field (did you mean "tags"?); a suite line has'],
    [ok('a', { modelInput: { messages: [{ role: 'user', content: [{ text: 'q' }] }], inferenceConfig: { maxToken: 5 } } }), 'modelInput.inferenceConfig.maxToken', 'unknown field (did you mean "maxTokens"?); model-specific parameters go in'],
    [ok('a', { modelInput: { messages: [{ role: 'user', content: [{ text: 'q' }] }], inferenceConfig: { top_k: 5 } } }), 'modelInput.inferenceConfig.top_k', 'unknown field; model-specific parameters go in'],
  ])('suggests the field meant: %s', (line, field, message) => {
    const [problem] = checkSuiteText(line, 'f').problems;
    expect(problem).toMatchObject({ line: 1, field });
    expect(problem!.message).toContain(message);
  });

  it('reports duplicate ids with the line of the first', () => {
    const { problems } = checkSuiteText([ok('a'), ok('b'), ok('a')].join('\n'), 'f');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 3, field: 'recordId' });
    expect(problems[0]!.message).toContain('line 1');
  });

  it('reports every bad line, not only the first', () => {
    expect(problemsOf(['x', ok('fine'), 'y'])).toEqual(['1:(line)', '3:(line)']);
  });

  it('splits on \\n only: U+2028 inside a string is content', () => {
    const { suite } = checkSuiteText(ok('a', { expected: 'one\u2028two' }), 'f');
    expect(suite!.records[0]!.expected).toBe('one\u2028two');
  });
});
