// `numeric`: extract the final number from the output (answer markers first) and compare with a tolerance.
import type { Scorer } from '../types/scorer.ts';
import { parseOptions } from './options.ts';
import { ScorerConfigError } from './errors.ts';
import { NO_EXPECTED, binary, fmt, quote, references } from './expected.ts';

/** A number found in text: the text as written and its value. */
export interface ExtractedNumber {
  raw: string;
  value: number;
  /** Which rule found it: a final-answer marker, or the last number in the text. */
  via: 'boxed' | '####' | 'answer' | 'last';
}

// One number: optional sign (not when glued to a word or digit, so "5-3" is 5 and 3), optional currency sign,
// digits with optional thousands commas, decimals, exponent, and an optional "/denominator" for fractions.
// - Glued to a word means a letter of a script that spaces its words ("x2", "H2O"); CJK and kana do not ("答えは42です").
// - A match never starts on the last three digits of "1,500" after a word swallowed its "1" ("USD1,500" is not 500),
//   while lists like "3,4,5" still give 3, 4 and 5.
// - A fraction keeps its denominator before a full stop ("3/4." is 0.75); "1/2.5" still reads 2.5 as the denominator.
const NUMBER =
  /(?<![\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{N}_.])(?!(?<=\d,)\d{3}(?!\d))(?<sign>[-−])?[$€£¥]?(?<sign2>[-−])?(?<body>\d{1,3}(?:,\d{3})+(?![\d])(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?<exp>[eE][-+]?\d+)?(?:\s?\/\s?(?<den>\d+(?:\.\d+)?)(?!\d|\.\d))?/gu;

function toNumber(m: RegExpExecArray): number | null {
  const g = m.groups ?? {};
  const negative = g.sign !== undefined || g.sign2 !== undefined;
  let v = Number((g.body ?? '').replace(/,/g, '') + (g.exp ?? ''));
  if (g.den !== undefined) {
    const d = Number(g.den);
    if (d === 0) return null;
    v /= d;
  }
  if (!Number.isFinite(v)) return null;
  return negative ? -v : v;
}

// The numbers of a text, left to right, are the successive matches of NUMBER that give a finite value (a zero
// denominator gives none). Scanning stops at the first one wanted instead of collecting them all: the scorer runs once
// per model output, and the arrays and iterator of matchAll were a third of its time.
const SCAN = new RegExp(NUMBER);

/** The first or the last number in `text`. */
function numberIn(text: string, which: 'first' | 'last'): { raw: string; value: number } | undefined {
  let found: { raw: string; value: number } | undefined;
  SCAN.lastIndex = 0;
  for (let m = SCAN.exec(text); m !== null; m = SCAN.exec(text)) {
    const value = toNumber(m);
    if (value === null) continue;
    found = { raw: m[0], value };
    if (which === 'first') break;
  }
  return found;
}

// Final-answer markers, strongest first. Each captures the text after the marker up to the line end. `from` gives a
// position no match can start before (-1: no match at all), found with a cheap literal search, so most texts skip
// most of each regex scan (performance only: results are those of scanning from 0).
const ANSWER_WORD = /answer/i;
const WHITESPACE = /\s/;
const MARKERS: { via: ExtractedNumber['via']; re: RegExp; from: (text: string) => number }[] = [
  { via: 'boxed', re: /\\boxed\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g, from: (t) => t.indexOf('\\boxed{') },
  // GSM8K's "#### 42"; a Markdown heading ("#### Step 2") is not an answer, so a number must follow.
  { via: '####', re: /####[ \t]*(?=[-−$€£¥]?\.?\d)([^\n]*)/g, from: (t) => t.indexOf('####') },
  // "answer is 18", "Answer: 18", "**Answer:** 18", "answer = 18"; not "answers", "To answer this, …" or
  // "answer to question 3".
  { via: 'answer', re: /\banswer\b[*_]*\s*(?:\bis\b|=|:)[*_\s]*[:=]?\s*([^\n]*)/gi, from: (t) => ANSWER_WORD.exec(t)?.index ?? -1 },
  { via: 'answer', re: /^\s*A:\s*([^\n]*)/gm, from: whitespaceBefore },
];

/** Where the whitespace run before the first "A:" starts: a `^\s*A:` match cannot start earlier. */
function whitespaceBefore(text: string): number {
  let at = text.indexOf('A:');
  if (at < 0) return -1;
  while (at > 0 && WHITESPACE.test(text[at - 1]!)) at--;
  return at;
}

/** The captured segments of every match of a global marker regex from `from` on, in text order. */
function segments(re: RegExp, text: string, from: number): string[] {
  const out: string[] = [];
  re.lastIndex = from;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) out.push(m[1] ?? '');
  return out;
}

/** Handle `\frac{3}{4}` inside \boxed{} by rewriting it to 3/4, and LaTeX's thousands separator `1{,}000`. */
function unLatex(s: string): string {
  if (s.includes('{,}')) s = s.replaceAll('{,}', ',');
  // The other rewrites need a backslash; most segments have none.
  if (!s.includes('\\')) return s;
  return s.replace(/\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}/g, '$1/$2').replace(/\\[,!; ]/g, '');
}

