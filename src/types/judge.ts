// Judge scorers: what users write in `judges: [...]`, the resolved form, and a parsed verdict.
import type { ModelPricing } from './pricing.ts';

/** `rubric`: grade one output; `reference`: is the output equivalent to `expected`?; `pairwise`: candidate vs baseline. */
export type JudgeKind = 'rubric' | 'reference' | 'pairwise';

/** What to do when a judge stage has fewer new requests than the batch minimum records per job. */
export type BelowMinimum = 'unscored' | 'realtime' | 'pad';

/** One judge as written in eval.config.ts `judges`. */
export interface JudgeConfig {
  kind: JudgeKind;
  /** Bedrock model ID (or inference profile / ARN) of the judge; `beval.judge-v1` on the emulator. */
  model: string;
  /** Column name in reports. @default `judge-<kind>` */
  name?: string;
  /** What a good answer is, in words (rubric judges). @default a generic correctness/helpfulness rubric */
  rubric?: string;
  /** Rubric grading scale: a pass/fail verdict (binary metric) or a 1–5 score (continuous). @default 'pass-fail' */
  scale?: 'pass-fail' | '1-5';
  /**
   * Template id from src/judge/templates.ts (`rubric@2`, `reference@2`, `pairwise@2`; the `@1` versions stay), or your own
   * `{ id, text }` whose text uses the same `{{placeholders}}` and reply format. @default the kind's latest template
   */
  template?: string | { id: string; text: string };
  /** maxTokens of each judge request. @default 400 */
  maxTokens?: number;
  /** Price override for the judge model (otherwise the built-in table). */
  pricing?: ModelPricing;
}

/** Judge-stage options (shared by all judges). */
export interface JudgeStageConfig {
  /**
   * Fewer new judge requests than the batch minimum: `unscored` (default) leaves them unscored and says so;
   * `realtime` sends them through the runtime Converse API at on-demand prices; `pad` repeats requests up to the
   * minimum (you pay for the padding; padded verdicts are discarded). @default 'unscored'
   */
  belowMinimum?: BelowMinimum;
  /** Verdict cache folder, relative to the config file. @default `<outDir>/.judge-cache` */
  cacheDir?: string;
}

export interface ResolvedJudge {
  kind: JudgeKind;
  model: string;
  name: string;
  rubric: string;
  scale: 'pass-fail' | '1-5';
  template: { id: string; text: string };
  maxTokens: number;
  pricing?: ModelPricing;
}

/** A verdict parsed from a judge's reply, in the judge's own terms. */
export type ParsedVerdict =
  | { ok: true; kind: 'grade'; pass?: boolean; score?: number; reason: string }
  | { ok: true; kind: 'preference'; winner: 'A' | 'B' | 'tie'; reason: string }
  | { ok: false; reason: string };

/** Judge-stage options with every field filled in. */
export interface ResolvedJudgeStage {
  belowMinimum: BelowMinimum;
  /** Absolute path of the verdict cache. */
  cacheDir: string;
}
