// String-matching scorers: equals (with normalisation), contains family, regex, starts-with.
import type { Scorer } from '../types/scorer.ts';
import { parseOptions } from './options.ts';
import { ScorerConfigError } from './errors.ts';
import { NO_EXPECTED, binary, columnName, quote, references } from './expected.ts';

/** Normalisation switches for `equals`. */
export interface NormaliseOptions {
  ignoreCase?: boolean;
  /** Trim and collapse runs of whitespace to one space. */
  ignoreWhitespace?: boolean;
  /** Drop Unicode punctuation and symbols, except a number's leading minus and decimal point. */
  ignorePunctuation?: boolean;
  /** Drop the English articles a/an/the as whole words. */
  ignoreArticles?: boolean;
}

// Letters, digits and underscore in any script: a word character as Python's Unicode `\w` sees it.
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/giu;
const PUNCTUATION = /[\p{P}\p{S}]/gu;
const DIGIT = /\d/;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const isDigit = (c: string | undefined): boolean => c !== undefined && DIGIT.test(c);
const isWordChar = (c: string | undefined): boolean => c !== undefined && WORD_CHAR.test(c);

/**
 * Drops punctuation and symbols but keeps what changes a number's value: a minus sign starting a number ("-5", "−5",
 * both kept as "-") and a decimal point ("3.14", "-.5"). Without them "5" would equal "-5" and "314" would equal
 * "3.14". Thousands commas still go, so "1,000" equals "1000".
 */
function dropPunctuation(t: string): string {
  return t.replace(PUNCTUATION, (ch: string, at: number, all: string) => {
    const prev = all[at - 1];
    const next = all[at + 1];
    if ((ch === '-' || ch === '−') && !isWordChar(prev) && (isDigit(next) || (next === '.' && isDigit(all[at + 2])))) return '-';
    if (ch === '.' && isDigit(next) && (isDigit(prev) || ((prev === '-' || prev === '−') && !isWordChar(all[at - 2])))) return '.';
    return '';
  });
}

export function normalise(s: string, o: NormaliseOptions): string {
  let t = s;
  if (o.ignoreCase) t = t.toLowerCase();
  if (o.ignorePunctuation) t = dropPunctuation(t);
  if (o.ignoreArticles) t = t.replace(ARTICLES, ' ');
  if (o.ignoreWhitespace || o.ignoreArticles) t = t.trim().replace(/\s+/gu, ' ');
  return t;
}

const EQUALS = {
  value: 'text',
  ignoreCase: 'boolean',
  ignoreWhitespace: 'boolean',
  ignorePunctuation: 'boolean',
  ignoreArticles: 'boolean',
} as const;

/** `equals`: the output equals the reference (any of several) after the chosen normalisation. */
export function equalsScorer(options?: Record<string, unknown>, where = 'equals'): Scorer {
  const o = parseOptions(options, EQUALS, where);
  return {
    name: columnName('equals', o.name, o.value),
    kind: 'binary',
    score(input) {
      const refs = references(input, o.value);
      if (refs.length === 0) return NO_EXPECTED;
      const got = normalise(input.output.text, o);
      const hit = refs.find((r) => normalise(r, o) === got);
      if (input.reasons === false) return binary(hit !== undefined, '');
      if (hit !== undefined) return binary(true, `Output equals ${quote(hit)}`);
      const shown = refs.length === 1 ? quote(refs[0] ?? '') : `one of ${refs.map((r) => quote(r, 40)).join(', ')}`;
      return binary(false, `Expected output to equal ${shown}, got ${quote(input.output.text)}`);
    },
  };
}

type ContainsMode = 'all' | 'any';

