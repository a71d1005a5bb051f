// SIGKILL `beval run --realtime` mid-run, resume it: no record answered twice, at most the in-flight requests repeated.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { allShards } from '../../src/run/ledger.ts';
import { ARITH, FAST_TIMING, latestRun, readResults, writeProject } from '../run/helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const BIN = fileURLToPath(new URL('../../bin/beval.js', import.meta.url));
const N = 60;
const CONCURRENCY = 3;

function lineIds(runDir: string): string[] {
  const file = path.join(runDir, 'outputs', 'arith', 'realtime', 'shard-0.jsonl.out');
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).flatMap((l) => {
    try {
      return [(JSON.parse(l) as { recordId: string }).recordId];
    } catch {
      return []; // a torn tail: the resume cuts it
    }
  });
}

describe('realtime crash (SIGKILL) and resume', () => {
  let emu: RunningEmulator;
  let dir: string;
  afterAll(async () => {
    await emu?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('resumes from the output file: every record once, only requests in flight at the kill sent again', async () => {
    emu = await startEmulator({ timing: FAST_TIMING, faults: [{ kind: 'slow', latencyMs: 20 }] });
    dir = tempDir('rt-crash');
    const config = writeProject(dir, N, { models: [ARITH], mode: 'realtime', realtime: { concurrency: CONCURRENCY }, target: { kind: 'emulator', endpoint: emu.endpoint } });

    const killedAt = await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'run', '--config', config], {
        cwd: dir, stdio: 'ignore', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      });
      let lines = 0;
      const watch = setInterval(() => {
        const reports = path.join(dir, 'reports');
        const run = fs.existsSync(reports) ? fs.readdirSync(reports)[0] : undefined;
        lines = run ? lineIds(path.join(reports, run)).length : 0;
        if (lines >= 15) child.kill('SIGKILL');
      }, 2);
      child.on('error', reject);
      child.on('exit', (_code, signal) => {
        clearInterval(watch);
        if (signal !== 'SIGKILL') reject(new Error(`the run ended by itself (${signal ?? 'exit'}) before it was killed`));
        else resolve(lines);
      });
    });
    const { id, runDir } = latestRun(dir);
    const before = lineIds(runDir).length;
    expect(before).toBeGreaterThanOrEqual(killedAt);
    expect(before).toBeLessThan(N);

    const io = captureIo(dir);
    expect(await main(['run', '--resume', id, '--config', config], io), io.out() + io.err()).toBe(0);
    const ids = lineIds(runDir);
    expect(ids).toHaveLength(N);
    expect(new Set(ids).size).toBe(N);
    // The resume sent exactly the records that had no line; over both processes, the only requests sent twice are
    // those in flight at the kill (answered by the emulator, never written).
    expect(io.out()).toContain(`realtime, ${N - before} of ${N} records to send`);
    const total = emu.counters().converseCalls[ARITH.id] ?? 0;
    expect(total).toBeGreaterThanOrEqual(N);
    expect(total).toBeLessThanOrEqual(N + CONCURRENCY);
    expect(allShards(latestRun(dir).ledger)[0]!.shard).toMatchObject({ status: 'Completed', counts: { total: N, processed: N } });
    expect(readResults(runDir).summary.perModel[0]).toMatchObject({ ok: N, missing: 0, notRun: 0 });
  });
});
