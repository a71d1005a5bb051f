// The judge model's logic: grade a response against a reference (or the question's own arithmetic), or prefer one of two.
import { solvePrompt } from './arithmetic.ts';

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

/** Put anywhere in a judge prompt, this makes `beval.judge-v1` answer with text no verdict parser accepts (for tests). */
export const GARBLE_TRIGGER = '[[judge:garble]]';

/** What the judge compares against: the `<reference>` text, else the solved arithmetic of the `<question>`. */
function referenceOf(prompt: string): string | undefined {
  return referenceWithSource(prompt)?.text;
}

/** The reference and what the verdict's reason should call it: the given reference, or the solved question's answer. */
function referenceWithSource(prompt: string): { text: string; called: string } | undefined {
  const reference = between(prompt, 'reference');
  if (reference !== undefined) return { text: reference, called: 'the reference' };
  const question = between(prompt, 'question');
  const solved = question === undefined ? undefined : solvePrompt(question);
  return solved ? { text: String(solved.value), called: "the question's answer" } : undefined;
}

/** Pairwise: prefers the response whose final number matches the reference; a tie when both or neither do. */
export function judgePair(prompt: string): { winner: 'A' | 'B' | 'tie'; reason: string } {
  const a = between(prompt, 'response_a') ?? '';
  const b = between(prompt, 'response_b') ?? '';
  const reference = referenceOf(prompt);
  const expected = reference === undefined ? undefined : finalNumber(reference);
  if (expected === undefined) return { winner: 'tie', reason: 'There is no reference number to decide between the responses.' };
  const right = (text: string) => { const v = finalNumber(text); return v !== undefined && Math.abs(v - expected) < 1e-9; };
  const ra = right(a), rb = right(b);
  if (ra === rb) return { winner: 'tie', reason: ra ? `Both responses reach ${expected}.` : `Neither response reaches ${expected}.` };
  return { winner: ra ? 'A' : 'B', reason: `Only response ${ra ? 'A' : 'B'} reaches ${expected}.` };
}

/**
 * The reply text of `beval.judge-v1`, following the template kinds of src/judge/templates.ts: pairwise prompts
 * (`<response_a>`/`<response_b>`) get tagged text, single-response prompts a JSON verdict, and a prompt holding
 * GARBLE_TRIGGER gets prose without any verdict.
 */
export function judgeReply(prompt: string): string {
  if (prompt.includes(GARBLE_TRIGGER)) return 'Hmm, this one is hard to say. I would rather not commit to a verdict.';
  if (between(prompt, 'response_a') !== undefined) {
    const { winner, reason } = judgePair(prompt);
    return `<reason>${reason}</reason>\n<winner>${winner}</winner>`;
  }
  return JSON.stringify(judge(prompt));
}

export function judge(prompt: string): JudgeVerdict {
  const source = referenceWithSource(prompt);
  const reference = source?.text;
  const response = between(prompt, 'response');
  if (source === undefined || reference === undefined || response === undefined) {
    return { verdict: 'fail', score: 1, reason: 'The prompt must contain <response>…</response> and a <reference>…</reference> (or an arithmetic <question>).' };
  }
  const expected = finalNumber(reference);
  if (expected !== undefined) {
    const actual = finalNumber(response);
    if (actual === undefined) return { verdict: 'fail', score: 1, reason: `The response contains no number; expected ${expected}.` };
    if (Math.abs(actual - expected) < 1e-9) return { verdict: 'pass', score: 5, reason: `The response's final number ${actual} matches ${source.called}.` };
    // Close misses get partial credit so score distributions are not purely binary.
    const close = Math.abs(actual - expected) <= Math.max(1, Math.abs(expected) * 0.05);
    return { verdict: 'fail', score: close ? 2 : 1, reason: `The response's final number ${actual} differs from ${source.called} ${expected}.` };
  }
  const ref = normalise(reference);
  const got = normalise(response);
  if (got === ref) return { verdict: 'pass', score: 5, reason: 'The response matches the reference text.' };
  if (ref !== '' && got.includes(ref)) return { verdict: 'pass', score: 4, reason: 'The response contains the reference text.' };
  return { verdict: 'fail', score: 1, reason: 'The response does not match the reference text.' };
}
