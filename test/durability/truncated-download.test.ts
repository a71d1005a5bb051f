// A downloaded output cut mid-line after its download (a killed copy, a full disk): the ledger's size and sha256 of
// what was downloaded find it, so score refuses and collect fetches it again. Before, score, collect and
// run --resume exited 0 and reported the answered records as "missing: job wrote no output line".
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { main } from '../../src/cli/main.ts';
import { ARITH, FAST_TIMING, latestRun, writeProject } from '../run/helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('a downloaded output cut short after its download', () => {
  it('is found by its recorded size; score refuses and collect / run --resume fetch it again', async () => {
    const dir = tempDir('truncated');
    emulator = await startEmulator({ timing: FAST_TIMING });
    const config = writeProject(dir, 120, { models: [ARITH], target: { kind: 'emulator', endpoint: emulator.endpoint } });
    const cli = async (...args: string[]) => {
      const io = captureIo(dir);
      const code = await main([...args, '--config', config], io);
      return { code, out: io.out(), err: io.err() };
    };
    expect((await cli('run')).code).toBe(0);
    const run = latestRun(dir);
    const shard = run.ledger.models[0]!.shards[0]!;
    const output = shard.downloaded![0]!;
    const file = path.join(run.runDir, output);
    const whole = fs.readFileSync(file);
    expect(shard.received?.find((r) => r.file === output)?.bytes).toBe(whole.length);
    const summary = fs.readFileSync(path.join(run.runDir, 'summary.csv'), 'utf8');
    const cut = () => fs.writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));

    cut();
    const score = await cli('score', run.id);
    expect(score.code).toBe(1);
    expect(score.err).toContain(`downloaded output file(s) are missing or damaged:\n  arith shard 0: ${output}`);

    const collect = await cli('collect', run.id);
    expect(collect.code, collect.err).toBe(0);
    expect(collect.err).toContain(`downloading them again: arith shard 0 (${output})`);
    expect(fs.readFileSync(file).equals(whole)).toBe(true);
    expect(fs.readFileSync(path.join(run.runDir, 'summary.csv'), 'utf8')).toBe(summary);

    // Same size, other bytes: the sha256 tells.
    const flipped = Buffer.from(whole);
    flipped[10] = flipped[10] === 0x41 ? 0x42 : 0x41;
    fs.writeFileSync(file, flipped);
    const resume = await cli('run', '--resume', run.id);
    expect(resume.code, resume.err).toBe(0);
    expect(resume.err).toContain('downloading them again');
    expect(fs.readFileSync(file).equals(whole)).toBe(true);
    // Not the old symptom (answered records reported missing); the verdict legend names "missing output" itself.
    expect(resume.out).not.toMatch(/wrote no output line/);
  });
});
