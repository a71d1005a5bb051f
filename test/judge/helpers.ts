// Builders for judge tests: a project whose config has judges, run against a shared in-test emulator.
import { expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.ts';
import { main } from '../../src/cli/main.ts';
import { readLedger } from '../../src/run/ledger.ts';
import { FAST_POLLING, FAST_TIMING, latestRun, readResults } from '../run/helpers.ts';
import { captureIo, type CapturedIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

export const JUDGE_MODEL = 'beval.judge-v1';

/** `n` arithmetic records; those whose index is in `garble` carry the emulator judge's unparseable trigger. */
export function judgeSuite(n: number, garble: ReadonlySet<number> = new Set(), start = 0): string {
  const lines: string[] = [];
  for (let i = start; i < start + n; i++) {
    const a = 3 + (i % 17);
    const b = 2 + Math.floor(i / 17);
    const note = garble.has(i) ? ' [[judge:garble]]' : '';
    lines.push(JSON.stringify({
      recordId: `r${String(i).padStart(4, '0')}`,
      modelInput: { messages: [{ role: 'user', content: [{ text: `What is ${a} * ${b}?${note}` }] }], inferenceConfig: { maxTokens: 256 } },
      expected: String(a * b),
      tags: [i % 2 ? 'odd' : 'even'],
    }));
  }
  return `${lines.join('\n')}\n`;
}

export interface JudgeProject {
  dir: string;
  config: string;
  emulator: RunningEmulator;
  /** Rewrites eval.config.ts (the emulator endpoint and fast polling are always set). */
  writeConfig(config: Record<string, unknown>): void;
  writeSuite(text: string): void;
  run(args?: string[], extra?: Partial<CapturedIo>): Promise<{ code: number; io: CapturedIo }>;
  /** The run the last `run` call started or resumed (run ids of the same second do not sort in start order). */
  latest(): ReturnType<typeof latestRun> & { results: ReturnType<typeof readResults> };
  /** Judge jobs the emulator has created so far. */
  judgeJobs(): number;
  close(): Promise<void>;
}

/**
 * `replay`: emulator model ids answering from recording files (docs/emulator.md, "Replay file format"); `emulator`:
 * more emulator options (faults, a lowered job minimum).
 */
export async function judgeProject(config: Record<string, unknown>, suite: string, opts: { replay?: Record<string, string>; emulator?: Partial<EmulatorOptions> } = {}): Promise<JudgeProject> {
  const emulator = await startEmulator({ timing: FAST_TIMING, ...opts.emulator, ...(opts.replay ? { replay: opts.replay } : {}) });
  const dir = tempDir('judge');
  const file = path.join(dir, 'eval.config.ts');
  let lastId: string | undefined;
  const project: JudgeProject = {
    dir, config: file, emulator,
    writeConfig(c) {
      const full = { suite: 'suite.jsonl', scorers: ['numeric'], polling: FAST_POLLING, outDir: 'reports', target: { kind: 'emulator', endpoint: emulator.endpoint }, ...c };
      fs.writeFileSync(file, `export default ${JSON.stringify(full, null, 2)};\n`);
    },
    writeSuite: (text) => fs.writeFileSync(path.join(dir, 'suite.jsonl'), text),
    async run(args = ['run'], extra = {}) {
      const io = Object.assign(captureIo(dir), extra);
      const code = await main([...args, '--config', file], io);
      lastId = /(?:^|\n)\S+ (?:Run|Resuming run) (\S+?):? /.exec(io.out())?.[1] ?? lastId;
      return { code, io };
    },
    latest() {
      const l = latestRun(dir);
      const runDir = lastId ? path.join(dir, 'reports', lastId) : l.runDir;
      return { id: lastId ?? l.id, runDir, ledger: readLedger(runDir), results: readResults(runDir) };
    },
    judgeJobs: () => emulator.counters().jobsByModel[JUDGE_MODEL] ?? 0,
    async close() {
      await emulator.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  project.writeConfig(config);
  project.writeSuite(suite);
  return project;
}

type Results = ReturnType<JudgeProject['latest']>['results'];
type Cells = Record<string, { status: string; scores: ([number | null, boolean | null] | null)[] }>;

/** Every record's status and judge scores per model (by label): what must equal a run that never failed. */
export function judgedCells(results: Results, labels: readonly string[]): unknown[] {
  const metrics = results.summary.metrics.map((m) => m.name);
  return results.records.map((r) => [r.recordId, ...labels.map((label) => {
    const cell = (r.cells as Cells)[label]!;
    return [cell.status, ...['judge-rubric', 'judge-pairwise'].map((name) => cell.scores[metrics.indexOf(name)]?.[0] ?? null)];
  })]);
}

/** No verdict lost or paid twice: `after` is judged, and its judges billed, as the run that never failed (`clean`). */
export function expectJudgedAsClean(after: Results, clean: Results, labels: readonly string[]): void {
  expect(judgedCells(after, labels)).toEqual(judgedCells(clean, labels));
  const { cost, ...totals } = after.summary.judge!;
  const { cost: cleanCost, ...cleanTotals } = clean.summary.judge!;
  expect(totals).toEqual(cleanTotals);
  expect(cost).toBeCloseTo(cleanCost!, 12);
}
