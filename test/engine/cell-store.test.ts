// The bucketed cell side file: cells come back per bucket, whatever order and size they were written in.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CellWriter, readBucket } from '../../src/engine/cell-store.ts';
import type { RecordCell } from '../../src/types/results.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-cells-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cell(i: number, text: string): RecordCell {
  return { status: 'ok', text, stopReason: 'end_turn', inputTokens: i, outputTokens: 1, scores: [{ value: i % 2, pass: i % 2 === 1, reason: `r${i}` }, null] };
}

describe('CellWriter / readBucket', () => {
  it.each([
    { name: 'ascii, shuffled order', records: 50, bucket: 8, text: (i: number) => `answer ${i}` },
    { name: 'multi-byte text (UTF-8 longer than UTF-16)', records: 20, bucket: 6, text: (i: number) => `€${'日本'.repeat(i)}😀` },
    { name: 'cells larger than a write chunk', records: 5, bucket: 2, text: (i: number) => 'x'.repeat(200_000 + i) },
    { name: 'many cells per bucket (several chunks each)', records: 3000, bucket: 1024, text: (i: number) => `${i} `.repeat(60) },
  ])('round-trips $name', ({ records, bucket, text }) => {
    const file = path.join(dir, `c-${records}-${bucket}.bin`);
    const w = new CellWriter(file, records, bucket);
    // Every third record has no cell (missing output); the rest arrive in a scrambled order.
    const order = Array.from({ length: records }, (_, i) => (i * 7 + 3) % records).filter((i) => i % 3 !== 0);
    for (const i of order) w.add(i, cell(i, text(i)));
    const index = w.close();
    const fd = fs.openSync(file, 'r');
    try {
      for (let b = 0; b * bucket < records; b++) {
        const { start, cells } = readBucket(index, fd, b);
        expect(start).toBe(b * bucket);
        for (let i = start; i < Math.min(records, start + bucket); i++) {
          if (i % 3 === 0) expect(cells[i - start]).toBeUndefined();
          else expect(cells[i - start]).toEqual(cell(i, text(i)));
        }
      }
    } finally {
      fs.closeSync(fd);
    }
  });
});
