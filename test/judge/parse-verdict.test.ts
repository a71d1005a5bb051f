// Verdict parsing: JSON, fenced JSON, JSON inside prose, tagged text, and replies that must stay unscored.
import { describe, expect, it } from 'vitest';
import { parseVerdict } from '../../src/judge/parse-verdict.ts';

describe('parseVerdict (grade)', () => {
  it.each([
    ['plain JSON', '{"verdict":"pass","score":5,"reason":"Correct."}', { pass: true, score: 5, reason: 'Correct.' }],
    ['fenced JSON', 'Here you go:\n```json\n{"verdict": "fail", "score": 2, "reason": "Off by one."}\n```', { pass: false, score: 2, reason: 'Off by one.' }],
    ['JSON inside prose', 'I think {"verdict":"PASS","reason":"fine {really}"} is right.', { pass: true, reason: 'fine {really}' }],
    ['score only, as a string', '{"score":"4","explanation":"Mostly right."}', { score: 4, reason: 'Mostly right.' }],
    ['boolean pass', '{"pass": false, "rationale": "Wrong total."}', { pass: false, reason: 'Wrong total.' }],
    ['tagged text', 'Thinking...\n<verdict>pass</verdict><score>4</score><reason>Clear and right.</reason>', { pass: true, score: 4, reason: 'Clear and right.' }],
    ['yes/no synonyms', '<verdict>incorrect</verdict>', { pass: false }],
    ['JSON without reason', '{"verdict":"fail"}', { pass: false, reason: '(the judge gave no reason)' }],
  ])('%s', (_name, reply, expected) => {
    expect(parseVerdict(reply, 'grade')).toMatchObject({ ok: true, kind: 'grade', ...expected });
  });

  it.each([
    ['prose', 'Hmm, this one is hard to say.'],
    ['empty', ''],
    ['score out of range', '{"score": 9, "reason": "great"}'],
    ['unknown verdict word', '{"verdict":"maybe"}'],
    ['broken JSON, no tags', '{"verdict": "pass", '],
    ['a preference where a grade is asked', '<winner>A</winner>'],
  ])('%s stays unscored with a quoted reason', (_name, reply) => {
    const v = parseVerdict(reply, 'grade');
    expect(v.ok).toBe(false);
    expect(!v.ok && v.reason).toMatch(/^Unparseable judge reply \(expected a verdict or a 1–5 score\)/);
  });

  it('quotes at most 120 characters of a long reply', () => {
    const v = parseVerdict('x'.repeat(500), 'grade');
    expect(!v.ok && v.reason.length).toBeLessThan(200);
  });
});

describe('parseVerdict (preference)', () => {
  it.each([
    ['tagged', '<reason>Only A is right.</reason>\n<winner>A</winner>', 'A'],
    ['JSON', '{"winner":"response_b","reason":"B shows working."}', 'B'],
    ['tie synonyms', '{"preference":"equal"}', 'tie'],
    ['lower case', '<winner>b</winner>', 'B'],
  ])('%s', (_name, reply, winner) => {
    expect(parseVerdict(reply, 'preference')).toMatchObject({ ok: true, kind: 'preference', winner });
  });

  it('a grade where a preference is asked is unparseable', () => {
    expect(parseVerdict('{"verdict":"pass"}', 'preference').ok).toBe(false);
  });
});
