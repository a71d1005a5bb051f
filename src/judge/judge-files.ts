// The judge stage's artifacts in the run directory: request maps, stage counts, and verdicts read from judge outputs.
import fs from 'node:fs';
import path from 'node:path';
import type { Ledger, LedgerModel } from '../run/ledger.ts';
import { readLines } from '../outputs/read-lines.ts';
import { parseOutputLine } from '../outputs/parse-line.ts';
import type { VerdictShape } from './parse-verdict.ts';
import { parseVerdict } from './parse-verdict.ts';
import { CACHE_VERSION, type CachedVerdict } from './cache.ts';
import type { JudgeTarget } from './requests.ts';

/** One row of `judge/<judgeKey>.map.jsonl`: a judge recordId, its cache key, and every record × model it judges. */
export interface MapRow {
  recordId: string;
  key: string;
  judge: string;
  judgeModel: string;
  shape: VerdictShape;
  /** A padding copy (below-minimum `pad`): billed, its verdict discarded. */
  pad?: true;
  targets: JudgeTarget[];
}

/** `judge/stage.json`: what the judge stage of this run needed and where the verdicts came from. */
export interface StageCounts {
  /** Distinct judge requests the run's outputs needed. */
  requests: number;
  /** Of those, answered by the verdict cache when the stage started. */
  cached: number;
  /** Of those, sent to the judge model by this run (batch or realtime). */
  submitted: number;
  /** Of those, left unjudged (below the batch minimum with `belowMinimum: 'unscored'`). */
  skipped: number;
  /** Padding requests added to reach the batch minimum. */
  padded: number;
  /** Requests sent through the realtime Converse API (priced on demand). */
  realtime: number;
}

export const judgeDir = (runDir: string): string => path.join(runDir, 'judge');
export const mapFile = (runDir: string, judgeKey: string): string => path.join(judgeDir(runDir), `${judgeKey}.map.jsonl`);
const stageFile = (runDir: string): string => path.join(judgeDir(runDir), 'stage.json');
/** Realtime judge answers, written in the batch output line shape. */
export const realtimeFile = (runDir: string): string => path.join(judgeDir(runDir), 'realtime.jsonl.out');
export const realtimeMapFile = (runDir: string): string => path.join(judgeDir(runDir), 'realtime.map.jsonl');

export function judgeModels(ledger: Ledger): LedgerModel[] {
  return ledger.judges ?? [];
}

function writeAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
}

export function writeMap(file: string, rows: MapRow[]): void {
  writeAtomic(file, rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
}

export function readMap(file: string): MapRow[] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as MapRow);
}

export function writeStageCounts(runDir: string, counts: StageCounts): void {
  writeAtomic(stageFile(runDir), `${JSON.stringify(counts, null, 2)}\n`);
}

export function readStageCounts(runDir: string): StageCounts | undefined {
  const file = stageFile(runDir);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as StageCounts) : undefined;
}

/** Everything the run's judge outputs hold: verdicts to cache, per-key errors, and billed tokens per judge model. */
export interface JudgeOutputs {
  verdicts: CachedVerdict[];
  /** Cache key → why the judge request has no verdict (a per-record Bedrock error). */
  errors: Map<string, string>;
  /** Billed tokens by judge model id and mode. */
  usage: { judgeModel: string; mode: 'batch' | 'realtime'; inputTokens: number; outputTokens: number }[];
  /** Padding copies answered (billed, in `usage`; their verdicts discarded), counted from the outputs of every collect. */
  padded: number;
}

async function readOutputs(files: string[], map: MapRow[], mode: 'batch' | 'realtime', runId: string, into: JudgeOutputs): Promise<void> {
  const byId = new Map(map.map((r) => [r.recordId, r]));
  const usage = new Map<string, { inputTokens: number; outputTokens: number }>();
  for (const file of files) {
    for await (const [, line] of readLines(file)) {
      const parsed = parseOutputLine(line);
      if (parsed.kind !== 'output') continue;
      const row = byId.get(parsed.output.recordId);
      if (!row) continue;
      const out = parsed.output;
      if (!out.ok) {
        if (!row.pad) into.errors.set(row.key, `The judge request failed (${out.errorCode}: ${out.errorMessage})`);
        continue;
      }
      const u = usage.get(row.judgeModel) ?? { inputTokens: 0, outputTokens: 0 };
      u.inputTokens += out.usage.inputTokens;
      u.outputTokens += out.usage.outputTokens;
      usage.set(row.judgeModel, u);
      if (row.pad) {
        into.padded++;
        continue;
      }
      const verdict = parseVerdict(out.text, row.shape, { stopReason: out.stopReason });
      into.verdicts.push({ v: CACHE_VERSION, key: row.key, judgeModel: row.judgeModel, verdict, ...(verdict.ok ? {} : { raw: out.text }), usage: out.usage, runId });
    }
  }
  for (const [judgeModel, u] of usage) into.usage.push({ judgeModel, mode, ...u });
}

/** Reads every downloaded judge output of the run (and its realtime judge answers). Never throws on bad lines. */
export async function readJudgeOutputs(runDir: string, ledger: Ledger): Promise<JudgeOutputs> {
  const out: JudgeOutputs = { verdicts: [], errors: new Map(), usage: [], padded: 0 };
  for (const model of judgeModels(ledger)) {
    const files = model.shards.flatMap((s) => (s.downloaded ?? []).map((f) => path.join(runDir, f)));
    if (files.length) await readOutputs(files, readMap(mapFile(runDir, model.key)), 'batch', ledger.runId, out);
  }
  if (fs.existsSync(realtimeFile(runDir))) await readOutputs([realtimeFile(runDir)], readMap(realtimeMapFile(runDir)), 'realtime', ledger.runId, out);
  return out;
}
