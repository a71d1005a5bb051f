// Streams a run's generation outputs and builds every judge request they need, deduplicated by cache key.
import { forEachCountedOutput } from '../run/counted-outputs.ts';
import type { Ledger, LedgerModel } from '../run/ledger.ts';
import type { Suite } from '../suite/load-suite.ts';
import { FILTERED_STOP_REASONS, type OkOutput } from '../types/outputs.ts';
import { gradeRequest, pairRequest, type JudgeRequest, type JudgeTarget } from './requests.ts';
import type { ResolvedJudge } from '../types/judge.ts';

export interface PlannedRequest {
  request: JudgeRequest;
  targets: JudgeTarget[];
}

/**
 * Calls `fn` with each record's counted answer of a model (the line scoring counts: newest attempt, a reply before an
 * error). A reply a content filter or guardrail stopped is not an answer: scoring leaves it unscored (status
 * `filtered`), so judging it would be paid for and never read, and as the baseline's it would be compared against.
 */
export async function forEachOkOutput(dir: string, model: LedgerModel, suite: Suite, fn: (index: number, out: OkOutput) => void): Promise<void> {
  await forEachCountedOutput(dir, model, suite.index, suite.records.length, (index, out) => {
    if (out.ok && !FILTERED_STOP_REASONS.has(out.stopReason)) fn(index, out);
  });
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
