// With only summary.csv and results.json chosen, two report threads write results.json's two halves and the second
// is appended to the first: the file must be byte for byte the one a single thread writes, whatever the split point.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSyntheticRun } from '../../bench/synthetic.ts';
import { scoreRun } from '../../src/pipeline/score-run.ts';
import { loadConfig } from '../../src/config/load.ts';
import { readLedger } from '../../src/run/ledger.ts';
import { adviceFor } from '../../src/advice.ts';
import { chooseReporters } from '../../src/report/reporters.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('results.json written in two parts', () => {
  // 2,100 records: the halves split at record 1,280 (a cell bucket boundary), not at the middle.
  it.each([2100, 1024 * 4])('%i records × 3 models: the same bytes as one thread, and no part file left', async (records) => {
    const dir = tempDir('results-parts');
    dirs.push(dir);
    const run = writeSyntheticRun({ dir, records, models: 3 });
    const config = await loadConfig(run.project, run.config);
    const score = async (threads: number): Promise<Buffer> => {
      await scoreRun(run.runDir, readLedger(run.runDir), config, { advice: adviceFor(run.config), threads, reports: chooseReporters('summary,results') });
      return fs.readFileSync(path.join(run.runDir, 'results.json'));
    };
    const single = await score(0);
    const parts = await score(2);
    expect(parts.equals(single)).toBe(true);
    expect((JSON.parse(parts.toString('utf8')) as { records: unknown[] }).records).toHaveLength(records);
    expect(fs.readdirSync(run.runDir).filter((f) => f.includes('.part') || f.endsWith('.tmp'))).toEqual([]);
  });
});
