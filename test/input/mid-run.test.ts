// Mid-run mistakes: a deleted or torn output, a torn ledger. Each gets a message saying how to recover, and nothing
// already downloaded or recorded is lost or overwritten.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { main } from '../../src/cli/main.ts';
import { ARITH, FAST_TIMING, FLAKY, latestRun, writeProject } from '../run/helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

let emulator: RunningEmulator | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A collected run of two models on 120 records; `standalone` keeps its S3 objects beyond one command. */
async function collectedRun(standalone: boolean) {
  const dir = tempDir('input-midrun');
  dirs.push(dir);
  if (standalone) emulator = await startEmulator({ timing: FAST_TIMING });
  const target = standalone ? { kind: 'emulator', endpoint: emulator!.endpoint } : { kind: 'emulator', timing: FAST_TIMING };
  const config = writeProject(dir, 120, { models: [ARITH, FLAKY], target });
  const cli = async (...args: string[]) => {
    const io = captureIo(dir);
    const code = await main([...args, '--config', config], io);
    return { code, out: io.out(), err: io.err() };
  };
  const first = await cli('run');
  expect(first.code, first.err).toBe(0);
  const run = latestRun(dir);
  const flaky = run.ledger.models.find((m) => m.key === 'flaky')!.shards[0]!;
  const read = (f: string) => fs.readFileSync(path.join(run.runDir, f), 'utf8');
  return { dir, config, cli, run, output: flaky.downloaded![0]!, manifest: flaky.manifest!, read };
}

describe('a downloaded output deleted or torn after the run', () => {
  it('changed in place, same size: score reads and hashes it once, then refuses before writing anything; collect fetches it again', async () => {
    const { cli, run, output, read } = await collectedRun(true);
    // Each download records the file's stamp (size, mtime, inode) beside its sha256.
    const flaky = run.ledger.models.find((m) => m.key === 'flaky')!.shards[0]!;
    expect(flaky.received!.length).toBeGreaterThan(0);
    for (const r of flaky.received!) expect(r).toMatchObject({ mtimeMs: fs.statSync(path.join(run.runDir, r.file)).mtimeMs, ino: fs.statSync(path.join(run.runDir, r.file)).ino });
    const reports = ['summary.csv', 'records.csv', 'scores.csv', 'results.json', 'report.html', 'results.parquet', 'summary.md'];
    const before = Object.fromEntries(reports.map((f) => [f, read(f)]));
    // One answer's digit changed: a file of the recorded size whose bytes are not what was downloaded.
    const file = path.join(run.runDir, output);
    const bytes = fs.readFileSync(file);
    const at = bytes.indexOf('"text":"') + 8;
    const digit = bytes.subarray(at).findIndex((b) => b >= 0x30 && b <= 0x39) + at;
    bytes[digit] = bytes[digit] === 0x31 ? 0x32 : 0x31;
    fs.writeFileSync(file, bytes);

    const score = await cli('score', run.id);
    expect(score.code).toBe(1);
    expect(score.err).toContain(`beval: Run ${run.id}: downloaded output file(s) are missing or damaged:\n  flaky shard 0: ${output}\n`);
    expect(score.err).toContain('Nothing was re-scored and the reports are unchanged.');
    for (const f of reports) expect(read(f), f).toBe(before[f]);
    expect(fs.readdirSync(run.runDir).filter((f) => f.endsWith('.tmp') || f === '.work')).toEqual([]);

    const collect = await cli('collect', run.id);
    expect(collect.code, collect.err).toBe(0);
    expect(collect.err).toContain(`downloading them again: flaky shard 0 (${output})`);
    expect(read('results.json')).toBe(before['results.json']);
  });

  it('score refuses naming the file and leaves the reports; collect downloads it again and scores the same', async () => {
    const { config, cli, run, output, read } = await collectedRun(true);
    const summary = read('summary.csv');
    const ledger = read('ledger.json');
    fs.rmSync(path.join(run.runDir, output));

    const score = await cli('score', run.id);
    expect(score.code).toBe(1);
    expect(score.err).toContain(`beval: Run ${run.id}: downloaded output file(s) are missing or damaged:\n  flaky shard 0: ${output}\n`);
    // The advice carries the --config this command was given, so it finds the run as typed.
    expect(score.err).toContain(`\`beval collect ${run.id} --config ${config}\` downloads them again and scores.`);
    expect(score.err).not.toMatch(/unexpected error|^\s+at /m);
    expect(read('summary.csv')).toBe(summary);

    const collect = await cli('collect', run.id);
    expect(collect.code, collect.err).toBe(0);
    expect(collect.err).toContain(`warning: downloaded output file(s) missing or damaged, downloading them again: flaky shard 0 (${output})`);
    expect(read('summary.csv')).toBe(summary);
    // The same ledger, but for the fetched file's new stamp (its mtime and inode).
    const unstamped = (text: string) => JSON.stringify(JSON.parse(text).models, (k, v) => (k === 'mtimeMs' || k === 'ino' ? undefined : v));
    expect(unstamped(read('ledger.json'))).toEqual(unstamped(ledger));
  });

  it('a torn manifest is fetched again too', async () => {
    const { cli, run, manifest, read } = await collectedRun(true);
    const summary = read('summary.csv');
    fs.writeFileSync(path.join(run.runDir, manifest), read(manifest).slice(0, 20));
    const score = await cli('score', run.id);
    expect(score.code).toBe(1);
    expect(score.err).toContain(`flaky shard 0: ${manifest}`);
    const collect = await cli('collect', run.id);
    expect(collect.code, collect.err).toBe(0);
    expect(read('summary.csv')).toBe(summary);
  });

  it('on the in-process emulator, whose objects are gone, collect stops saying what to restore and changes nothing', async () => {
    const { config, cli, run, output, read } = await collectedRun(false);
    const ledger = read('ledger.json');
    const summary = read('summary.csv');
    fs.rmSync(path.join(run.runDir, output));
    const collect = await cli('collect', run.id);
    expect(collect.code).toBe(1);
    expect(collect.err).toContain(`could not be fetched again from S3:\n  flaky shard 0: ${output}\nRestore them into ${run.runDir} (from a backup, or from the job's output folder in S3) and run \`beval collect ${run.id} --config ${config}\` again; the other outputs and the ledger are unchanged.\n`);
    expect(collect.err).not.toMatch(/realtime/i);
    expect(collect.err).not.toMatch(/unexpected error|^\s+at /m);
    expect(read('ledger.json')).toBe(ledger);
    expect(read('summary.csv')).toBe(summary);
  });
});

