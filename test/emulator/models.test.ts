// The built-in models, the judge, and the example suite they are designed around (pure, no HTTP).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, solvePrompt } from '../../src/emulator/arithmetic.ts';
import { finalNumber, judge } from '../../src/emulator/judge.ts';
import { EMULATOR_MODELS, type EmulatorModel } from '../../src/emulator/models.ts';
import { processModelInput, type ProcessResult } from '../../src/emulator/record-processor.ts';

interface SuiteLine {
  recordId: string;
  modelInput: { messages: Array<{ content: Array<{ text: string }> }>; inferenceConfig: { maxTokens: number } };
  expected: string;
  tags: string[];
}

const suite = readFileSync(new URL('../../suites/example.jsonl', import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SuiteLine);
const run = (id: keyof typeof EMULATOR_MODELS, line: SuiteLine): ProcessResult => processModelInput(line.modelInput, EMULATOR_MODELS[id] as EmulatorModel, 'batch');
const answerOf = (text: string): string | undefined => /Answer: (-?[\d.]+)\s*$/.exec(text)?.[1];

describe('solvePrompt / evaluate', () => {
  it.each([
    ['What is 12 + 7?', 19],
    ['Calculate 6 × 7.', 42],
    ['What is 84 ÷ 4?', 21],
    ['Compute (3 + 4) * 5 - 2.', 33],
    ['12 + 3 × 4 を計算してください。', 24],
    ['A train travels at 60 km/h for 3 hours. How many kilometres does it cover?', 180],
    ['りんごが5個あります。さらに7個買うと、全部で何個になりますか？', 12],
  ])('solves %s', (text, value) => {
    expect(solvePrompt(text)?.value).toBe(value);
  });

  it.each(['1 / 0', '2 +', '(1 + 2', 'abc'])('refuses %s', (expr) => {
    expect(evaluate(expr)).toBeUndefined();
  });
});

describe('example suite', () => {
  it('has at least 120 valid records with short alphanumeric ids and the promised tags', () => {
    expect(suite.length).toBeGreaterThanOrEqual(120);
    expect(new Set(suite.map((l) => l.recordId)).size).toBe(suite.length);
    for (const line of suite) expect(line.recordId).toMatch(/^[A-Za-z0-9]{1,11}$/);
    const tags = new Set(suite.flatMap((l) => l.tags));
    for (const tag of ['addition', 'multiplication', 'word-problem', 'multi-step', 'non-ascii', 'short-budget']) expect(tags).toContain(tag);
  });

  it('makes the three built-in answer models differ the way the docs promise', () => {
    const arith = suite.map((l) => run('beval.arith-v1', l));
    const flaky = suite.map((l) => run('beval.flaky-v1', l));
    const verbose = suite.map((l) => run('beval.verbose-v1', l));
    const correct = (results: ProcessResult[]): number => results.filter((r, i) => r.ok && answerOf(r.text) === suite[i]?.expected).length;

    const arithWrong = suite.length - correct(arith);
    expect(arith.every((r) => r.ok)).toBe(true);
    expect(arithWrong / suite.length).toBeGreaterThan(0.12);
    expect(arithWrong / suite.length).toBeLessThan(0.38);

    const flakyErrors = flaky.filter((r) => !r.ok);
    expect(flakyErrors.length / suite.length).toBeGreaterThan(0.05);
    expect(flakyErrors.length / suite.length).toBeLessThan(0.28);
    expect(correct(flaky)).toBe(suite.length - flakyErrors.length);
    expect(new Set(flakyErrors.map((r) => (r.ok ? 0 : r.errorCode))).size).toBeGreaterThanOrEqual(2);

    const truncated = verbose.filter((r) => r.ok && r.stopReason === 'max_tokens');
    const shortBudget = suite.filter((l) => l.tags.includes('short-budget')).length;
    expect(truncated).toHaveLength(shortBudget);
    expect(correct(verbose)).toBe(suite.length - shortBudget);
    for (const r of verbose) if (r.ok) expect(r.reasoning).toBeTruthy();
  });

  it('is deterministic', () => {
    expect(suite.map((l) => run('beval.arith-v1', l))).toEqual(suite.map((l) => run('beval.arith-v1', l)));
  });
});

describe('token accounting and truncation', () => {
  it('counts ceil(chars/4) and truncates at maxTokens with stopReason max_tokens', () => {
    const input = { messages: [{ role: 'user', content: [{ text: 'What is 2 + 2?' }] }], inferenceConfig: { maxTokens: 10 } };
    const r = processModelInput(input, EMULATOR_MODELS['beval.verbose-v1'], 'runtime');
    expect(r.ok && r.stopReason).toBe('max_tokens');
    expect(r.ok && r.outputTokens).toBe(10);
    expect(r.ok && r.inputTokens).toBe(4);
    expect(r.ok && Array.from((r.reasoning ?? '') + r.text).length).toBe(40);
  });
});

describe('beval.judge-v1', () => {
  it.each([
    ['<reference>42</reference><response>so the total is\nAnswer: 42</response>', 'pass', 5],
    ['<reference>42</reference><response>Answer: 41</response>', 'fail', 2],
    ['<reference>42</reference><response>Answer: 90</response>', 'fail', 1],
    ['<reference>42</reference><response>no idea</response>', 'fail', 1],
    ['<reference>Paris</reference><response>paris.</response>', 'pass', 5],
    ['<reference>Paris</reference><response>It is Paris, France</response>', 'pass', 4],
    ['no tags at all', 'fail', 1],
  ])('judges %s', (prompt, verdict, score) => {
    expect(judge(prompt)).toMatchObject({ verdict, score });
    const reply = EMULATOR_MODELS['beval.judge-v1'].respond({ prompt, system: '', maxTokens: 100 });
    expect(reply.ok && JSON.parse(reply.text)).toMatchObject({ verdict, score });
  });

  it('names what it graded against: the given reference, or the answer of a question it solved', () => {
    expect(judge('<reference>42</reference><response>Answer: 42</response>').reason).toBe("The response's final number 42 matches the reference.");
    expect(judge('<question>What is 40 + 2?</question><response>Answer: 42</response>').reason).toBe("The response's final number 42 matches the question's answer.");
    expect(judge('<question>What is 40 + 2?</question><response>Answer: 90</response>').reason).toBe("The response's final number 90 differs from the question's answer 42.");
  });

  it('reads the final number from an Answer line before any other number', () => {
    expect(finalNumber('Step 1: 3 + 4 = 7\nAnswer: 1,234')).toBe(1234);
    expect(finalNumber('the result is 12 then 15')).toBe(15);
  });
});
