// `--reports <names>`: only the chosen reports are written (summary.csv and results.json always), each with the same
// bytes as when every report is written, on one thread and on the report worker threads; a report left out is removed.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { cellPartsFor, chooseReporters, REPORTER_NAMES, REPORTERS } from '../../src/report/reporters.ts';
import { scoreRun } from '../../src/pipeline/score-run.ts';
import { loadConfig } from '../../src/config/load.ts';
import { readLedger } from '../../src/run/ledger.ts';
import { adviceFor } from '../../src/advice.ts';
import { arithmeticSuite, tempProject, type TempProject } from '../helpers/project.ts';
import { captureIo } from '../helpers/io.ts';

const FILES = REPORTER_NAMES.map((n) => REPORTERS[n].file);

describe('chooseReporters', () => {
  it('chooses every reporter by default, and always summary and results', () => {
    expect(chooseReporters(undefined)).toEqual([...REPORTER_NAMES]);
    expect(chooseReporters('')).toEqual([...REPORTER_NAMES]);
    expect(chooseReporters('html')).toEqual(['summary', 'results', 'html']);
    expect(chooseReporters('scores.csv, markdown')).toEqual(['summary', 'scores', 'results', 'markdown']);
    expect(chooseReporters(['records', 'records,parquet'])).toEqual(['summary', 'records', 'results', 'parquet']);
  });

  it('refuses an unknown name, listing the names and their files', () => {
    expect(() => chooseReporters('html,pdf')).toThrow(/--reports: unknown report "pdf"; choose from summary \(summary\.csv\), records \(records\.csv\).*html \(report\.html\).*always written/);
  });
});

describe('beval score --reports', () => {
  let project: TempProject;
  let runDir: string;
  let runId: string;
  const full: Record<string, Buffer> = {};

  async function beval(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const io = captureIo(project.dir);
    const code = await main([...argv, '--config', project.config], io);
    return { code, out: io.out(), err: io.err() };
  }

  const present = (): string[] => FILES.filter((f) => fs.existsSync(path.join(runDir, f)));

  beforeAll(async () => {
    project = tempProject({
      models: [{ id: 'beval.arith-v1', label: 'arith' }, { id: 'beval.verbose-v1', label: 'verbose' }], baseline: 'arith',
      scorers: ['numeric', 'contains'], target: { kind: 'emulator', timing: { stepMs: 20, recordsPerSecond: 4000 } },
    }, arithmeticSuite(150));
    const run = await beval('run');
    expect(run.code, run.err).toBe(0);
    runDir = path.resolve(project.dir, /run directory: (\S+)/.exec(run.out)![1]!);
    runId = path.basename(runDir);
    // Scored once more with every report, so `full` holds what `beval score` writes (not the run's first scoring).
    expect((await beval('score', runId)).code).toBe(0);
    for (const f of FILES) full[f] = fs.readFileSync(path.join(runDir, f));
  });
  afterAll(() => project.cleanup());

  it('writes only the chosen reports plus summary.csv and results.json, byte for byte as a full scoring, and removes the rest', async () => {
    const r = await beval('score', runId, '--reports', 'html');
    expect(r.code, r.err).toBe(0);
    expect(present()).toEqual(['summary.csv', 'results.json', 'report.html']);
    for (const f of present()) expect(fs.readFileSync(path.join(runDir, f)).equals(full[f]!), f).toBe(true);
    // The terminal lists the files written, nothing else.
    expect(r.out).toMatch(/report: +\S+report\.html/);
    expect(r.out).not.toMatch(/records:|scores:|parquet:|markdown:/);
    expect(fs.readdirSync(runDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('--json names only the files written', async () => {
    const io = captureIo(project.dir);
    expect(await main(['score', runId, '--reports', 'scores', '--config', project.config, '--json'], io)).toBe(0);
    const files = (JSON.parse(io.out()) as { files: Record<string, string> }).files;
    expect(Object.keys(files).sort()).toEqual(['resultsJson', 'scoresCsv', 'summaryCsv']);
  });

  it('the report worker threads write the same bytes for a subset', async () => {
    const config = await loadConfig(project.dir, project.config);
    await scoreRun(runDir, readLedger(runDir), config, { advice: adviceFor(project.config), threads: 2, reports: chooseReporters('records,scores') });
    expect(present()).toEqual(['summary.csv', 'records.csv', 'scores.csv', 'results.json']);
    for (const f of present()) expect(fs.readFileSync(path.join(runDir, f)).equals(full[f]!), f).toBe(true);
  });

  it.each(['summary,results', 'records', 'parquet', 'html', 'records,scores,parquet,html', 'scores,parquet'])('%s, whose cells keep only what it shows, has the full scoring\'s bytes on worker threads and in one thread', async (subset) => {
    const config = await loadConfig(project.dir, project.config);
    const parts = cellPartsFor(chooseReporters(subset));
    expect(parts).toEqual({ text: /records|html/.test(subset), reasons: /parquet|html/.test(subset) });
    for (const threads of [2, 0]) {
      await scoreRun(runDir, readLedger(runDir), config, { advice: adviceFor(project.config), threads, reports: chooseReporters(subset) });
      for (const f of present()) expect(fs.readFileSync(path.join(runDir, f)).equals(full[f]!), `${f}, threads ${threads}`).toBe(true);
    }
  });

  it('without --reports every report comes back with the full scoring\'s bytes', async () => {
    expect((await beval('score', runId)).code).toBe(0);
    expect(present()).toEqual(FILES);
    // results.parquet carries no time of its own; every file must match.
    for (const f of FILES) expect(fs.readFileSync(path.join(runDir, f)).equals(full[f]!), f).toBe(true);
  });

  it.each([2, 0])('a report that fails (threads %i) leaves no temporary behind and the earlier reports as they were', async (threads) => {
    // report.html's temporary name is taken by a folder: its writer fails, while the other thread's reports complete.
    const blocker = path.join(runDir, 'report.html.tmp');
    fs.mkdirSync(blocker);
    try {
      const config = await loadConfig(project.dir, project.config);
      // The writer's own error (opening a folder to write), not one from cleaning up after it.
      await expect(scoreRun(runDir, readLedger(runDir), config, { advice: adviceFor(project.config), threads })).rejects.toThrow(/EISDIR.*open.*report\.html\.tmp|report\.html\.tmp.*EISDIR/);
      expect(fs.readdirSync(runDir).filter((f) => /\.tmp|\.part2$/.test(f))).toEqual(['report.html.tmp']);
      for (const f of FILES) expect(fs.readFileSync(path.join(runDir, f)).equals(full[f]!), f).toBe(true);
    } finally {
      fs.rmdirSync(blocker);
    }
  });

  it('an unknown report name stops `beval run` before anything is planned', async () => {
    const before = fs.readdirSync(path.dirname(runDir));
    const r = await beval('run', '--reports', 'records,pdf');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('--reports: unknown report "pdf"');
    expect(fs.readdirSync(path.dirname(runDir))).toEqual(before);
  });
});
