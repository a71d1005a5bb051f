// The summary's message per error code comes from the code's first record in suite order, whatever the line order.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { readLedger } from '../../src/run/ledger.ts';
import { scoreRun } from '../../src/pipeline/score-run.ts';
import { writeSyntheticRun } from '../../bench/synthetic.ts';
import { adviceFor } from '../../src/advice.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-error-messages-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function errorLine(recordId: string, code: number, message: string): string {
  return JSON.stringify({ recordId, modelInput: {}, error: { errorCode: code, errorMessage: message } });
}

describe('summary errorMessages', () => {
  it.each([['suite order', false], ['reversed', true]])('keeps the earliest record\'s message per code with lines in %s', async (_, reversed) => {
    const run = writeSyntheticRun({ dir: fs.mkdtempSync(path.join(dir, 'run-')), records: 200, models: 1, textChars: 50 });
    const file = run.outputFiles[0]!;
    const ids = fs.readFileSync(path.join(run.runDir, 'suite.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { recordId: string }).recordId);
    const errors = new Map([
      [ids[3]!, errorLine(ids[3]!, 400, 'first 400')],
      [ids[150]!, errorLine(ids[150]!, 400, 'later 400')],
      [ids[7]!, errorLine(ids[7]!, 503, 'only 503')],
    ]);
    const kept = fs.readFileSync(file, 'utf8').trim().split('\n').filter((l) => !errors.has((JSON.parse(l) as { recordId: string }).recordId));
    const bad = [errors.get(ids[3]!)!, errors.get(ids[7]!)!, errors.get(ids[150]!)!];
    if (reversed) bad.reverse();
    fs.writeFileSync(file, `${[...bad, ...kept].join('\n')}\n`);
    const config = await loadConfig(run.project, run.config);
    const { summary } = await scoreRun(run.runDir, readLedger(run.runDir), config, { advice: adviceFor(), threads: 1 });
    const m = summary.perModel[0]!;
    expect(m.errorCodes).toEqual({ 400: 2, 503: 1 });
    expect(m.errorMessages).toEqual({ 400: 'first 400', 503: 'only 503' });
  }, 60_000);
});
