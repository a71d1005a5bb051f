// Output lines the emulator never writes on its own (unknown recordIds, an error line for a record already seen),
// planted in a run's downloaded outputs and re-scored with `beval score`: counted and reported, never joined.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { main } from '../../src/cli/main.ts';
import { acceptEditedOutputs, ARITH, FAST_TIMING, latestRun, readResults, writeProject } from '../run/helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

it('unknown recordIds and a late duplicate are counted in the notes; a reply beats a late error line', async () => {
  emulator = await startEmulator({ timing: FAST_TIMING });
  const dir = tempDir('unknown');
  const config = writeProject(dir, 150, { models: [ARITH], target: { kind: 'emulator', endpoint: emulator.endpoint } });
  expect(await main(['run', '--config', config], captureIo(dir))).toBe(0);
  const { runDir, ledger } = latestRun(dir);
  const before = readResults(runDir).summary.perModel[0]!;
  const file = path.join(runDir, ledger.models[0]!.shards[0]!.downloaded![0]!);
  const stranger = (id: string) => JSON.stringify({ recordId: id, modelInput: {}, modelOutput: { output: { message: { role: 'assistant', content: [{ text: '1' }] } }, stopReason: 'end_turn', usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } } });
  const lateError = JSON.stringify({ recordId: 'r0007', modelInput: {}, error: { errorCode: 500, errorMessage: 'late duplicate' } });
  fs.appendFileSync(file, `${stranger('zz-unknown-1')}\n${stranger('zz-unknown-2')}\n${lateError}\n`);
  acceptEditedOutputs(runDir);

  const io = captureIo(dir);
  expect(await main(['score', '--config', config], io)).toBe(0);
  const { summary, records } = readResults(runDir);
  const m = summary.perModel[0]!;
  expect({ ok: m.ok, errors: m.errors, missing: m.missing, notRun: m.notRun }).toEqual({ ok: before.ok, errors: before.errors, missing: 0, notRun: 0 });
  expect(records.find((r) => r.recordId === 'r0007')!.cells.arith!.status).toBe('ok');
  expect(m.notes).toContain('1 duplicate output line(s) ignored (a reply beats an error, then the line with the smaller hash; see docs/runs.md), e.g. r0007 (2 lines disagree)');
  expect(m.notes).toContain('2 output line(s) with a recordId not in the suite, e.g. zz-unknown-1, zz-unknown-2');
  expect(io.out()).toMatch(/Notes:\n {2}arith: 1 duplicate output line/);
});
