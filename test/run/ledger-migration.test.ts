// A run started by the beval before the ledger's version 2 (judge jobs kept in `models`, marked `stage: 'judge'`)
// resumes as it would have: the fixture is a real run of that beval (commit b9df9b1), killed inside the judge stage
// (BEVAL_CRASH_AT=while-judging) with its generation jobs downloaded and its judge job created.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { readLedger, LEDGER_VERSION } from '../../src/run/ledger.ts';
import { migrateLedger } from '../../src/run/ledger-migrate.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const FIXTURE = new URL('../fixtures/ledger-v1-judges.tar.gz', import.meta.url).pathname;
const RUN_ID = '20261206-140858-b1b8';

let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function unpack(): string {
  dir = tempDir('ledger-v1');
  const tar = spawnSync('tar', ['-xzf', FIXTURE, '-C', dir], { encoding: 'utf8' });
  expect(tar.status, tar.stderr).toBe(0);
  return path.join(dir, 'reports', RUN_ID);
}

describe('a version-1 ledger', () => {
  it('is read as version 2: the judge model moves to `judges`, the models under evaluation stay, nothing else changes', () => {
    const runDir = unpack();
    const raw = JSON.parse(fs.readFileSync(path.join(runDir, 'ledger.json'), 'utf8')) as { version: number; models: { key: string; stage?: string; shards: unknown[] }[] };
    expect(raw.version).toBe(1);
    const judge = raw.models.find((m) => m.stage === 'judge')!;
    const ledger = readLedger(runDir);
    expect(ledger.version).toBe(LEDGER_VERSION);
    expect(ledger.models.map((m) => m.key)).toEqual(['arith', 'verbose']);
    expect(ledger.judges?.map((m) => m.key)).toEqual([judge.key]);
    expect(ledger.judges![0]).not.toHaveProperty('stage');
    expect(ledger.judges![0]!.shards).toEqual(judge.shards);
    // The file itself is untouched until the next write.
    expect(JSON.parse(fs.readFileSync(path.join(runDir, 'ledger.json'), 'utf8')).version).toBe(1);
  });

  it('resumes: the judge stage adopts its planned job instead of planning another, and every verdict is scored', async () => {
    const runDir = unpack();
    const io = captureIo(dir!);
    const code = await main(['run', '--resume', RUN_ID], io);
    expect(io.err()).not.toMatch(/Error|damaged/);
    expect(code).toBe(0);
    const ledger = readLedger(runDir);
    expect(JSON.parse(fs.readFileSync(path.join(runDir, 'ledger.json'), 'utf8')).version).toBe(LEDGER_VERSION);
    expect(ledger.phase).toBe('collected');
    expect(ledger.models.map((m) => m.key)).toEqual(['arith', 'verbose']);
    expect(ledger.judges).toHaveLength(1);
    const results = fs.readFileSync(path.join(runDir, 'results.json'), 'utf8');
    const summary = (JSON.parse(`${results.split('\n')[0]!.replace(/,$/, '')}]}`) as { summary: { judge?: { freshVerdicts: number; unscored: number }; models: { key: string }[] } }).summary;
    expect(summary.models.map((m) => m.key)).toEqual(['arith', 'verbose']);
    expect(summary.judge).toMatchObject({ freshVerdicts: 200, unscored: 0 });
  }, 60_000);

  it('leaves a ledger of an unknown version alone, with a message naming the versions it reads', () => {
    expect(migrateLedger({ version: 7, models: [] })).toEqual({ version: 7, models: [] });
    const runDir = unpack();
    const file = path.join(runDir, 'ledger.json');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"version": 1', '"version": 7'));
    expect(() => readLedger(runDir)).toThrow(/is not a beval ledger of version 1 or 2/);
  });
});
