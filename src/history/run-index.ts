// What `beval runs` and `beval history` know of each run in an outDir: the ledger, the summary line of results.json
// (never the records: a 50k-record run's file is not read past its first line) and gate.json.
import fs from 'node:fs';
import path from 'node:path';
import type { Ledger } from '../run/ledger.ts';
import { readLedger } from '../run/ledger.ts';
import { listRunIds, runDir } from '../run/run-dir.ts';
import type { Interval, RunSummary } from '../types/results.ts';
import { BevalError } from '../errors.ts';

/** One model's number on one metric in one run. */
export interface RunMetric {
  metric: string;
  kind: 'binary' | 'continuous';
  mean: number | null;
  ci: Interval | null;
  scored: number;
  expected: number;
}

export interface RunModel {
  key: string;
  label: string;
  modelId: string;
  /** Per metric, in the run's metric order; empty when the run has no results yet. */
  metrics: RunMetric[];
  cost?: number;
}

export interface RunEntry {
  runId: string;
  createdAt: string;
  /** collected, cancelled, running, … (as `beval status` says). */
  state: string;
  suite: { name: string; path: string; sha256: string; records: number };
  models: RunModel[];
  /** The run's first metric (the config's first scorer): what `beval runs` shows per model. */
  headline?: string;
  /** The gate's verdict: gate.json when `beval gate` wrote one, else the summary's. */
  gate?: string;
  /** Generation plus judge cost in USD, when every price is known. */
  cost?: number;
  /** Path of report.html relative to the outDir, when the run has one. */
  report?: string;
  /** Why the run could not be read (a damaged ledger or results file); the rest of the entry is what was readable. */
  problem?: string;
}

/** The first line of results.json (schemaVersion + summary), read in chunks until its newline. */
export function readSummaryLine(file: string): RunSummary {
  const fd = fs.openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    const buf = Buffer.alloc(1 << 16);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const nl = buf.subarray(0, n).indexOf(10);
      if (nl >= 0) {
        chunks.push(Buffer.from(buf.subarray(0, nl)));
        break;
      }
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    const line = Buffer.concat(chunks).toString('utf8').replace(/,$/, '');
    return (JSON.parse(`${line}]}`) as { summary: RunSummary }).summary;
  } finally {
    fs.closeSync(fd);
  }
}

/** The suite's display name: its file name without `.jsonl`. */
export function suiteName(suitePath: string): string {
  return path.basename(suitePath).replace(/\.jsonl$/i, '');
}

function gateVerdict(dir: string, summary: RunSummary | undefined): string | undefined {
  const file = path.join(dir, 'gate.json');
  if (fs.existsSync(file)) {
    try {
      const v = (JSON.parse(fs.readFileSync(file, 'utf8')) as { verdict?: unknown }).verdict;
      if (typeof v === 'string') return v;
    } catch {
      // A damaged gate.json: fall back to the verdict results.json carries.
    }
  }
  return summary?.gate?.verdict;
}

export function runEntry(outDir: string, runId: string, state: (l: Ledger) => string): RunEntry {
  const dir = runDir(outDir, runId);
  let ledger: Ledger;
  try {
    ledger = readLedger(dir);
  } catch (e) {
    if (!(e instanceof BevalError)) throw e;
    return { runId, createdAt: '', state: 'unreadable ledger', suite: { name: '', path: '', sha256: '', records: 0 }, models: [], problem: `\`beval status ${runId}\` says why` };
  }
  const models = ledger.models;
  const entry: RunEntry = {
    runId, createdAt: ledger.createdAt, state: state(ledger),
    suite: { name: suiteName(ledger.suite.path), path: ledger.suite.path, sha256: ledger.suite.sha256, records: ledger.suite.records },
    models: models.map((m) => ({ key: m.key, label: m.label, modelId: m.id, metrics: [] })),
  };
  const results = path.join(dir, 'results.json');
  let summary: RunSummary | undefined;
  if (fs.existsSync(results)) {
    try {
      summary = readSummaryLine(results);
    } catch (e) {
      entry.problem = `results.json unreadable (${(e as Error).message}); \`beval score ${runId}\` rewrites it`;
    }
  }
  if (summary) {
    entry.headline = summary.metrics[0]?.name;
    entry.models = summary.perModel.map((p) => ({
      key: p.model.key, label: p.model.label, modelId: p.model.modelId,
      metrics: p.metrics.map((m) => ({ metric: m.metric, kind: m.kind, mean: m.mean, ci: m.ci, scored: m.scored, expected: m.expected })),
      ...(p.cost !== undefined ? { cost: p.cost } : {}),
    }));
    const judge = summary.judge ? summary.judge.cost : 0;
    if (summary.totals.cost !== undefined && judge !== undefined) entry.cost = summary.totals.cost + judge;
  }
  const gate = gateVerdict(dir, summary);
  if (gate) entry.gate = gate;
  if (fs.existsSync(path.join(dir, 'report.html'))) entry.report = `${runId}/report.html`;
  return entry;
}

/** Every run in outDir, oldest first (run ids sort by creation time). */
export function indexRuns(outDir: string, state: (l: Ledger) => string): RunEntry[] {
  return listRunIds(outDir).map((id) => runEntry(outDir, id, state));
}

/** Filters of `beval runs` / `beval history`: a suite by name or hash prefix, a model by key, label or model ID. */
export function matchRun(e: RunEntry, filter: { suite?: string; model?: string }): boolean {
  if (filter.suite !== undefined && e.suite.name !== filter.suite && e.suite.path !== filter.suite && !(filter.suite.length >= 6 && e.suite.sha256.startsWith(filter.suite))) return false;
  if (filter.model !== undefined && !e.models.some((m) => m.key === filter.model || m.label === filter.model || m.modelId === filter.model)) return false;
  return true;
}
