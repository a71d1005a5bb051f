// Property tests (fast-check, seeded; a failure shrinks to a minimal case): the binary cell codec gives back what a
// JSON round trip would, for any text including lone surrogates, and numeric extraction finds the final number of an
// answer whatever words surround it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCell, encodeCell, worstCaseBytes } from '../../src/engine/cell-codec.ts';
import { extractFinalNumber } from '../../src/scorers/numeric.ts';
import type { RecordCell } from '../../src/types/results.ts';

/** Any UTF-16 text: every code unit, lone surrogates included (JSON keeps them as escapes; the codec must too). */
const utf16 = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }).map((units) => String.fromCharCode(...units));
const num = fc.oneof(fc.double(), fc.integer(), fc.constant(-0), fc.constant(Number.NaN));

const cell: fc.Arbitrary<RecordCell> = fc.record({
  status: fc.constantFrom('ok', 'error', 'missing', 'not-run', 'filtered'),
  text: fc.option(utf16, { nil: undefined }),
  stopReason: fc.option(utf16, { nil: undefined }),
  error: fc.option(fc.record({ code: utf16, message: utf16 }), { nil: undefined }),
  inputTokens: fc.option(num, { nil: undefined }),
  outputTokens: fc.option(num, { nil: undefined }),
  latencyMs: fc.option(num, { nil: undefined }),
  scores: fc.array(fc.option(fc.record({ value: fc.option(num, { nil: null }), pass: fc.option(fc.boolean(), { nil: undefined }), reason: utf16 }), { nil: null }), { maxLength: 4 }),
}, { requiredKeys: ['status', 'scores'] }) as fc.Arbitrary<RecordCell>;

/** Drops members whose value is undefined, as JSON.stringify does. */
const defined = (o: object) => JSON.parse(JSON.stringify(o, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))) as unknown;

describe('cell codec (property)', () => {
  it('decode(encode(cell)) equals the cell after a JSON round trip, within worstCaseBytes', () => {
    fc.assert(fc.property(cell, (c) => {
      const buf = Buffer.alloc(worstCaseBytes(c));
      const end = encodeCell(c, buf, 0);
      expect(end).toBeLessThanOrEqual(buf.length);
      const back = decodeCell(buf, 0, true);
      expect(defined(back)).toEqual(defined(c));
      // Text is exact, unpaired surrogates included (UTF-8 would have made them U+FFFD).
      expect(back.text).toBe(c.text);
    }), { numRuns: 1500, seed: 19 });
  });
});

describe('numeric extraction (property)', () => {
  const words = fc.array(fc.constantFrom('the', 'answer', 'so', 'total', 'apples', 'is', 'we', 'get', '.', ',', '\n'), { maxLength: 12 }).map((w) => w.join(' '));

  it('the last number of a text without markers is its final number', () => {
    fc.assert(fc.property(words, fc.integer({ min: -1_000_000, max: 1_000_000 }), words, (before, n, after) => {
      expect(extractFinalNumber(`${before} ${n} ${after}`)?.value).toBe(n);
    }), { numRuns: 1000, seed: 19 });
  });

  it('a \\boxed{} answer wins over numbers after it', () => {
    fc.assert(fc.property(words, fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 100_000 }), (text, n, other) => {
      expect(extractFinalNumber(`${text} \\boxed{${n}} then ${other} more`)?.value).toBe(n);
    }), { numRuns: 1000, seed: 19 });
  });
});
