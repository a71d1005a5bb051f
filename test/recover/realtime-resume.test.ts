// Realtime recovery through the CLI and the real SDK against a standalone emulator: a per-day quota stops the run
// cleanly and a later resume finishes it with every record answered once; a throttled record gets no line, the
// attempt is in the ledger, and a later pass sends it again.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { EXIT } from '../../src/cli/io.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { ARITH, FAST_TIMING, latestRun, readResults, writeProject } from '../run/helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const N = 24;
let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

function lineIds(runDir: string): string[] {
  const file = path.join(runDir, 'outputs', 'arith', 'realtime', 'shard-0.jsonl.out');
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { recordId: string }).recordId);
}

describe('realtime runs that resume', () => {
  it('a per-day quota stops the run with exit 4 and "resume tomorrow"; the resume answers every record once', async () => {
    // The 9th Converse call and the SDK's 5 retries of it meet the quota; after that the "next day" has come.
    emu = await startEmulator({ timing: FAST_TIMING, faults: [{ kind: 'daily-quota', after: 8, n: 6 }] });
    const dir = tempDir('rt-quota');
    const config = writeProject(dir, N, { models: [ARITH], mode: 'realtime', realtime: { concurrency: 1 }, target: { kind: 'emulator', endpoint: emu.endpoint } });
    const first = captureIo(dir);
    expect(await main(['run', '--config', config], first), first.err()).toBe(EXIT.dailyQuota);
    const { id, runDir, ledger } = latestRun(dir);
    expect(first.err()).toContain('quota for today reached (arith: ThrottlingException: Too many tokens per day, please wait before trying again.)');
    expect(first.err()).toContain(`resume tomorrow with \`beval run --resume ${id} --config ${config}\``);
    // Not a suite of errors: the 8 answers are kept, nothing else has a line, no attempt is charged to a record.
    expect(lineIds(runDir)).toHaveLength(8);
    expect(ledger.models[0]!.shards[0]!.status).toBe('InProgress');
    expect(ledger.models[0]!.shards[0]!.attempts ?? {}).toEqual({});
    expect(fs.existsSync(path.join(runDir, 'results.json'))).toBe(false);

    const resume = captureIo(dir);
    expect(await main(['run', '--resume', id, '--config', config], resume), resume.err()).toBe(0);
    const ids = lineIds(runDir);
    expect(ids).toHaveLength(N);
    expect(new Set(ids).size).toBe(N);
    // Answered once each: N answers plus the 6 refused attempts of the one request that met the quota.
    expect(emu.counters().converseCalls[ARITH.id]).toBe(N + 6);
    const pm = readResults(runDir).summary.perModel[0]!;
    expect({ ok: pm.ok, errors: pm.errors, notRun: pm.notRun }).toEqual({ ok: N, errors: 0, notRun: 0 });
  });

  it('a request throttled past the SDK retries writes no line, its attempt is in the ledger, and the next pass answers it', async () => {
    // 6 throttles: exactly the SDK's attempts for the first request, then the model answers.
    emu = await startEmulator({ timing: FAST_TIMING, faults: [{ kind: 'throttle', n: 6, op: 'Converse' }] });
    const dir = tempDir('rt-throttle');
    const config = writeProject(dir, N, { models: [ARITH], mode: 'realtime', realtime: { concurrency: 1, maxAttempts: 3 }, target: { kind: 'emulator', endpoint: emu.endpoint } });
    const io = captureIo(dir);
    expect(await main(['run', '--config', config], io), io.err()).toBe(0);
    const { runDir, ledger } = latestRun(dir);
    expect(io.err() + io.out()).toContain("arith shard 0: 1 record(s) throttled, timed out or refused with a 5xx after the SDK's retries: no line written, sending them again (pass 2, at most 3 attempts each)");
    expect(ledger.models[0]!.shards[0]!.attempts).toEqual({ r0000: 1 });
    const ids = lineIds(runDir);
    expect(new Set(ids).size).toBe(N);
    // The throttled record went last, in the second pass.
    expect(ids.at(-1)).toBe('r0000');
    const pm = readResults(runDir).summary.perModel[0]!;
    expect({ ok: pm.ok, errors: pm.errors }).toEqual({ ok: N, errors: 0 });
  });
});
