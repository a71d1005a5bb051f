// The quick check of downloaded outputs: a file with the size, mtime and inode recorded at its download is not read
// to be hashed; any file written since is, and a ledger from before the stamp has every file hashed.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSyntheticRun } from '../../bench/synthetic.ts';
import { readLedger } from '../../src/run/ledger.ts';
import { contentToCheck, damagedOutputs, sha256File } from '../../src/run/local-outputs.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function stampedRun() {
  const dir = tempDir('stamp');
  dirs.push(dir);
  return writeSyntheticRun({ dir, records: 200, models: 2 });
}

describe('downloaded outputs: the quick check', () => {
  it('reads no file whose stamp is unchanged, and hashes only the one written since (same size), which it finds damaged', () => {
    const run = stampedRun();
    const ledger = readLedger(run.runDir);
    const hashed: string[] = [];
    const spy = (file: string, local: string): string => {
      hashed.push(local);
      return sha256File(file);
    };
    expect(damagedOutputs(run.runDir, ledger, spy)).toEqual([]);
    expect(hashed).toEqual([]);
    expect(contentToCheck(run.runDir, ledger)).toBe(false);

    // Same size, one byte changed, written later: the mtime moves (set explicitly, so a coarse clock cannot hide it).
    const local = ledger.models[1]!.shards[0]!.downloaded![0]!;
    const file = path.join(run.runDir, local);
    const bytes = fs.readFileSync(file);
    const at = bytes.indexOf('A: ') + 3;
    bytes[at] = bytes[at]! ^ 1;
    fs.writeFileSync(file, bytes);
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    expect(contentToCheck(run.runDir, ledger)).toBe(true);
    const damaged = damagedOutputs(run.runDir, ledger, spy);
    expect(hashed).toEqual([local]);
    expect(damaged.map((d) => d.files)).toEqual([[local]]);
  });

  it('hashes every file of a ledger written before the stamp', () => {
    const run = stampedRun();
    const ledger = readLedger(run.runDir);
    for (const m of ledger.models) for (const s of m.shards) s.received = s.received!.map(({ mtimeMs: _m, ino: _i, ...rest }) => rest);
    const hashed: string[] = [];
    expect(damagedOutputs(run.runDir, ledger, (file, local) => (hashed.push(local), sha256File(file)))).toEqual([]);
    expect(hashed.sort()).toEqual(ledger.models.flatMap((m) => m.shards.flatMap((s) => s.downloaded!)).sort());
    expect(contentToCheck(run.runDir, ledger)).toBe(true);
  });
});