/**
 * The final number in a model answer. Prefers the last `\boxed{…}`, then the last `#### …`, then the last
 * `Answer: …` / `The answer is …` / `A: …` line (first number after the marker); else the last number anywhere.
 */
export function extractFinalNumber(text: string): ExtractedNumber | null {
  for (const { via, re, from } of MARKERS) {
    const start = from(text);
    if (start < 0) continue;
    const hits = segments(re, text, start);
    for (let i = hits.length - 1; i >= 0; i--) {
      const seg = unLatex(hits[i] ?? '');
      const first = numberIn(seg, 'first');
      if (first !== undefined) return { raw: first.raw, value: first.value, via };
    }
  }
  const last = numberIn(text, 'last');
  return last === undefined ? null : { raw: last.raw, value: last.value, via: 'last' };
}

const NUMERIC = { value: 'json', tolerance: 'number', relativeTolerance: 'number' } as const;

/** What the expected answers of a record give: the numbers to compare with, and how the reason shows them. */
interface Wanted {
  refs: readonly string[];
  /** The numbers the answers hold (answers without one are left out); empty when none holds a number. */
  wants: number[];
  /** "42", or "1051 or 51" for several acceptable answers. */
  shown: string;
}

// Every model's output for a record is compared with the same expected answers: extracting their numbers (and
// formatting them for the reason) once per record instead of once per output saved ~1.8 of the scorer's ~7 µs per
// output (synthetic 50k records).
const expectedCache = new WeakMap<object, Wanted>();

/** The numbers of a record's expected answers, remembered per suite record (recomputed should its answers differ). */
function wantedFor(record: object, refs: readonly string[]): Wanted {
  const known = expectedCache.get(record);
  if (known !== undefined && known.refs.length === refs.length && known.refs.every((r, i) => r === refs[i])) return known;
  const wants: number[] = [];
  for (const ref of refs) {
    const e = extractFinalNumber(ref);
    if (e !== null) wants.push(e.value);
  }
  const wanted = { refs, wants, shown: wants.map(fmt).join(' or ') };
  expectedCache.set(record, wanted);
  return wanted;
}

/** `numeric` [binary]: |extracted − expected| ≤ max(tolerance, relativeTolerance·|expected|). */
export function numericScorer(options?: Record<string, unknown>, where = 'numeric'): Scorer {
  const o = parseOptions(options, NUMERIC, where);
  const tolerance = o.tolerance ?? 1e-6;
  const rel = o.relativeTolerance ?? 0;
  if (tolerance < 0 || rel < 0) throw new ScorerConfigError(`${where}: tolerance and relativeTolerance must be ≥ 0`);
  let fixed: number | undefined;
  if (o.value !== undefined) {
    const v = typeof o.value === 'number' ? o.value : typeof o.value === 'string' ? extractFinalNumber(o.value)?.value : undefined;
    if (v === undefined || !Number.isFinite(v)) {
      throw new ScorerConfigError(`${where}: option "value" must be a number or a string holding one, got ${JSON.stringify(o.value)}`);
    }
    fixed = v;
  }
  const fixedWanted: Wanted | undefined = fixed === undefined ? undefined : { refs: [], wants: [fixed], shown: fmt(fixed) };
  return {
    name: o.name ?? 'numeric',
    kind: 'binary',
    score(input) {
      // Several acceptable answers: the output passes when its number matches any of them (scorers.md).
      let wanted = fixedWanted;
      if (wanted === undefined) {
        const refs = references(input, undefined);
        if (refs.length === 0) return NO_EXPECTED;
        wanted = wantedFor(input.record, refs);
        if (wanted.wants.length === 0) {
          return { value: null, reason: refs.length === 1 ? `expected answer ${quote(refs[0]!)} holds no number` : `none of the expected answers ${refs.map((r) => quote(r)).join(', ')} holds a number` };
        }
      }
      const { wants, shown } = wanted;
      const got = extractFinalNumber(input.output.text);
      if (got === null) return binary(false, `Expected a number equal to ${shown}, found no number in the output`);
      let pass = false;
      for (const want of wants) if (Math.abs(got.value - want) <= Math.max(tolerance, rel * Math.abs(want))) pass = true;
      if (input.reasons === false) return binary(pass, '');
      const how = got.via === 'last' ? 'last number' : `after ${got.via}`;
      return binary(pass, `Extracted ${fmt(got.value)} (${quote(got.raw, 30)}, ${how}) vs expected ${shown}`);
    },
  };
}