function containsFactory(type: string, mode: ContainsMode, caseDefault: boolean) {
  const schema = { value: 'text', ignoreCase: 'boolean' } as const;
  return (options?: Record<string, unknown>, where = type): Scorer => {
    const o = parseOptions(options, schema, where);
    const ignoreCase = o.ignoreCase ?? caseDefault;
    const fold = (s: string) => (ignoreCase ? s.toLowerCase() : s);
    return {
      name: columnName(type, o.name, o.value),
      kind: 'binary',
      score(input) {
        const needles = references(input, o.value);
        if (needles.length === 0) return NO_EXPECTED;
        const hay = fold(input.output.text);
        if (input.reasons === false) return binary(mode === 'any' ? needles.some((n) => hay.includes(fold(n))) : needles.every((n) => hay.includes(fold(n))), '');
        const found = needles.filter((n) => hay.includes(fold(n)));
        const missing = needles.filter((n) => !hay.includes(fold(n)));
        const list = (xs: string[]) => xs.map((x) => quote(x, 40)).join(', ');
        if (mode === 'any') {
          return found.length > 0
            ? binary(true, `Output contains ${list(found.slice(0, 1))}`)
            : binary(false, `Expected output to contain one of ${list(needles)}`);
        }
        if (missing.length === 0) return binary(true, `Output contains ${list(needles)}`);
        return binary(false, `Expected output to contain ${list(missing)}`);
      },
    };
  };
}

/** `contains`: the output contains the value (all of them when given an array). */
export const containsScorer = containsFactory('contains', 'all', false);
/** `icontains`: case-insensitive `contains`. */
export const icontainsScorer = containsFactory('icontains', 'all', true);
/** `contains-any`: the output contains at least one of the values. */
export const containsAnyScorer = containsFactory('contains-any', 'any', false);
/** `contains-all`: the output contains every value. */
export const containsAllScorer = containsFactory('contains-all', 'all', false);

const REGEX = { value: 'string', pattern: 'string', flags: 'string' } as const;

function compile(pattern: string, flags: string): RegExp {
  // `g`/`y` make RegExp.test stateful between records, so they are dropped.
  return new RegExp(pattern, flags.replace(/[gy]/g, ''));
}

/** `regex`: the output matches the pattern (`pattern` or `value`; else the record's expected text as a pattern). */
export function regexScorer(options?: Record<string, unknown>, where = 'regex'): Scorer {
  const o = parseOptions(options, REGEX, where);
  const source = o.pattern ?? o.value;
  const flags = o.flags ?? '';
  let fixed: RegExp | undefined;
  if (source !== undefined) {
    try {
      fixed = compile(source, flags);
    } catch (cause) {
      throw new ScorerConfigError(`${where}: invalid regular expression /${source}/${flags}: ${(cause as Error).message}`, {
        cause,
      });
    }
  }
  return {
    name: columnName('regex', o.name, source),
    kind: 'binary',
    score(input) {
      const patterns: RegExp[] = fixed === undefined ? [] : [fixed];
      if (fixed === undefined) {
        // Several acceptable answers: each is a pattern, and matching any of them passes (scorers.md).
        const srcs = references(input, undefined);
        if (srcs.length === 0) return NO_EXPECTED;
        let invalid = '';
        for (const src of srcs) {
          try {
            patterns.push(compile(src, flags));
          } catch (e) {
            invalid ||= (e as Error).message;
          }
        }
        if (patterns.length === 0) return { value: null, reason: `invalid pattern in expected: ${invalid}` };
      }
      const hit = patterns.find((re) => re.test(input.output.text));
      if (hit) return binary(true, `Output matches /${hit.source}/${hit.flags}`);
      return binary(false, `Expected output to match ${patterns.map((re) => `/${re.source}/${re.flags}`).join(' or ')}`);
    },
  };
}

const STARTS = { value: 'text', ignoreCase: 'boolean' } as const;

/** `starts-with`: the output (leading whitespace ignored) starts with the value, or any of several. */
export function startsWithScorer(options?: Record<string, unknown>, where = 'starts-with'): Scorer {
  const o = parseOptions(options, STARTS, where);
  const fold = (s: string) => (o.ignoreCase ? s.toLowerCase() : s);
  return {
    name: columnName('starts-with', o.name, o.value),
    kind: 'binary',
    score(input) {
      const refs = references(input, o.value);
      if (refs.length === 0) return NO_EXPECTED;
      const text = fold(input.output.text.trimStart());
      const hit = refs.find((r) => text.startsWith(fold(r)));
      return hit !== undefined
        ? binary(true, `Output starts with ${quote(hit)}`)
        : binary(false, `Expected output to start with ${refs.map((r) => quote(r, 40)).join(' or ')}`);
    },
  };
}