describe('a realtime output deleted after the run', () => {
  it('collect and score say it exists only in the run directory and what can bring it back, and change nothing', async () => {
    const dir = tempDir('input-midrun-rt');
    dirs.push(dir);
    const config = writeProject(dir, 20, { models: [ARITH], mode: 'realtime', target: { kind: 'emulator', timing: FAST_TIMING } });
    const first = captureIo(dir);
    expect(await main(['run', '--config', config], first), first.err()).toBe(0);
    const run = latestRun(dir);
    const shard = run.ledger.models[0]!.shards[0]!;
    expect(shard.mode).toBe('realtime');
    const output = shard.downloaded![0]!;
    const ledger = fs.readFileSync(path.join(run.runDir, 'ledger.json'), 'utf8');
    fs.rmSync(path.join(run.runDir, output));

    const collect = captureIo(dir);
    expect(await main(['collect', run.id, '--config', config], collect)).toBe(1);
    expect(collect.err()).toBe(`beval: Run ${run.id}: realtime output file(s) are missing or damaged:\n  arith shard 0: ${output}\n`
      + `Realtime answers are written only to the run directory (nothing is kept in S3), so beval cannot fetch them again and no resume sends those records again. `
      + `Restore them into ${run.runDir} from a backup and run \`beval collect ${run.id} --config ${config}\` again, or start a new run (\`beval run --config ${config}\`), which sends the records again and is billed again; `
      + `the other outputs and the ledger are unchanged.\n`);
    expect(fs.readFileSync(path.join(run.runDir, 'ledger.json'), 'utf8')).toBe(ledger);

    // score does not promise that collect downloads a realtime answer again.
    const score = captureIo(dir);
    expect(await main(['score', run.id, '--config', config], score)).toBe(1);
    expect(score.err()).toContain(`arith shard 0: ${output}\nNothing was re-scored and the reports are unchanged. \`beval collect ${run.id} --config ${config}\` downloads batch jobs' files again; realtime answers are kept only in the run directory, so restore those from a backup`);
  });
});

describe('a torn ledger', () => {
  it('status says how to recover and changes nothing; runs still lists the other runs', async () => {
    const { cli, run, read } = await collectedRun(false);
    const second = await cli('run');
    expect(second.code, second.err).toBe(0);
    const torn = read('ledger.json').slice(0, 100);
    fs.writeFileSync(path.join(run.runDir, 'ledger.json'), torn);

    const status = await cli('status', run.id);
    expect(status.code).toBe(1);
    expect(status.err).toMatch(/^beval: Cannot read the run ledger .*ledger\.json: .*JSON.*\. beval writes it atomically, so it was changed outside beval: restore it from a backup\./);
    expect(status.err).toContain('Nothing was changed.');
    expect(read('ledger.json')).toBe(torn);

    const runs = await cli('runs');
    expect(runs.code, runs.err).toBe(0);
    expect(runs.out).toMatch(new RegExp(`${run.id}(\\s+-)+\\s+unreadable ledger`));
    expect(runs.out).toMatch(/collected/);
  });
});
