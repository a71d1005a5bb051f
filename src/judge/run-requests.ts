// Streams a run's generation outputs and builds every judge request they need, deduplicated by cache key.
import path from 'node:path';
import type { Ledger, LedgerModel } from '../run/ledger.ts';
import type { Suite } from '../suite/load-suite.ts';
import { readLines } from '../outputs/read-lines.ts';
import { parseOutputLine } from '../outputs/parse-line.ts';
import type { OkOutput } from '../types/outputs.ts';
import { gradeRequest, pairRequest, type JudgeRequest, type JudgeTarget } from './requests.ts';
import type { ResolvedJudge } from '../types/judge.ts';

export interface PlannedRequest {
  request: JudgeRequest;
  targets: JudgeTarget[];
}

/** Calls `fn` with each record's first ok output of a model, in file order. */
export async function forEachOkOutput(dir: string, model: LedgerModel, suite: Suite, fn: (index: number, out: OkOutput) => void): Promise<void> {
  const seen = new Uint8Array(suite.records.length);
  for (const shard of model.shards) {
    for (const file of shard.downloaded ?? []) {
      for await (const [, line] of readLines(path.join(dir, file))) {
        const parsed = parseOutputLine(line);
        if (parsed.kind !== 'output') continue;
        const index = suite.index.get(parsed.output.recordId);
        // The first line of a record wins, as in scoring; later duplicates are ignored.
        if (index === undefined || seen[index]) continue;
        seen[index] = 1;
        if (parsed.output.ok) fn(index, parsed.output);
      }
    }
  }
}

/** The baseline model's answer text per suite index (only held when a pairwise judge needs it). */
export async function baselineTexts(dir: string, ledger: Ledger, baselineKey: string, suite: Suite): Promise<Map<number, string>> {
  const texts = new Map<number, string>();
  const model = ledger.models.find((m) => m.key === baselineKey);
  if (model) await forEachOkOutput(dir, model, suite, (i, out) => texts.set(i, out.text));
  return texts;
}

export interface RunRequestsInput {
  dir: string;
  /** The run's ledger; judge models in it are ignored. */
  ledger: Ledger;
  suite: Suite;
  judges: ResolvedJudge[];
  baselineKey: string;
}

/** Every judge request the run's outputs need, keyed by cache key; identical requests share one entry. */
export async function runRequests(input: RunRequestsInput): Promise<Map<string, PlannedRequest>> {
  const { dir, ledger, suite, judges, baselineKey } = input;
  const out = new Map<string, PlannedRequest>();
  const add = (request: JudgeRequest, target: JudgeTarget) => {
    const entry = out.get(request.key);
    if (entry) entry.targets.push(target);
    else out.set(request.key, { request, targets: [target] });
  };
  const baseline = judges.some((j) => j.kind === 'pairwise') ? await baselineTexts(dir, ledger, baselineKey, suite) : new Map<number, string>();
  for (const model of ledger.models) {
    await forEachOkOutput(dir, model, suite, (index, output) => {
      const record = suite.records[index]!;
      const target = { recordIndex: index, suiteRecordId: record.recordId, modelKey: model.key };
      for (const judge of judges) {
        if (judge.kind !== 'pairwise') {
          const req = gradeRequest(judge, record, output.text);
          if (!('skip' in req)) add(req, target);
          continue;
        }
        const base = baseline.get(index);
        if (model.key === baselineKey || base === undefined) continue;
        add(pairRequest(judge, record, output.text, base, 'ab'), { ...target, order: 'ab' });
        add(pairRequest(judge, record, output.text, base, 'ba'), { ...target, order: 'ba' });
      }
    });
  }
  return out;
}
