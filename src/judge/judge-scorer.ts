// Judge metrics as scorers: each looks its verdict up by the request's cache key (run outputs first, then the cache).
import type { Ledger } from '../run/ledger.ts';
import type { ResolvedConfig } from '../types/config.ts';
import type { Suite } from '../suite/load-suite.ts';
import type { Score, Scorer, ScoreInput } from '../types/scorer.ts';
import { VerdictCache, type CachedVerdict } from './cache.ts';
import type { JudgeOutputs } from './judge-files.ts';
import { baselineTexts } from './run-requests.ts';
import { candidateResult, gradeRequest, pairRequest, type PairOrder } from './requests.ts';
import type { ResolvedJudge } from '../types/judge.ts';

/** Where verdicts come from when scoring: this run's judge outputs, the shared cache, and per-request failures. */
export interface VerdictSource {
  get(key: string): CachedVerdict | undefined;
  error(key: string): string | undefined;
}

const NOT_JUDGED = 'Not judged: no verdict for this output (the judge stage skipped it, e.g. below the batch minimum, or has not run; see the run log).';
const PAIR_VALUE = { win: 1, tie: 0.5, loss: 0 } as const;

function missing(source: VerdictSource, key: string): Score {
  return { value: null, reason: source.error(key) ?? NOT_JUDGED };
}

function gradeScorer(judge: ResolvedJudge, source: VerdictSource): Scorer {
  const continuous = judge.kind === 'rubric' && judge.scale === '1-5';
  return {
    name: judge.name,
    kind: continuous ? 'continuous' : 'binary',
    score({ record, output }: ScoreInput): Score {
      const req = gradeRequest(judge, record, output.text);
      if ('skip' in req) return { value: null, reason: req.skip };
      const hit = source.get(req.key);
      if (!hit) return missing(source, req.key);
      const v = hit.verdict;
      if (!v.ok) return { value: null, reason: v.reason };
      if (v.kind !== 'grade') return { value: null, reason: 'The judge answered with a preference where a grade was asked for.' };
      if (continuous) {
        if (v.score === undefined) return { value: null, reason: `The judge gave no 1–5 score: ${v.reason}` };
        return { value: v.score, reason: `${v.score}/5: ${v.reason}` };
      }
      const pass = v.pass ?? (v.score !== undefined ? v.score >= 4 : undefined);
      if (pass === undefined) return { value: null, reason: `The judge gave no verdict: ${v.reason}` };
      return { value: pass ? 1 : 0, pass, reason: `${pass ? 'pass' : 'fail'}${v.score !== undefined ? ` (${v.score}/5)` : ''}: ${v.reason}` };
    },
  };
}

function pairScorer(judge: ResolvedJudge, source: VerdictSource, baselineKey: string, baseline: Map<number, string>, index: Map<string, number>): Scorer {
  return {
    name: judge.name,
    kind: 'continuous',
    pairwise: true,
    score({ record, output, modelKey }: ScoreInput): Score {
      if (modelKey === baselineKey) return { value: null, reason: `The baseline (${baselineKey}) is not compared with itself.` };
      const base = baseline.get(index.get(record.recordId) ?? -1);
      if (base === undefined) return { value: null, reason: `The baseline (${baselineKey}) has no answer for this record.` };
      const results: { order: PairOrder; result: 'win' | 'tie' | 'loss'; reason: string }[] = [];
      for (const order of ['ab', 'ba'] as const) {
        const req = pairRequest(judge, record, output.text, base, order);
        const hit = source.get(req.key);
        if (!hit) return missing(source, req.key);
        const v = hit.verdict;
        if (!v.ok) return { value: null, reason: `${order === 'ab' ? 'Candidate-first' : 'Baseline-first'} order: ${v.reason}` };
        if (v.kind !== 'preference') return { value: null, reason: 'The judge answered with a grade where a preference was asked for.' };
        results.push({ order, result: candidateResult(v.winner, order), reason: v.reason });
      }
      const [first, second] = results as [typeof results[0], typeof results[0]];
      // Disagreeing orders mean the preference followed the position, not the content: call it a tie.
      const result = first.result === second.result ? first.result : 'tie';
      const why = first.result === second.result ? '' : ' (the two orders disagree, so it counts as a tie)';
      return {
        value: PAIR_VALUE[result],
        reason: `${result} vs ${baselineKey}${why}. Candidate first: ${first.result}: ${first.reason} Baseline first: ${second.result}: ${second.reason}`,
      };
    },
  };
}

export interface JudgeScorersInput {
  dir: string;
  /** The run's ledger (its judge models are read for verdicts). */
  ledger: Ledger;
  config: ResolvedConfig;
  suite: Suite;
  /** The run's judge outputs, read once per scoring run (readJudgeOutputs) and shared with the judge summary. */
  outputs: JudgeOutputs;
}

/**
 * Builds the judge scorers of a run from files only (run directory + verdict cache), so re-scoring and any process
 * that scores can rebuild them. Empty when no judge is configured.
 */
export async function buildJudgeScorers(input: JudgeScorersInput): Promise<Scorer[]> {
  const judges = input.config.judges ?? [];
  if (!judges.length || !input.config.judgeStage) return [];
  const cache = VerdictCache.load(input.config.judgeStage.cacheDir);
  const { outputs } = input;
  const own = new Map(outputs.verdicts.map((v) => [v.key, v]));
  const source: VerdictSource = { get: (k) => own.get(k) ?? cache.get(k), error: (k) => outputs.errors.get(k) };
  const pairwise = judges.some((j) => j.kind === 'pairwise');
  const baseline = pairwise ? await baselineTexts(input.dir, input.ledger, input.config.baseline, input.suite) : new Map<number, string>();
  return judges.map((j) => (j.kind === 'pairwise' ? pairScorer(j, source, input.config.baseline, baseline, input.suite.index) : gradeScorer(j, source)));
}
