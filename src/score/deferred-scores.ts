// Runs the deferred scorers (async custom functions, out-of-process scorers) over every answered record before the
// scoring loop, and hands the loop synchronous stand-ins that look the results up. The loop itself stays synchronous
// (and, for built-in scorers only, on worker threads); a run with a deferred scorer scores in this thread.
import { forEachCountedOutput } from '../run/counted-outputs.ts';
import pLimit from 'p-limit';
import type { Ledger } from '../run/ledger.ts';
import type { Suite } from '../suite/load-suite.ts';
import type { ScorerSpec } from '../scorers/catalogue.ts';
import type { CustomScorer } from '../scorers/custom.ts';
import { toScore } from '../scorers/custom.ts';
import { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS, isAsyncCustom, isDeferred, isEmbeddingScorer, isProcessScorer, type DeferredScorer } from '../scorers/deferred.ts';
import { embeddingSimilarity } from '../scorers/embedding.ts';
import type { RuntimePort } from '../types/ports.ts';
import { ScorerProcess } from '../scorers/process-scorer.ts';
import type { Score } from '../types/scorer.ts';
import type { OkOutput } from '../types/outputs.ts';

/** Each model's answered records, joined as the scoring loop joins them (the counted line: newest attempt, a reply before an error). */
async function answered(dir: string, ledger: Ledger, suite: Suite): Promise<Map<string, Map<number, OkOutput>>> {
  const byModel = new Map<string, Map<number, OkOutput>>();
  for (const model of ledger.models) {
    const ok = new Map<number, OkOutput>();
    await forEachCountedOutput(dir, model, suite.index, suite.records.length, (index, out) => {
      if (out.ok) ok.set(index, out);
    });
    byModel.set(model.key, ok);
  }
  return byModel;
}

function withTimeout(p: Promise<Score>, ms: number, name: string): Promise<Score> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Score>((resolve) => {
    timer = setTimeout(() => resolve({ value: null, reason: `scorer ${name} timed out after ${ms} ms` }), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** Scores of one deferred scorer: model key → suite index → score. */
type Results = Map<string, Map<number, Score>>;

async function runOne(spec: DeferredScorer, outputs: Map<string, Map<number, OkOutput>>, suite: Suite, cwd: string, runtime: RuntimePort | undefined): Promise<Results> {
  const limit = pLimit(spec.concurrency ?? DEFAULT_CONCURRENCY);
  const timeoutMs = spec.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Started once for the whole run, not per record: a Python interpreter costs ~50 ms to start.
  const proc = isProcessScorer(spec) ? new ScorerProcess(spec.name, spec.command, cwd, timeoutMs) : undefined;
  // The embedding model is called through the run's realtime client; a command without one cannot reach Bedrock.
  const embed = isEmbeddingScorer(spec) && runtime?.invokeModel ? embeddingSimilarity(spec, runtime) : undefined;
  const results: Results = new Map();
  try {
    const calls: Promise<void>[] = [];
    for (const [model, ok] of outputs) {
      const scores = new Map<number, Score>();
      results.set(model, scores);
      for (const [index, output] of ok) {
        const record = suite.records[index]!;
        calls.push(limit(async () => {
          let score: Score;
          if (proc) {
            const { line: _line, ...plain } = record;
            score = await proc.score({ recordId: record.recordId, model, output: { text: output.text, stopReason: output.stopReason }, ...(record.expected !== undefined ? { expected: record.expected } : {}), record: plain });
          } else if (isAsyncCustom(spec) || isEmbeddingScorer(spec)) {
            const fn = isAsyncCustom(spec) ? spec.score : embed;
            const call = fn
              ? (async () => toScore(await fn({ record, output, modelKey: model })))()
                .catch((e: unknown) => ({ value: null, reason: `scorer ${spec.name} failed: ${e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e)}` }))
              : Promise.resolve({ value: null, reason: `scorer ${spec.name} needs the Bedrock runtime, which this command did not open` });
            score = await withTimeout(call, timeoutMs, spec.name);
          } else throw new Error('not a deferred scorer');
          scores.set(index, score);
        }));
      }
    }
    await Promise.all(calls);
  } finally {
    await proc?.close();
  }
  return results;
}

/**
 * Runs every deferred scorer of `specs` and returns the specs with each replaced by a synchronous custom scorer of the
 * same name and kind that returns the stored score. Specs without deferred scorers come back unchanged (same array).
 */
export async function runDeferredScorers(opts: { dir: string; ledger: Ledger; suite: Suite; specs: ScorerSpec[]; cwd: string; runtime?: RuntimePort }): Promise<ScorerSpec[]> {
  if (!opts.specs.some(isDeferred)) return opts.specs;
  const outputs = await answered(opts.dir, opts.ledger, opts.suite);
  const out: ScorerSpec[] = [];
  for (const spec of opts.specs) {
    if (!isDeferred(spec)) {
      out.push(spec);
      continue;
    }
    const results = await runOne(spec, outputs, opts.suite, opts.cwd, opts.runtime);
    const standIn: CustomScorer = {
      name: spec.name,
      kind: 'kind' in spec && spec.kind !== undefined ? spec.kind : 'continuous',
      score: ({ record, modelKey }) => results.get(modelKey ?? '')?.get(opts.suite.index.get(record.recordId) ?? -1) ?? { value: null, reason: `scorer ${spec.name} gave no score` },
    };
    out.push(standIn);
  }
  return out;
}
