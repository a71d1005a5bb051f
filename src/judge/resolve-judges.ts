// Validates `judges` and `judge` from eval.config.ts into ResolvedJudge[] and the stage options (pure).
import path from 'node:path';
import { BevalError } from '../errors.ts';
import { pricingProblem } from '../pricing/pricing-check.ts';
import { DEFAULT_PAIRWISE_CRITERIA, DEFAULT_RUBRIC, DEFAULT_TEMPLATE, TEMPLATES, isTemplateId } from './templates.ts';
import type { BelowMinimum, JudgeKind, ResolvedJudge, ResolvedJudgeStage } from '../types/judge.ts';

const KINDS: JudgeKind[] = ['rubric', 'reference', 'pairwise'];
const BELOW: BelowMinimum[] = ['unscored', 'realtime', 'pad'];
export const DEFAULT_JUDGE_MAX_TOKENS = 400;

function fail(field: string, message: string): never {
  throw new BevalError('CONFIG', `Invalid config: ${field}: ${message}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function template(raw: unknown, kind: JudgeKind, where: string): { id: string; text: string } {
  if (raw === undefined) return TEMPLATES[DEFAULT_TEMPLATE[kind]];
  if (typeof raw === 'string') {
    if (!isTemplateId(raw)) fail(where, `unknown template ${JSON.stringify(raw)}; built-in templates: ${Object.keys(TEMPLATES).join(', ')}`);
    if (TEMPLATES[raw].kind !== kind) fail(where, `template ${raw} is for ${TEMPLATES[raw].kind} judges, not ${kind}`);
    return TEMPLATES[raw];
  }
  if (!isRecord(raw) || typeof raw.id !== 'string' || typeof raw.text !== 'string' || raw.text === '') {
    fail(where, 'expected a template id like "rubric@2" or { id: "my-rubric@1", text: "…{{response}}…" }');
  }
  // The id is part of every cache key: a versioned id makes "I changed my template" a new id, not stale verdicts.
  if (!/^[A-Za-z0-9._-]+@[A-Za-z0-9._-]+$/.test(raw.id)) fail(`${where}.id`, 'expected a versioned id like "my-rubric@1"');
  if (isTemplateId(raw.id)) fail(`${where}.id`, `"${raw.id}" is a built-in template id; give your template its own id`);
  return { id: raw.id, text: raw.text };
}

type Pricing = NonNullable<ResolvedJudge['pricing']>;

/** Field by field (pricingProblem admits only these three), so key order does not make two prices different. */
const samePrice = (a: Pricing, b: Pricing): boolean => a.inputPer1k === b.inputPer1k && a.outputPer1k === b.outputPer1k && a.batchDiscount === b.batchDiscount;

/**
 * A model has one price: judges on the same model share the `pricing` one of them sets (their requests go to the same
 * jobs, and the judge stage's tokens are counted per model). Two different prices for one model are refused, rather
 * than one of them silently winning in the estimate or the summary.
 */
function sharePricingPerModel(judges: ResolvedJudge[]): void {
  const byModel = new Map<string, { pricing: Pricing; index: number }>();
  judges.forEach((j, i) => {
    if (!j.pricing) return;
    const first = byModel.get(j.model);
    if (!first) byModel.set(j.model, { pricing: j.pricing, index: i });
    else if (!samePrice(first.pricing, j.pricing)) {
      fail(`judges[${i}].pricing`, `differs from judges[${first.index}].pricing for the same model ${JSON.stringify(j.model)}; a model has one price, so set it once`);
    }
  });
  for (const j of judges) {
    const shared = byModel.get(j.model);
    if (shared) j.pricing = shared.pricing;
  }
}

/** Resolves the judges; `outDir` (absolute) is where the cache goes unless `judge.cacheDir` says otherwise. */
export function resolveJudges(judges: unknown, stage: unknown, baseDir: string, outDir: string, modelCount: number): { judges: ResolvedJudge[]; judgeStage: ResolvedJudgeStage } {
  if (judges !== undefined && !Array.isArray(judges)) fail('judges', "expected an array like [{ kind: 'rubric', model: 'beval.judge-v1' }]");
  const names = new Set<string>();
  const resolved = (judges ?? []).map((j: unknown, i: number): ResolvedJudge => {
    const where = `judges[${i}]`;
    if (!isRecord(j)) fail(where, "expected an object like { kind: 'rubric', model: 'beval.judge-v1', rubric: '…' }");
    if (typeof j.kind !== 'string' || !KINDS.includes(j.kind as JudgeKind)) fail(`${where}.kind`, `expected one of ${KINDS.join(', ')}`);
    const kind = j.kind as JudgeKind;
    if (typeof j.model !== 'string' || j.model.trim() === '') fail(`${where}.model`, 'expected the judge model ID, e.g. "beval.judge-v1"');
    if (j.name !== undefined && (typeof j.name !== 'string' || j.name === '')) fail(`${where}.name`, 'expected a non-empty string');
    if (j.rubric !== undefined && typeof j.rubric !== 'string') fail(`${where}.rubric`, 'expected a string');
    if (j.scale !== undefined && j.scale !== 'pass-fail' && j.scale !== '1-5') fail(`${where}.scale`, "expected 'pass-fail' or '1-5'");
    if (j.maxTokens !== undefined && (typeof j.maxTokens !== 'number' || !Number.isInteger(j.maxTokens) || j.maxTokens < 16)) fail(`${where}.maxTokens`, 'expected an integer ≥ 16');
    if (j.pricing !== undefined) {
      const problem = pricingProblem(j.pricing, `${where}.pricing`);
      if (problem) fail(...problem);
    }
    if (kind === 'pairwise' && modelCount < 2) fail(where, 'a pairwise judge needs at least two models (candidates are compared with the baseline)');
    const name = (j.name as string | undefined) ?? `judge-${kind}`;
    if (names.has(name)) fail(`${where}.name`, `"${name}" is already used by another judge; give each judge its own name`);
    names.add(name);
    return {
      kind,
      model: j.model,
      name,
      rubric: (j.rubric as string | undefined) ?? (kind === 'pairwise' ? DEFAULT_PAIRWISE_CRITERIA : DEFAULT_RUBRIC),
      scale: (j.scale as 'pass-fail' | '1-5' | undefined) ?? 'pass-fail',
      template: template(j.template, kind, `${where}.template`),
      maxTokens: (j.maxTokens as number | undefined) ?? DEFAULT_JUDGE_MAX_TOKENS,
      ...(isRecord(j.pricing) ? { pricing: j.pricing as unknown as NonNullable<ResolvedJudge['pricing']> } : {}),
    };
  });
  sharePricingPerModel(resolved);
  if (stage !== undefined && !isRecord(stage)) fail('judge', "expected { belowMinimum?: 'unscored' | 'realtime' | 'pad', cacheDir?: string }");
  const s = (stage ?? {}) as Record<string, unknown>;
  if (s.belowMinimum !== undefined && !BELOW.includes(s.belowMinimum as BelowMinimum)) fail('judge.belowMinimum', `expected one of ${BELOW.map((b) => `'${b}'`).join(', ')}`);
  if (s.cacheDir !== undefined && (typeof s.cacheDir !== 'string' || s.cacheDir === '')) fail('judge.cacheDir', 'expected a folder path');
  return {
    judges: resolved,
    judgeStage: {
      belowMinimum: (s.belowMinimum as BelowMinimum | undefined) ?? 'unscored',
      cacheDir: typeof s.cacheDir === 'string' ? path.resolve(baseDir, s.cacheDir) : path.join(outDir, '.judge-cache'),
    },
  };
}
