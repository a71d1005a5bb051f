// Parses a judge's reply at the boundary: JSON, fenced JSON, JSON inside prose, or tagged text; anything else is unscored.
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

/** Reads the judge's fields (from JSON or tags) into a verdict of the expected shape, or undefined when they are not there. */
function fromFields(fields: Record<string, unknown>, shape: VerdictShape): ParsedVerdict | undefined {
  const lower: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) lower[k.toLowerCase()] = v;
  const reason = reasonOf(lower);
  if (shape === 'preference') {
    const winner = winnerOf(lower.winner ?? lower.preference ?? lower.choice ?? lower.better ?? lower.verdict);
    return winner ? { ok: true, kind: 'preference', winner, reason } : undefined;
  }
  const pass = passOf(lower.verdict ?? lower.pass ?? lower.result ?? lower.grade);
  const score = scoreOf(lower.score ?? lower.rating);
  if (pass === undefined && score === undefined) return undefined;
  return { ok: true, kind: 'grade', ...(pass !== undefined ? { pass } : {}), ...(score !== undefined ? { score } : {}), reason };
}

/** Candidate JSON texts: the whole reply, each fenced block, and each balanced `{…}` span (outermost first). */
function jsonCandidates(text: string): string[] {
  const out = [text.trim()];
  for (const m of text.matchAll(/```(?:json)?\s*([\s\S]*?)```/gi)) out.push(m[1]!.trim());
  for (let start = text.indexOf('{'); start !== -1; start = text.indexOf('{', start + 1)) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        out.push(text.slice(start, i + 1));
        break;
      }
    }
  }
  return out;
}

function tagged(text: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const m of text.matchAll(/<([a-z_]+)>([\s\S]*?)<\/\1>/gi)) {
    const key = m[1]!.toLowerCase();
    if (!(key in fields)) fields[key] = m[2]!.trim();
  }
  return fields;
}

/**
 * Parses a judge reply. Never throws: a reply without a usable verdict gives `{ ok: false, reason }` quoting its
 * start, which leaves the score unscored (never zero).
 */
export function parseVerdict(reply: string, shape: VerdictShape): ParsedVerdict {
  for (const candidate of jsonCandidates(reply)) {
    let v: unknown;
    try {
      v = JSON.parse(candidate);
    } catch {
      continue;
    }
    if (!isObject(v)) continue;
    const verdict = fromFields(v, shape);
    if (verdict) return verdict;
  }
  const verdict = fromFields(tagged(reply), shape);
  if (verdict) return verdict;
  const quote = reply.trim().replace(/\s+/g, ' ');
  const expected = shape === 'preference' ? 'a winner (A, B or tie)' : 'a verdict or a 1–5 score';
  return { ok: false, reason: `Unparseable judge reply (expected ${expected}): "${quote.length > 120 ? `${quote.slice(0, 120)}…` : quote}"` };
}
