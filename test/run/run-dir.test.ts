// "The latest run" is the run started last, also when two runs started within the same second.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listRunIds, resolveRunDir } from '../../src/run/run-dir.ts';
import { LEDGER_FILE } from '../../src/run/ledger.ts';
import { adviceFor } from '../../src/advice.ts';

let outDir: string;
afterEach(() => fs.rmSync(outDir, { recursive: true, force: true }));

function run(id: string, ledger: string): void {
  fs.mkdirSync(path.join(outDir, id), { recursive: true });
  fs.writeFileSync(path.join(outDir, id, LEDGER_FILE), ledger);
}

describe('listRunIds', () => {
  it('orders runs of one second by their ledgers\' creation time, not by the random suffix', () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-run-dir-'));
    run('20261125-100000-ffff', JSON.stringify({ createdAt: '2026-11-25T10:00:00.100Z' }));
    run('20261125-100000-0000', JSON.stringify({ createdAt: '2026-11-25T10:00:00.900Z' }));
    run('20261125-095959-aaaa', JSON.stringify({ createdAt: '2026-11-25T09:59:59.999Z' }));
    run('20261125-100001-1111', JSON.stringify({ createdAt: '2026-11-25T10:00:01.000Z' }));
    fs.mkdirSync(path.join(outDir, 'not-a-run'));
    expect(listRunIds(outDir)).toEqual(['20261125-095959-aaaa', '20261125-100000-ffff', '20261125-100000-0000', '20261125-100001-1111']);
    fs.rmSync(path.join(outDir, '20261125-100001-1111'), { recursive: true });
    expect(resolveRunDir(outDir, undefined, adviceFor())).toBe(path.join(outDir, '20261125-100000-0000'));
  });

  it('keeps the plain id order within a second when one of its ledgers cannot be read', () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-run-dir-'));
    run('20261125-100000-ffff', JSON.stringify({ createdAt: '2026-11-25T10:00:00.100Z' }));
    run('20261125-100000-0000', '{"createdAt": "2026-11-25T10:00:00.900Z", "mod');
    expect(listRunIds(outDir)).toEqual(['20261125-100000-0000', '20261125-100000-ffff']);
  });
});

describe('resolveRunDir refuses what is not a run of outDir', () => {
  it('a run id that is not of the run id form (a path such as ../../outside/x), and a run folder linked outside', () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-run-dir-'));
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-outside-'));
    fs.mkdirSync(path.join(outside, 'x'));
    fs.writeFileSync(path.join(outside, 'x', LEDGER_FILE), '{}');
    const escape = path.relative(outDir, path.join(outside, 'x'));
    expect(() => resolveRunDir(outDir, escape, adviceFor())).toThrow(`${JSON.stringify(escape)} is not a run id`);
    fs.symlinkSync(path.join(outside, 'x'), path.join(outDir, '20261125-100000-abcd'));
    expect(() => resolveRunDir(outDir, '20261125-100000-abcd', adviceFor())).toThrow('is not inside the outDir');
    expect(() => resolveRunDir(outDir, undefined, adviceFor())).toThrow('is not inside the outDir');
    fs.rmSync(outside, { recursive: true, force: true });
  });
});
