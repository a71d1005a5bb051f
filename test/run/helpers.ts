// Builders for run tests: generated suites, temp configs and readers for a run's artifacts.
import fs from 'node:fs';
import path from 'node:path';
import type { RunSummary } from '../../src/types/results.ts';
import { readLedger, type Ledger } from '../../src/run/ledger.ts';
import { listRunIds } from '../../src/run/run-dir.ts';

/** Fast emulator pacing: a job goes Submitted → Completed in well under a second. */
export const FAST_TIMING = { stepMs: 20, recordsPerSecond: 4000 } as const;
/** Fast polling for runs against the emulator. */
export const FAST_POLLING = { initialMs: 20, maxMs: 100 } as const;

export const ARITH = { id: 'beval.arith-v1', label: 'arith' } as const;
export const FLAKY = { id: 'beval.flaky-v1', label: 'flaky' } as const;
export const VERBOSE = { id: 'beval.verbose-v1', label: 'verbose' } as const;

/** `n` arithmetic records `r0000…` with expected answers. */
export function suiteLines(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = 3 + (i % 17);
    const b = 2 + Math.floor(i / 17);
    lines.push(JSON.stringify({
      recordId: `r${String(i).padStart(4, '0')}`,
      modelInput: { messages: [{ role: 'user', content: [{ text: `What is ${a} * ${b}?` }] }], inferenceConfig: { maxTokens: 256 } },
      expected: String(a * b),
      tags: [i % 2 ? 'odd' : 'even'],
    }));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Writes suite.jsonl and eval.config.ts (a plain object: a config outside the repo cannot import 'beval') into dir.
 * Returns the config path.
 */
export function writeProject(dir: string, records: number, config: Record<string, unknown>): string {
  fs.writeFileSync(path.join(dir, 'suite.jsonl'), suiteLines(records));
  const file = path.join(dir, 'eval.config.ts');
  const full = { suite: 'suite.jsonl', scorers: ['numeric'], polling: FAST_POLLING, outDir: 'reports', ...config };
  fs.writeFileSync(file, `export default ${JSON.stringify(full, null, 2)};\n`);
  return file;
}

export function runIds(dir: string): string[] {
  return listRunIds(path.join(dir, 'reports'));
}

export function latestRun(dir: string): { id: string; runDir: string; ledger: Ledger } {
  const id = runIds(dir).at(-1);
  if (!id) throw new Error(`no run in ${dir}/reports`);
  const runDir = path.join(dir, 'reports', id);
  return { id, runDir, ledger: readLedger(runDir) };
}

export interface ResultsFile {
  schemaVersion: number;
  summary: RunSummary;
  records: { recordId: string; cells: Record<string, { status: string; error?: string; scores: unknown[] }> }[];
}

export function readResults(runDir: string): ResultsFile {
  return JSON.parse(fs.readFileSync(path.join(runDir, 'results.json'), 'utf8')) as ResultsFile;
}

/** A report's text with the run id, ISO timestamps and absolute temp paths replaced, for comparing two runs. */
export function normalised(text: string, runId: string, projectDir: string): string {
  return text
    .replaceAll(runId, '<run>')
    .replaceAll(projectDir, '<dir>')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<time>');
}

/**
 * After a test edits a downloaded output file on purpose: forget the sizes and checksums the ledger recorded at
 * download (`received`), as a fresh download of the edited file would, so `score` reads it instead of refusing it as
 * damaged.
 */
export function acceptEditedOutputs(runDir: string): void {
  const file = path.join(runDir, 'ledger.json');
  const ledger = JSON.parse(fs.readFileSync(file, 'utf8')) as Ledger;
  for (const m of ledger.models) for (const s of m.shards) delete s.received;
  fs.writeFileSync(file, JSON.stringify(ledger, null, 2));
}
