// `beval score` checks each output file's sha256 from the bytes scoring reads: what scoring reports for each file,
// on worker threads and in one thread, must be the file's sha256, keyed by its path in the ledger.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSyntheticRun } from '../../bench/synthetic.ts';
import { scoreRun } from '../../src/pipeline/score-run.ts';
import { loadConfig } from '../../src/config/load.ts';
import { readLedger } from '../../src/run/ledger.ts';
import { adviceFor } from '../../src/advice.ts';
import { sha256File } from '../../src/run/local-outputs.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('output files hashed while scoring reads them', () => {
  it.each([0, 2])('threads %i: one sha256 per output file, equal to the file\'s, before any report is written', async (threads) => {
    const dir = tempDir('hash-scoring');
    dirs.push(dir);
    const run = writeSyntheticRun({ dir, records: 1500, models: 3 });
    const config = await loadConfig(run.project, run.config);
    const ledger = readLedger(run.runDir);
    let seen: ReadonlyMap<string, string> | undefined;
    let reportsThen: string[] = [];
    await scoreRun(run.runDir, ledger, config, {
      advice: adviceFor(run.config), threads,
      verifyOutputs: (read) => {
        seen = read;
        reportsThen = fs.readdirSync(run.runDir).filter((f) => f === 'results.json' || f.endsWith('.tmp'));
      },
    });
    const files = ledger.models.flatMap((m) => m.shards.flatMap((s) => s.downloaded ?? []));
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(new Map([...seen!].sort())).toEqual(new Map(files.map((f) => [f, sha256File(path.join(run.runDir, f))] as [string, string]).sort()));
    expect(reportsThen).toEqual([]);
  });

  it('a verifyOutputs that throws stops scoring before any report is written', async () => {
    const dir = tempDir('hash-scoring');
    dirs.push(dir);
    const run = writeSyntheticRun({ dir, records: 300, models: 2 });
    const config = await loadConfig(run.project, run.config);
    await expect(scoreRun(run.runDir, readLedger(run.runDir), config, { advice: adviceFor(run.config), verifyOutputs: () => { throw new Error('damaged'); } })).rejects.toThrow('damaged');
    expect(fs.readdirSync(run.runDir).filter((f) => !['ledger.json', 'suite.jsonl', 'outputs'].includes(f))).toEqual([]);
  });
});
