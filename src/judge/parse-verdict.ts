// Parses a judge's reply at the boundary, in its template's format (JSON grade or tagged winner); anything else is unscored.
import type { ParsedVerdict } from '../types/judge.ts';

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
  // Keys come from the judge's reply: a `"__proto__"` field must stay a field, not become the prototype that a
  // missing `winner` or `verdict` would then be read from.
  const lower = Object.create(null) as Record<string, unknown>;
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

/** What may follow the deciding verdict: whitespace, and the closing fence of a code block around the reply. */
const FINAL_TAIL = /^\s*(?:```\s*)?$/;

/** Quotes the start of a text for a reason, on one line, at most `max` characters. */
function quote(text: string, max: number): string {
  const q = text.trim().replace(/\s+/g, ' ');
  return q.length > max ? `${q.slice(0, max)}…` : q;
}

/**
 * A verdict followed by more than FINAL_TAIL is not the judge's last word: it is the judge quoting an answer after its
 * verdict, or a reply cut off mid-quote, and in both cases the last verdict-looking text may be one an answer wrote.
 */
function notFinal(tail: string): ParsedVerdict {
  return { ok: false, reason: `Judge reply does not end with its verdict (text after it may quote an answer, or the reply was cut off): "…${quote(tail, 80)}"` };
}

/**
 * The top-level JSON objects of a reply, in order, with the index just past each: balanced `{…}` spans that parse as
 * objects and do not sit inside another one (so JSON the judge writes inside its own object's strings is never read).
 * Fenced blocks and a reply that is a whole object are found the same way.
 */
function topLevelObjects(text: string): { value: Record<string, unknown>; end: number }[] {
  const out: { value: Record<string, unknown>; end: number }[] = [];
  for (let start = text.indexOf('{'); start !== -1;) {
    const end = objectEnd(text, start);
    let v: unknown;
    try {
      v = end === -1 ? undefined : JSON.parse(text.slice(start, end));
    } catch {
      v = undefined;
    }
    if (isObject(v)) {
      out.push({ value: v, end });
      start = text.indexOf('{', end);
    } else {
      start = text.indexOf('{', start + 1);
    }
  }
  return out;
}

/** JSON replies (rubric, reference): the last top-level object carrying a grade key decides, and must end the reply. */
function gradeFromJson(reply: string): ParsedVerdict | undefined {
  const objects = topLevelObjects(reply);
  for (let k = objects.length - 1; k >= 0; k--) {
    const { value, end } = objects[k]!;
    if (!Object.keys(value).some((key) => GRADE_KEYS.includes(key.toLowerCase()))) continue;
    const tail = reply.slice(end);
    return FINAL_TAIL.test(tail) ? fromFields(value, 'grade') : notFinal(tail);
  }
  return undefined;
}

const CLOSED_REASON = /<\s*reason\s*>([\s\S]*?)<\s*\/\s*reason\s*>/gi;
const OPEN_REASON = /<\s*reason\s*>/i;
const WINNER_TAG = /<\s*winner\s*>([\s\S]*?)<\s*\/\s*winner\s*>/gi;

/**
 * Tagged replies (pairwise): the last `<winner>` outside every `<reason>…</reason>` block decides, and nothing but
 * whitespace or closed reason blocks may follow it (a reason left open means the reply ended inside it). The reason is
 * the last closed `<reason>` block.
 */
function preferenceFromTags(reply: string): ParsedVerdict | undefined {
  const reasons = [...reply.matchAll(CLOSED_REASON)];
  // Blanked to the same length, so indexes in `outside` are indexes in the reply.
  const outside = reply.replace(CLOSED_REASON, (m) => ' '.repeat(m.length));
  const open = OPEN_REASON.exec(outside);
  const winners = [...(open ? outside.slice(0, open.index) : outside).matchAll(WINNER_TAG)];
  const last = winners[winners.length - 1];
  if (!last) return undefined;
  const tail = outside.slice(last.index + last[0].length);
  if (!FINAL_TAIL.test(tail)) return notFinal(reply.slice(last.index + last[0].length));
  const reason = reasons.length ? reasons[reasons.length - 1]![1]! : '';
  return fromFields({ winner: last[1]!, reason }, 'preference');
}

/** Stop reasons of a finished reply; any other (max_tokens, guardrail_intervened, …) means the text is not one. */
const FINISHED = new Set(['end_turn', 'stop_sequence', 'unknown']);

/** Where the reply came from: its stopReason (batch output line or realtime answer), when known. */
export interface ReplyInfo {
  stopReason?: string;
}

/**
 * Parses a judge reply in the format its template asks for: JSON for `grade` (rubric, reference templates), tags for
 * `preference` (pairwise). Only that format is read, and the deciding verdict is the last one and must end the reply,
 * so a verdict the judge quotes from a response (before its own, after it, or where a cut-off reply stops) cannot
 * decide. A reply that did not finish (stopReason other than end_turn/stop_sequence) has no verdict. Never throws:
 * without a usable verdict it gives `{ ok: false, reason }` quoting the reply, which leaves the score unscored (never zero).
 */
export function parseVerdict(reply: string, shape: VerdictShape, info: ReplyInfo = {}): ParsedVerdict {
  const stop = info.stopReason;
  if (stop !== undefined && !FINISHED.has(stop)) {
    const cut = stop === 'max_tokens' || stop === 'model_context_window_exceeded';
    return {
      ok: false,
      reason: `Judge reply did not finish (stopReason ${stop})${cut ? "; raise the judge's maxTokens" : ''}: a verdict in it may be text it was quoting. "${quote(reply, 120)}"`,
    };
  }
  const verdict = shape === 'preference' ? preferenceFromTags(reply) : gradeFromJson(reply);
  if (verdict) return verdict;
  const expected = shape === 'preference' ? 'a winner (A, B or tie)' : 'a verdict or a 1–5 score';
  return { ok: false, reason: `Unparseable judge reply (expected ${expected}): "${quote(reply, 120)}"` };
}
