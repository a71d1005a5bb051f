// `embedding` scorers: cosine similarity of output and expected answer as embedded by a Bedrock embedding model.
// The only built-in scorer that calls a model, so it runs as a deferred scorer (src/score/deferred-scores.ts).
import type { RuntimePort } from '../types/ports.ts';
import type { Score, ScoreInput } from '../types/scorer.ts';
import type { EmbeddingScorer } from './deferred.ts';
import { NO_EXPECTED, fmt, quote, references } from './expected.ts';

export function cosine(a: number[], b: number[]): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** A scorer function for one spec; expected answers are embedded once per distinct text across all models. */
export function embeddingSimilarity(spec: EmbeddingScorer, runtime: RuntimePort): (input: ScoreInput) => Promise<Score> {
  const cache = new Map<string, Promise<number[]>>();
  const embed = async (text: string): Promise<number[]> => {
    const body = { inputText: text, ...(spec.dimensions ? { dimensions: spec.dimensions } : {}) };
    const out = await runtime.invokeModel!(spec.embedding, body);
    const v = out.embedding;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'number')) throw new Error(`${spec.embedding} returned no "embedding" array`);
    return v as number[];
  };
  const cached = (text: string): Promise<number[]> => {
    let p = cache.get(text);
    if (!p) cache.set(text, (p = embed(text)));
    return p;
  };
  return async (input) => {
    const refs = references(input, undefined);
    if (refs.length === 0) return NO_EXPECTED;
    // An empty output has nothing to embed (Titan refuses empty text): it is as far from any answer as can be.
    if (input.output.text.trim() === '') return { value: 0, ...(spec.threshold !== undefined ? { pass: false } : {}), reason: 'empty output' };
    const got = await embed(input.output.text);
    let best = -Infinity;
    let bestRef = refs[0]!;
    for (const ref of refs) {
      const s = cosine(got, await cached(ref));
      if (s > best) [best, bestRef] = [s, ref];
    }
    const value = Math.round(best * 1e6) / 1e6;
    const reason = `cosine ${fmt(value)} with ${quote(bestRef, 40)} (${spec.embedding})`;
    if (spec.threshold === undefined) return { value, reason };
    return { value, pass: value >= spec.threshold, reason: `${reason} ${value >= spec.threshold ? '≥' : '<'} threshold ${spec.threshold}` };
  };
}
