// Parses a judge's reply at the boundary, in its template's format (JSON grade or tagged winner); anything else is unscored.
import type { ParsedVerdict } from './types.ts';

/** `grade`: a pass/fail verdict and/or a 1–5 score (rubric, reference); `preference`: A, B or tie (pairwise). */
export type VerdictShape = 'grade' | 'preference';

const PASS = new Set(['pass', 'passed', 'yes', 'true', 'correct', 'equivalent', 'acceptable']);
const FAIL = new Set(['fail', 'failed', 'no', 'false', 'incorrect', 'not equivalent', 'not_equivalent', 'unacceptable']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function passOf(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase();
  return PASS.has(s) ? true : FAIL.has(s) ? false : undefined;
}

function scoreOf(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+(\.\d+)?\s*(\/\s*5)?\s*$/.test(v) ? Number.parseFloat(v) : Number.NaN;
  return Number.isFinite(n) && n >= 1 && n <= 5 ? n : undefined;
}

function winnerOf(v: unknown): 'A' | 'B' | 'tie' | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase().replace(/^response[_\s-]*/, '');
  if (s === 'a') return 'A';
  if (s === 'b') return 'B';
  if (s === 'tie' || s === 'equal' || s === 'draw' || s === 'neither' || s === 'both') return 'tie';
  return undefined;
}

function reasonOf(fields: Record<string, unknown>): string {
  for (const k of ['reason', 'reasoning', 'explanation', 'rationale', 'justification']) {
    const v = fields[k];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return '(the judge gave no reason)';
}

/** Reads the judge's fields (a JSON object, or the winner and reason tags) into a verdict of the expected shape, or undefined when they are not there. */
function fromFields(fields: Record<string, unknown>, shape: VerdictShape): ParsedVerdict | undefined {
  const lower: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) lower[k.toLowerCase()] = v;
  const reason = reasonOf(lower);
  if (shape === 'preference') {
    const winner = winnerOf(lower.winner);
    return winner ? { ok: true, kind: 'preference', winner, reason } : undefined;
  }
  const pass = passOf(lower.verdict ?? lower.pass ?? lower.result ?? lower.grade);
  const score = scoreOf(lower.score ?? lower.rating);
  if (pass === undefined && score === undefined) return undefined;
  return { ok: true, kind: 'grade', ...(pass !== undefined ? { pass } : {}), ...(score !== undefined ? { score } : {}), reason };
}

/** Keys that carry a grade: an object without any of them is not a verdict (e.g. JSON the judge quotes). */
const GRADE_KEYS = ['verdict', 'pass', 'result', 'grade', 'score', 'rating'];

/** Index just past the `}` closing the object that opens at `start`, skipping strings; -1 when it never closes. */
function objectEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * The top-level JSON objects of a reply, in order: balanced `{…}` spans that parse as objects and do not sit inside
 * another one (so JSON the judge writes inside its own object's strings is never read). Fenced blocks and a reply that
 * is a whole object are found the same way.
 */
function topLevelObjects(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let start = text.indexOf('{'); start !== -1;) {
    const end = objectEnd(text, start);
    let v: unknown;
    try {
      v = end === -1 ? undefined : JSON.parse(text.slice(start, end));
    } catch {
      v = undefined;
    }
    if (isObject(v)) {
      out.push(v);
      start = text.indexOf('{', end);
    } else {
      start = text.indexOf('{', start + 1);
    }
  }
  return out;
}

/** JSON replies (rubric, reference): the last top-level object carrying a grade key decides. */
function gradeFromJson(reply: string): ParsedVerdict | undefined {
  const objects = topLevelObjects(reply);
  for (let k = objects.length - 1; k >= 0; k--) {
    const o = objects[k]!;
    if (Object.keys(o).some((key) => GRADE_KEYS.includes(key.toLowerCase()))) return fromFields(o, 'grade');
  }
  return undefined;
}

const REASON_BLOCK = /<\s*reason\s*>([\s\S]*?)(?:<\s*\/\s*reason\s*>|$)/gi;
const WINNER_TAG = /<\s*winner\s*>([\s\S]*?)<\s*\/\s*winner\s*>/gi;

/**
 * Tagged replies (pairwise): the last `<winner>` outside every `<reason>…</reason>` block decides (a reason left open
 * runs to the end of the reply); the reason is the last closed `<reason>` block.
 */
function preferenceFromTags(reply: string): ParsedVerdict | undefined {
  const reasons = [...reply.matchAll(REASON_BLOCK)].filter((m) => /<\s*\/\s*reason\s*>$/i.test(m[0]));
  const outside = reply.replace(REASON_BLOCK, ' ');
  const winners = [...outside.matchAll(WINNER_TAG)];
  const last = winners[winners.length - 1];
  if (!last) return undefined;
  const reason = reasons.length ? reasons[reasons.length - 1]![1]! : '';
  return fromFields({ winner: last[1]!, reason }, 'preference');
}

/**
 * Parses a judge reply in the format its template asks for: JSON for `grade` (rubric@1, reference@1), tags for
 * `preference` (pairwise@1). Only that format is read, and its last verdict wins, so a verdict the judge quotes from
 * a response before giving its own cannot decide. Never throws: a reply without a usable verdict gives
 * `{ ok: false, reason }` quoting its start, which leaves the score unscored (never zero).
 */
export function parseVerdict(reply: string, shape: VerdictShape): ParsedVerdict {
  const verdict = shape === 'preference' ? preferenceFromTags(reply) : gradeFromJson(reply);
  if (verdict) return verdict;
  const quote = reply.trim().replace(/\s+/g, ' ');
  const expected = shape === 'preference' ? 'a winner (A, B or tie)' : 'a verdict or a 1–5 score';
  return { ok: false, reason: `Unparseable judge reply (expected ${expected}): "${quote.length > 120 ? `${quote.slice(0, 120)}…` : quote}"` };
}
