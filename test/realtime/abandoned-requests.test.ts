// When the realtime stage fails part-way (an unreadable input line, a disk that refuses a write), requests already
// sent are still answered and billed: they must be waited for and written before the command gives up.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { ARITH, FAST_TIMING, VERBOSE, latestRun, writeProject } from '../run/helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const N = 30;
const BAD_LINE = 12;

function lineIds(runDir: string, key: string): string[] {
  const file = path.join(runDir, 'outputs', key, 'realtime', 'shard-0.jsonl.out');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { recordId: string }).recordId) : [];
}

describe('a failure in the middle of the realtime stage', () => {
  let emu: RunningEmulator;
  let dir: string;
  afterAll(async () => {
    await emu?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes the answer of every request already sent, in every model, before the command fails', async () => {
    // Slow answers, so several requests of each model are in flight when the bad line is read.
    emu = await startEmulator({ timing: FAST_TIMING, faults: [{ kind: 'slow', latencyMs: 60 }] });
    dir = tempDir('rt-abandon');
    const config = writeProject(dir, N, { models: [ARITH, VERBOSE], mode: 'realtime', realtime: { concurrency: 3 }, target: { kind: 'emulator', endpoint: emu.endpoint } });
    const submit = captureIo(dir);
    expect(await main(['submit', '--config', config], submit), submit.out() + submit.err()).toBe(0);
    const { id, runDir } = latestRun(dir);
    const input = path.join(runDir, 'inputs', 'arith', 'shard-0', 'part-0.jsonl');
    const lines = fs.readFileSync(input, 'utf8').split('\n');
    lines[BAD_LINE] = '{"recordId": "r0012", "modelInput": ';
    fs.writeFileSync(input, lines.join('\n'));

    const io = captureIo(dir);
    expect(await main(['collect', id, '--config', config], io)).toBe(1);
    expect(io.err()).toContain('part-0.jsonl:13');
    // Every request the emulator answered has its line: nothing was left for a resume to pay for again.
    const sent = emu.counters().converseCalls;
    expect(lineIds(runDir, 'arith')).toHaveLength(sent[ARITH.id] ?? 0);
    expect(lineIds(runDir, 'verbose')).toHaveLength(sent[VERBOSE.id] ?? 0);
    expect(sent[ARITH.id]).toBeLessThanOrEqual(BAD_LINE);
    // The other model stopped too (it would otherwise go on alone after the command has given up).
    expect(sent[VERBOSE.id]).toBeLessThan(N);
    // Let any request still running land: nothing may arrive (or throw) after the command returned.
    await new Promise((r) => setTimeout(r, 300));
    expect(emu.counters().converseCalls).toEqual(sent);
    expect(lineIds(runDir, 'arith')).toHaveLength(sent[ARITH.id] ?? 0);
  });
});
