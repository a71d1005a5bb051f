// The judge model's logic: compare a candidate answer with a reference between documented tags.

/** What `beval.judge-v1` replies (as the JSON text of its answer). */
export interface JudgeVerdict {
  verdict: 'pass' | 'fail';
  score: number;
  reason: string;
}

const between = (text: string, tag: string): string | undefined => {
  const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(text);
  return match?.[1];
};

/** The final number of a text: the value of its last `Answer: X` line, else its last number. */
export function finalNumber(text: string): number | undefined {
  const answers = [...text.matchAll(/Answer:\s*(-?[\d,]*\.?\d+)/gi)];
  const fromAnswer = answers.at(-1)?.[1];
  const raw = fromAnswer ?? [...text.matchAll(/-?\d[\d,]*(?:\.\d+)?/g)].at(-1)?.[0];
  if (raw === undefined) return undefined;
  const value = Number(raw.replace(/,/g, ''));
  return Number.isFinite(value) ? value : undefined;
}

const normalise = (text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

export function judge(prompt: string): JudgeVerdict {
  const reference = between(prompt, 'reference');
  const response = between(prompt, 'response');
  if (reference === undefined || response === undefined) {
    return { verdict: 'fail', score: 1, reason: 'The prompt must contain <reference>…</reference> and <response>…</response>.' };
  }
  const expected = finalNumber(reference);
  if (expected !== undefined) {
    const actual = finalNumber(response);
    if (actual === undefined) return { verdict: 'fail', score: 1, reason: `The response contains no number; expected ${expected}.` };
    if (Math.abs(actual - expected) < 1e-9) return { verdict: 'pass', score: 5, reason: `The response's final number ${actual} matches the reference.` };
    // Close misses get partial credit so score distributions are not purely binary.
    const close = Math.abs(actual - expected) <= Math.max(1, Math.abs(expected) * 0.05);
    return { verdict: 'fail', score: close ? 2 : 1, reason: `The response's final number ${actual} differs from the reference ${expected}.` };
  }
  const ref = normalise(reference);
  const got = normalise(response);
  if (got === ref) return { verdict: 'pass', score: 5, reason: 'The response matches the reference text.' };
  if (ref !== '' && got.includes(ref)) return { verdict: 'pass', score: 4, reason: 'The response contains the reference text.' };
  return { verdict: 'fail', score: 1, reason: 'The response does not match the reference text.' };
}
