// The records that changed between two runs, per compared pair: regressed (a metric passed in A, failed in B), fixed
// (failed in A, passed in B) and changed text (the same pass/fail on every metric, a different reply), and their rows
// for compare.html's record explorer (one column per model of each pair, A then B).
import fs from 'node:fs';
import path from 'node:path';
import type { StoredResults } from '../results/results-reader.ts';
import type { MetricInfo, RecordCell, RecordRow } from '../types/results.ts';
import type { ParsedOutput } from '../types/outputs.ts';
import { NO_PASS, STATUS_NAMES } from '../score/model-table.ts';
import { suiteRecords } from '../suite/suite-stream.ts';
import { rowBaseOf, type RowBase } from '../report/record-rows.ts';
import { FLAG } from '../report/html/record-flags.ts';
import type { CompareRunsResult } from './compare-runs.ts';
import { replies, replyDigests } from './run-outputs.ts';

export type ChangeKind = 'regressed' | 'fixed' | 'changed-text';

/** One record of one pair that changed between the runs. */
export interface ChangedRecord {
  recordId: string;
  /** Index into the compare document's `pairs`. */
  pair: number;
  kinds: ChangeKind[];
  /** Metrics that passed in A and failed in B. */
  regressed: string[];
  /** Metrics that failed in A and passed in B. */
  fixed: string[];
}

/** Per pair: how many paired records changed, and over how many the texts were compared. */
export interface ChangeCounts {
  regressed: number;
  fixed: number;
  changedText: number;
  /** Paired records with a reply (answer or error line) from both models: the denominator of changedText. */
  textCompared: number;
}

/** A run as compare reads it: its results and the folder holding its outputs and suite copy. */
export interface StoredRun {
  dir: string;
  results: StoredResults;
}

/** Every changed record of every pair, in run B's order, and the counts per pair. */
export async function findChanges(a: StoredRun, b: StoredRun, cmp: CompareRunsResult): Promise<{ changed: ChangedRecord[]; counts: ChangeCounts[] }> {
  const ids = new Set(cmp.recordIds);
  const changed: ChangedRecord[] = [];
  const counts: ChangeCounts[] = [];
  for (const [k, pair] of cmp.pairs.entries()) {
    const da = await replyDigests(a.dir, pair.a.key, ids);
    const db = await replyDigests(b.dir, pair.b.key, ids);
    const c: ChangeCounts = { regressed: 0, fixed: 0, changedText: 0, textCompared: 0 };
    const { regressed, fixed } = cmp.changes[k]!;
    cmp.recordIds.forEach((recordId, i) => {
      const kinds: ChangeKind[] = [];
      if (regressed[i]!.length) kinds.push('regressed');
      if (fixed[i]!.length) kinds.push('fixed');
      const ta = da.get(recordId);
      const tb = db.get(recordId);
      if (ta !== undefined && tb !== undefined) c.textCompared++;
      if (!kinds.length && ta !== undefined && tb !== undefined && ta !== tb) kinds.push('changed-text');
      if (!kinds.length) return;
      if (kinds.includes('regressed')) c.regressed++;
      if (kinds.includes('fixed')) c.fixed++;
      if (kinds.includes('changed-text')) c.changedText++;
      changed.push({ recordId, pair: k, kinds, regressed: regressed[i]!, fixed: fixed[i]! });
    });
    counts.push(c);
  }
  const order = new Map(cmp.recordIds.map((id, i) => [id, i]));
  changed.sort((x, y) => order.get(x.recordId)! - order.get(y.recordId)! || x.pair - y.pair);
  return { changed, counts };
}

const KIND_FLAG: Record<ChangeKind, number> = { regressed: FLAG.regressed, fixed: FLAG.fixed, 'changed-text': FLAG.changed };

/** The explorer's metrics: every metric some pair compared, once, in the order first met. */
export function explorerMetrics(cmp: Pick<CompareRunsResult, 'pairs'>): MetricInfo[] {
  const seen = new Map<string, MetricInfo>();
  for (const p of cmp.pairs) for (const m of p.metrics) if (!seen.has(m.metric)) seen.set(m.metric, { name: m.metric, kind: m.kind });
  return [...seen.values()];
}

/** A model's cell for record `i` of its run: status and scores from results.json, the reply from its outputs. */
function cellOf(results: StoredResults, key: string, i: number, metrics: MetricInfo[], reply: ParsedOutput | undefined): RecordCell {
  const t = results.tables.get(key);
  const status = t ? STATUS_NAMES[t.status[i]!]! : 'missing';
  const scores = metrics.map((m) => {
    const j = results.summary.metrics.findIndex((x) => x.name === m.name);
    const v = j >= 0 && t ? t.values[j]![i]! : Number.NaN;
    if (Number.isNaN(v)) return null;
    const p = t!.pass[j]![i]!;
    return { value: v, ...(p !== NO_PASS ? { pass: p === 1 } : {}), reason: '' };
  });
  const cell: RecordCell = { status, scores };
  if (reply?.ok) {
    cell.text = reply.text;
    cell.stopReason = reply.stopReason;
    cell.inputTokens = reply.usage.inputTokens;
    cell.outputTokens = reply.usage.outputTokens;
    if (reply.latencyMs !== undefined) cell.latencyMs = reply.latencyMs;
  } else if (reply) {
    cell.error = { code: String(reply.errorCode), message: reply.errorMessage };
  }
  return cell;
}

/** Prompts, expected answers and tags of `ids`, from the suite copy in run B's folder (the suite file otherwise). */
function rowBases(run: StoredRun, ids: ReadonlySet<string>): Map<string, RowBase> {
  const copy = path.join(run.dir, 'suite.jsonl');
  const file = fs.existsSync(copy) ? copy : run.results.summary.suite.path;
  const out = new Map<string, RowBase>();
  if (!fs.existsSync(file)) return out;
  for (const r of suiteRecords(file)) if (ids.has(r.recordId)) out.set(r.recordId, rowBaseOf(r));
  return out;
}

/** The explorer's rows: one per changed record (in B's order), two cells per pair, flags for the filters. */
export async function explorerRows(a: StoredRun, b: StoredRun, cmp: CompareRunsResult, changed: ChangedRecord[]): Promise<{ rows: RecordRow[]; flags: Map<string, number> }> {
  const ids = new Set(changed.map((c) => c.recordId));
  const flags = new Map<string, number>();
  for (const c of changed) flags.set(c.recordId, c.kinds.reduce((f, k) => f | KIND_FLAG[k], flags.get(c.recordId) ?? 0));
  const metrics = explorerMetrics(cmp);
  const repliesA = await Promise.all(cmp.pairs.map((p) => replies(a.dir, p.a.key, ids)));
  const repliesB = await Promise.all(cmp.pairs.map((p) => replies(b.dir, p.b.key, ids)));
  const bases = rowBases(b, ids);
  const atA = new Map(a.results.recordIds.map((id, i) => [id, i]));
  const atB = new Map(b.results.recordIds.map((id, i) => [id, i]));
  const rows = cmp.recordIds.filter((id) => ids.has(id)).map((recordId, index): RecordRow => ({
    index,
    ...(bases.get(recordId) ?? { recordId, prompt: '', tags: [] }),
    cells: cmp.pairs.flatMap((p, k) => [
      cellOf(a.results, p.a.key, atA.get(recordId)!, metrics, repliesA[k]!.get(recordId)),
      cellOf(b.results, p.b.key, atB.get(recordId)!, metrics, repliesB[k]!.get(recordId)),
    ]),
  }));
  return { rows, flags };
}
