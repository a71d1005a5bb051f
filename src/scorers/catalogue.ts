// The scorer table: names users write in config and in per-record `assert`, and how specs become Scorers.
import type { Scorer } from '../types/scorer.ts';
import { deferredProblem, isDeferred, type DeferredScorer } from './deferred.ts';
import type { ScorerFactory } from './options.ts';
import { ScorerConfigError } from './errors.ts';
import { type CustomScorer, wrapCustom } from './custom.ts';
import { containsAllScorer, containsAnyScorer, containsScorer, equalsScorer, icontainsScorer, regexScorer, startsWithScorer } from './text-match.ts';
import { isJsonScorer, jsonFieldScorer, jsonSchemaScorer } from './json.ts';
import { numericScorer } from './numeric.ts';
import { choiceScorer } from './choice.ts';
import { squadEmScorer, squadF1Scorer } from './squad.ts';
import { rouge1Scorer, rouge2Scorer, rougeLScorer } from './rouge.ts';
import { bleuScorer } from './bleu.ts';
import { chrfScorer } from './chrf.ts';
import { levenshteinScorer } from './levenshtein.ts';
import { lengthScorer } from './length.ts';

export type { CustomScorer } from './custom.ts';
export type { ScorerFactory } from './options.ts';

export const SCORERS = {
  equals: equalsScorer,
  contains: containsScorer,
  icontains: icontainsScorer,
  'contains-any': containsAnyScorer,
  'contains-all': containsAllScorer,
  regex: regexScorer,
  'starts-with': startsWithScorer,
  'is-json': isJsonScorer,
  'json-schema': jsonSchemaScorer,
  'json-field': jsonFieldScorer,
  numeric: numericScorer,
  choice: choiceScorer,
  'squad-em': squadEmScorer,
  'squad-f1': squadF1Scorer,
  'rouge-1': rouge1Scorer,
  'rouge-2': rouge2Scorer,
  'rouge-l': rougeLScorer,
  bleu: bleuScorer,
  chrf: chrfScorer,
  levenshtein: levenshteinScorer,
  length: lengthScorer,
} satisfies Record<string, ScorerFactory>;

export type ScorerName = keyof typeof SCORERS;

/** A scorer as written in config: a name, or [name, options], or a custom function scorer. */
export type ScorerSpec = ScorerName | [ScorerName, Record<string, unknown>] | CustomScorer | DeferredScorer;

export function isScorerName(s: unknown): s is ScorerName {
  return typeof s === 'string' && Object.hasOwn(SCORERS, s);
}

const NAMES = Object.keys(SCORERS).join(', ');

function unknownName(where: string, name: unknown): ScorerConfigError {
  return new ScorerConfigError(`${where}: unknown scorer ${JSON.stringify(name)}; known scorers: ${NAMES}`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Build one scorer from one spec (validated here, since config arrives as unknown). */
export function buildScorer(spec: unknown, where: string): Scorer {
  if (typeof spec === 'string') {
    if (!isScorerName(spec)) throw unknownName(where, spec);
    return SCORERS[spec](undefined, `${where} (${spec})`);
  }
  if (Array.isArray(spec)) {
    const [name, options, ...rest] = spec as unknown[];
    if (!isScorerName(name)) throw unknownName(where, name);
    if (rest.length > 0 || (options !== undefined && !isPlainObject(options))) {
      throw new ScorerConfigError(`${where}: expected [name, options] with options an object, like ['contains', { value: 'Paris' }]`);
    }
    return SCORERS[name](options, `${where} (${name})`);
  }
  if (isDeferred(spec)) {
    const problem = deferredProblem(spec);
    if (problem) throw new ScorerConfigError(`${where}: ${problem}`);
    // Scored before the scoring loop (src/score/deferred-scores.ts), which replaces this stand-in with the results.
    return { name: spec.name, kind: 'kind' in spec && spec.kind !== undefined ? spec.kind : 'continuous', score: () => ({ value: null, reason: 'deferred scorer did not run' }) };
  }
  if (isPlainObject(spec)) {
    if (typeof spec.name !== 'string' || spec.name === '' || typeof spec.score !== 'function') {
      throw new ScorerConfigError(`${where}: a custom scorer needs a non-empty string "name" and a function "score"`);
    }
    if (spec.kind !== undefined && spec.kind !== 'binary' && spec.kind !== 'continuous') {
      throw new ScorerConfigError(`${where}: custom scorer "kind" must be 'binary' or 'continuous'`);
    }
    return wrapCustom(spec as unknown as CustomScorer);
  }
  throw new ScorerConfigError(`${where}: expected a scorer name, [name, options] or { name, score }, got ${JSON.stringify(spec)}`);
}

/**
 * Build scorers from config specs. `where` names the config location (e.g. `scorers`); errors say `scorers[2]`.
 * Throws ScorerConfigError on an unknown name, bad options, or two scorers with the same column name.
 */
export function buildScorers(specs: ScorerSpec[], where: string): Scorer[] {
  const scorers = specs.map((s, i) => buildScorer(s, `${where}[${i}]`));
  const seen = new Map<string, number>();
  scorers.forEach((s, i) => {
    const prev = seen.get(s.name);
    if (prev !== undefined) {
      throw new ScorerConfigError(`${where}[${i}]: scorer name "${s.name}" is already used by ${where}[${prev}]; give one a "name" option`);
    }
    seen.set(s.name, i);
  });
  return scorers;
}

/**
 * Build the scorer for one per-record assertion `{ type, value, ...options }` (promptfoo vocabulary).
 * `where` locates it, e.g. `suite.jsonl:12: assert[0]`.
 */
export function assertionScorer(spec: { type: string; value?: unknown; [k: string]: unknown }, where: string): Scorer {
  const { type, ...options } = spec;
  if (!isScorerName(type)) throw unknownName(`${where}: type`, type);
  return SCORERS[type](options, `${where} (${type})`);
}
