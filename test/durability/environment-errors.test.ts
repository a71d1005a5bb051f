// What a misbehaving machine looks like from the terminal: a full disk, a read-only or unwritable run folder, a damaged
// ledger, an outDir that cannot be a folder. Each is one clear line saying what to do, never "unexpected error" and a
// stack trace, and the ledger and reports stay as they were.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { startEmulator } from '../../src/emulator/index.ts';
import { main } from '../../src/cli/main.ts';
import { ARITH, FAST_TIMING, latestRun, writeProject } from '../run/helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { runBevalProcess } from '../helpers/cli-process.ts';
import { smallDisk } from '../helpers/small-disk.ts';

const disk = smallDisk(20);
afterAll(() => disk?.dispose());
afterEach(() => {
  vi.restoreAllMocks();
  disk?.free();
});

function project(dir: string, outDir = 'reports', records = 120, endpoint?: string) {
  const target = endpoint ? { kind: 'emulator', endpoint } : { kind: 'emulator', timing: FAST_TIMING };
  const config = writeProject(dir, records, { models: [ARITH], target, outDir });
  const cli = async (...args: string[]) => {
    const io = captureIo(dir);
    const code = await main([...args, '--config', config], io);
    return { code, out: io.out(), err: io.err() };
  };
  return { config, cli };
}

const snapshot = (runDir: string) => Object.fromEntries(['ledger.json', 'summary.csv', 'records.csv', 'results.json', 'report.html']
  .map((f) => [f, fs.readFileSync(path.join(runDir, f), 'utf8')]));

describe.skipIf(!disk)('a full disk (20 MB tmpfs)', () => {
  it('while re-collecting: one line saying so and how to resume; ledger and reports intact; the resume then works', async () => {
    const dir = fs.mkdtempSync(path.join(disk!.dir, 'p-'));
    const { config, cli } = project(dir);
    expect((await cli('run')).code).toBe(0);
    const run = latestRun(dir);
    const before = snapshot(run.runDir);
    disk!.fill(4096);
    const full = await cli('run', '--resume', run.id);
    expect(full.code).toBe(1);
    expect(full.err).toMatch(new RegExp(`^beval: no space left on device \\(\\w+ ${run.runDir}/.*\\)\\. .*free space and run \`beval run --resume ${run.id} --config ${config}\`\\.\\n$`));
    expect(snapshot(run.runDir)).toEqual(before);
    disk!.free();
    const again = await cli('run', '--resume', run.id);
    expect(again.code, again.err).toBe(0);
  });

  it('while planning: nothing to resume, so it says to run the command again', async () => {
    const dir = fs.mkdtempSync(path.join(disk!.dir, 'p-'));
    const { cli } = project(dir, 'reports', 3000);
    disk!.fill(64 * 1024);
    const full = await cli('run');
    expect(full.code).toBe(1);
    expect(full.err).toMatch(/^beval: no space left on device \(.*\)\. .*free space and run the command again\.\n$/);
  });
});

describe.skipIf(!disk)('a read-only run folder', () => {
  it('status shows the ledger without polling; collect says the folder is read-only', async () => {
    const dir = fs.mkdtempSync(path.join(disk!.dir, 'p-'));
    const emulator = await startEmulator({ timing: FAST_TIMING });
    onTestFinished(() => emulator.close());
    const endpointProject = project(dir, 'reports', 120, emulator.endpoint);
    expect((await endpointProject.cli('run')).code).toBe(0);
    const run = latestRun(dir);
    try { execFileSync('mount', ['-o', 'remount,ro', disk!.dir], { stdio: 'pipe' }); } catch (e) { throw new Error(String((e as { stderr?: Buffer }).stderr)); }
    try {
      const status = await endpointProject.cli('status', run.id);
      expect(status.code, status.err).toBe(0);
      expect(status.out).toContain(`Run ${run.id}: collected (from the ledger, not polled: ${run.runDir} is read-only)`);
      const collect = await endpointProject.cli('collect', run.id);
      expect(collect.code).toBe(1);
      expect(collect.err).toMatch(/^beval: the file system is read-only \(.*run\.lock.*\)\. .*make the folder writable/);
      expect(collect.err).not.toMatch(/unexpected error|^\s+at /m);
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', disk!.dir]);
    }
  });
});

describe('clear errors', () => {
  it('a permission error mid-run names the file it hit, not the lock release that followed it', async () => {
    const dir = tempDir('eacces');
    const { cli } = project(dir);
    const realRename = fs.renameSync;
    const realRm = fs.rmSync;
    const denied = (p: fs.PathLike) => Object.assign(new Error(`EACCES: permission denied, '${String(p)}'`), { code: 'EACCES', syscall: 'rename', path: String(p) });
    let renames = 0;
    vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      if (String(to).endsWith('ledger.json') && ++renames === 3) throw denied(to);
      realRename(from, to);
    });
    vi.spyOn(fs, 'rmSync').mockImplementation((p, o) => {
      if (String(p).endsWith('run.lock')) throw Object.assign(denied(p), { syscall: 'rm' });
      realRm(p, o);
    });
    const res = await cli('run');
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/^beval: permission denied \(rename .*ledger\.json\)\. /);
    expect(res.err).not.toMatch(/unexpected error|^\s+at /m);
  });

  it('a ledger that is valid JSON but damaged names the field', async () => {
    const dir = tempDir('damaged');
    const { cli } = project(dir);
    expect((await cli('run')).code).toBe(0);
    const run = latestRun(dir);
    const file = path.join(run.runDir, 'ledger.json');
    const ledger = JSON.parse(fs.readFileSync(file, 'utf8'));
    ledger.models[0].shards[0].end = 'soon';
    fs.writeFileSync(file, JSON.stringify(ledger));
    for (const command of ['status', 'collect', 'score']) {
      const res = await cli(command, run.id);
      expect(res.code).toBe(1);
      expect(res.err).toContain('ledger.json is damaged: models[0].shards[0].end: expected a number.');
      expect(res.err).not.toMatch(/unexpected error|^\s+at /m);
    }
    ledger.models[0].shards[0].end = 120;
    ledger.models[0].shards[0].downloaded = ['../../../etc/passwd'];
    fs.writeFileSync(file, JSON.stringify(ledger));
    expect((await cli('score', run.id)).err).toContain('models[0].shards[0].downloaded: expected a path inside the run folder');
  });

  it('an outDir that is a file', async () => {
    const dir = tempDir('outdir-file');
    fs.writeFileSync(path.join(dir, 'reports'), 'not a folder');
    const { cli } = project(dir);
    for (const command of ['run', 'runs', 'status']) {
      const res = await cli(command);
      expect(res.code).toBe(1);
      expect(res.err, command).toMatch(/^beval: .*a part of this path is a file, not a folder .*Check `outDir` in the config/);
    }
  });

  it('outDir /proc/self fails at once instead of spinning (a child process, so a spin cannot hang the tests)', async () => {
    const dir = tempDir('outdir-proc');
    writeProject(dir, 120, { models: [ARITH], target: { kind: 'emulator', timing: FAST_TIMING }, outDir: '/proc/self' });
    const started = Date.now();
    const child = runBevalProcess(dir, ['run']);
    const timer = setTimeout(() => { try { execFileSync('pkill', ['-KILL', '-P', String(process.pid), '-f', 'beval.js run']); } catch { /* gone */ } }, 20_000);
    const res = await child;
    clearTimeout(timer);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/beval: operation not permitted \(mkdir \/proc\/self\/\d{8}-\d{6}-[0-9a-f]{4}\)\. /);
    expect(res.out).not.toMatch(/unexpected error/);
  }, 30_000);
});
