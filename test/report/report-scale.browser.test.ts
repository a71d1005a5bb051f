// Keeps bench/report-scale.ts working: a small run through the same code path, with its budget and scroll checks.
import { describe, expect, it } from 'vitest';
import { runReportScaleBench } from '../../bench/report-scale.ts';
import { chromiumMissingReason } from './helpers/browser.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const missing = chromiumMissingReason();

describe.skipIf(missing !== null)('report scale bench (small)', () => {
  it('renders, opens and scrolls a 3,000 × 3 run', async () => {
    const result = await runReportScaleBench({ records: 3000, models: 3, dir: tempDir('bench') });
    expect(result.scrollOk, result.notes.join('\\n')).toBe(true);
    expect(result.bytes).toBeGreaterThan(1_000_000);
    expect(result.bytes).toBeLessThan(22 * 1024 * 1024);
    expect(result.firstPaintMs).toBeGreaterThan(0);
  });
});
