// Keys that come from outside and are Object.prototype names: a judge reply's `"__proto__"` field must not become the
// prototype a missing verdict is read from, and a request or response member named `__proto__` stays a member.
import { describe, expect, it } from 'vitest';
import { parseVerdict } from '../../src/judge/parse-verdict.ts';
import { requestFromJson, responseToJson } from '../../src/aws/runtime-port.ts';

describe('outside keys named like Object.prototype members', () => {
  it('a judge reply whose only verdict sits under "__proto__" stays unscored', () => {
    expect(parseVerdict('{"__proto__": {"verdict": "pass", "score": 5}, "reason": "x"}', 'grade').ok).toBe(false);
    expect(parseVerdict('{"__proto__": {"winner": "A"}, "reason": "x"}', 'preference').ok).toBe(false);
  });

  it('requests and responses keep a member named __proto__ as a member', () => {
    const req = requestFromJson(JSON.parse('{"messages":[{"role":"user","content":[{"text":"hi"}]}],"additionalModelRequestFields":{"__proto__":{"k":1}}}')) as { additionalModelRequestFields: object };
    expect(Object.getPrototypeOf(req.additionalModelRequestFields)).toBe(Object.prototype);
    expect(JSON.stringify(req.additionalModelRequestFields)).toBe('{"__proto__":{"k":1}}');
    const res = responseToJson(JSON.parse('{"output":{"__proto__":{"text":"x"}}}')) as { output: object };
    expect(JSON.stringify(res)).toBe('{"output":{"__proto__":{"text":"x"}}}');
  });
});
