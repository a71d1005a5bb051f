// The binary cell codec gives back exactly what the JSON side file gave: JSON.parse(JSON.stringify(cell)).
import { describe, expect, it } from 'vitest';
import { decodeCell, encodeCell, worstCaseBytes, type CellParts } from '../../src/engine/cell-codec.ts';
import type { RecordCell, RecordStatus, ScoreCell } from '../../src/types/results.ts';
import { mulberry32 } from '../../src/stats/random.ts';

const PIECES = ['a', ' ', '"', '\\', '\n', '\r', '\0', 'é', '日本', '😀', '\ud800', '\udfff', '\u2028', '</script>', '=1+2'];
const NUMBERS = [0, -0, 1, -2.5, 1e21, 0.1 + 0.2, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1234567];
const STATUSES: RecordStatus[] = ['ok', 'error', 'missing', 'not-run'];

function fuzzCell(next: () => number): RecordCell {
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)]!;
  const text = (): string => Array.from({ length: Math.floor(next() * 8) }, () => pick(PIECES)).join('');
  const maybe = <T>(make: () => T): T | undefined => (next() < 0.5 ? make() : undefined);
  const scores = Array.from({ length: Math.floor(next() * 4) }, (): ScoreCell | null => {
    if (next() < 0.25) return null;
    const value = next() < 0.2 ? null : pick(NUMBERS);
    return next() < 0.3 ? { value, reason: text() } : { value, pass: next() < 0.5, reason: text() };
  });
  const cell: RecordCell = { status: pick(STATUSES), scores };
  const t = maybe(text);
  if (t !== undefined) cell.text = t;
  const stop = maybe(text);
  if (stop !== undefined) cell.stopReason = stop;
  if (next() < 0.3) cell.error = { code: text(), message: text() };
  const input = maybe(() => pick(NUMBERS));
  if (input !== undefined) cell.inputTokens = input;
  const output = maybe(() => pick(NUMBERS));
  if (output !== undefined) cell.outputTokens = output;
  const latency = maybe(() => pick(NUMBERS));
  if (latency !== undefined) cell.latencyMs = latency;
  return cell;
}

function roundTrip(cell: RecordCell, withText: boolean): { decoded: RecordCell; used: number } {
  const buf = Buffer.alloc(worstCaseBytes(cell) + 16, 0xee);
  const end = encodeCell(cell, buf, 7);
  return { decoded: decodeCell(buf, 7, withText), used: end - 7 };
}

describe('cell codec', () => {
  it('decodes 5,000 fuzzed cells to what a JSON round trip gives, within the reserved size', () => {
    const next = mulberry32(8);
    for (let i = 0; i < 5000; i++) {
      const cell = fuzzCell(next);
      const { decoded, used } = roundTrip(cell, true);
      expect(used).toBeLessThanOrEqual(worstCaseBytes(cell));
      // toStrictEqual: no member may be present-but-undefined where JSON would have dropped it.
      expect(decoded).toStrictEqual(JSON.parse(JSON.stringify(cell)));
    }
  });

  it('keeps unpaired surrogates that UTF-8 would replace', () => {
    const cell: RecordCell = { status: 'ok', text: 'a\ud800b', scores: [{ value: 1, pass: true, reason: '\udc00' }] };
    expect(roundTrip(cell, true).decoded).toStrictEqual(cell);
  });

  it('leaves the text out when asked, and nothing else', () => {
    const cell: RecordCell = { status: 'ok', text: 'long output', stopReason: 'end_turn', inputTokens: 3, outputTokens: 4, scores: [null, { value: 0.5, reason: 'r' }] };
    const { text: _text, ...rest } = cell;
    expect(roundTrip(cell, false).decoded).toStrictEqual(rest);
  });

  it('a writer that keeps no text or no reasons: they read back as absent and empty, everything else as written, within the reserved size', () => {
    const next = mulberry32(9);
    for (const parts of [{ text: false, reasons: true }, { text: true, reasons: false }, { text: false, reasons: false }] as CellParts[]) {
      for (let i = 0; i < 2000; i++) {
        const cell = fuzzCell(next);
        const buf = Buffer.alloc(worstCaseBytes(cell, parts) + 16, 0xee);
        const end = encodeCell(cell, buf, 3, parts);
        expect(end - 3).toBeLessThanOrEqual(worstCaseBytes(cell, parts));
        const want = JSON.parse(JSON.stringify(cell)) as RecordCell;
        if (!parts.text) delete want.text;
        if (!parts.reasons) want.scores = want.scores.map((s) => (s ? { ...s, reason: '' } : null));
        expect(decodeCell(buf, 3, true)).toStrictEqual(want);
      }
    }
  });
});
