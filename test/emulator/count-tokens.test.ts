// The emulator's token estimate counts code points, as Array.from does, without building the array.
import { describe, expect, it } from 'vitest';
import { countTokens } from '../../src/emulator/record-processor.ts';
import { mulberry32 } from '../../src/stats/random.ts';

const PIECES = ['a', 'é', '日本', '😀', '\ud800', '\udfff', '\udc00\ud800', '𝄞x', ' ', '\n'];

describe('countTokens', () => {
  it('is ceil(code points / 4), at least 1, for texts with pairs, lone and reversed surrogates', () => {
    const next = mulberry32(3);
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: Math.floor(next() * 40) }, () => PIECES[Math.floor(next() * PIECES.length)]).join('');
      expect(countTokens(text), JSON.stringify(text)).toBe(Math.max(1, Math.ceil(Array.from(text).length / 4)));
    }
    expect(countTokens('😀😀😀😀😀')).toBe(2);
    expect(countTokens('')).toBe(1);
  });
});
