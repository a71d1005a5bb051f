// The bench tasks a child process can run: parse floor, `beval score`, `beval run` through the emulator, extras.
import fs from 'node:fs';
import path from 'node:path';
import { main } from '../src/cli/main.ts';
import { simulateGate, type SimulateOptions } from '../src/gate/simulate.ts';
import { parseFloor } from './parse-floor.ts';
import { parseAndScore } from './parse-score.ts';
import { BENCH_SCORERS } from './synthetic.ts';
import { captureIo } from '../test/helpers/io.ts';
import { lastScorePhases } from '../src/score/phase-marks.ts';

/** One unit of work measured in its own process. */
export type BenchTask =
  | { kind: 'floor'; files: string[] }
  | { kind: 'parse-score'; files: string[]; runDir: string }
  | { kind: 'score'; config: string; runId: string }
  | { kind: 'run'; config: string }
  | { kind: 'report-scale'; records: number; models: number; dir: string }
  | { kind: 'simulate-gate'; options: SimulateOptions[] };

const quietIo = captureIo;

async function cli(argv: string[], cwd: string): Promise<{ runDir: string }> {
  const io = quietIo(cwd);
  const code = await main(argv, io);
  if (code !== 0) throw new Error(`beval ${argv.join(' ')} exited ${code}\n${io.err()}\n${io.out()}`);
  const dir = /run directory: (\S+)/.exec(io.out())?.[1];
  if (!dir) throw new Error(`beval ${argv[0]} printed no run directory:\n${io.out()}`);
  return { runDir: path.resolve(cwd, dir) };
}

/** Sizes of the report files, so the table can show what was written. */
function reportBytes(runDir: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of ['summary.csv', 'records.csv', 'scores.csv', 'results.json', 'report.html']) out[f] = fs.statSync(path.join(runDir, f)).size;
  return out;
}

/** report-scale.ts belongs to another engineer; it is loaded by a computed specifier so its absence is a message. */
async function reportScale(task: Extract<BenchTask, { kind: 'report-scale' }>): Promise<unknown> {
  const spec = './report-scale.ts';
  const mod = (await import(spec)) as { runReportScaleBench?: (o: { records: number; models: number; dir: string }) => Promise<unknown> };
  if (typeof mod.runReportScaleBench !== 'function') throw new Error('bench/report-scale.ts has no runReportScaleBench export');
  return mod.runReportScaleBench({ records: task.records, models: task.models, dir: task.dir });
}

export async function runTask(task: BenchTask): Promise<unknown> {
  switch (task.kind) {
    case 'floor':
      return parseFloor(task.files);
    case 'parse-score':
      return parseAndScore(task.files, task.runDir, [...BENCH_SCORERS]);
    case 'score': {
      const cwd = path.dirname(task.config);
      const { runDir } = await cli(['score', task.runId, '--config', task.config], cwd);
      return { reports: reportBytes(runDir), phases: lastScorePhases() };
    }
    case 'run': {
      const cwd = path.dirname(task.config);
      const { runDir } = await cli(['run', '--config', task.config], cwd);
      return { runDir, reports: reportBytes(runDir) };
    }
    case 'report-scale':
      return reportScale(task);
    case 'simulate-gate':
      return task.options.map((o) => ({ options: o, result: simulateGate(o) }));
  }
}
