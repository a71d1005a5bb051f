// `choice`: multiple-choice letter extraction ("Answer: (B)", "The answer is C", a lone "D") against the expected letter.
import type { Scorer } from '../types/scorer.ts';
import { parseOptions } from './options.ts';
import { ScorerConfigError } from './errors.ts';
import { NO_EXPECTED, binary, quote, references } from './expected.ts';

function escapeClass(letters: string): string {
  return letters.replace(/[\]\\^-]/g, '\\$&');
}

/**
 * Find the chosen letter among `letters` (upper case). Tries, in order: an answer marker ("answer is C",
 * "Answer: (b)", "**Answer:** **B**", last one wins); the whole output being one letter ("B", "(B)", "B.", "**B**"); a
 * leading "B)" / "(B)" / "B." ; else null. Lower-case letters count only after an explicit answer marker. An "I"
 * followed by a word or an apostrophe is the pronoun ("Answer: I think …", "I'm"), not option I.
 */
export function extractChoice(text: string, letters = 'ABCDEFGHIJ'): string | null {
  const upper = escapeClass(letters);
  const lower = escapeClass(letters.toLowerCase());
  const marker = new RegExp(
    `[Aa]nswer[*_]*\\s*(?:is|:|=)?[*_]*\\s*(?:option\\s*)?[:\\-]?\\s*[*_]*(?:[(\\[]?(?!I(?:\\s+\\p{Ll}|['’]))([${upper}])|[(\\[]([${lower}])[)\\]]|([${lower}])(?=[).:]?\\s*$))(?![\\p{L}\\p{N}])`,
    'gmu',
  );
  const hits = [...text.matchAll(marker)];
  const h = hits[hits.length - 1];
  const last = h?.[1] ?? h?.[2] ?? h?.[3];
  if (last !== undefined) return last.toUpperCase();
  const t = text.trim();
  const lone = new RegExp(`^[*_]*[(\\[]?([${upper}])[)\\].:]?[*_]*$`, 'u').exec(t);
  if (lone?.[1] !== undefined) return lone[1];
  const lead = new RegExp(`^[(\\[]?([${upper}])[)\\].:](?:\\s|$)`, 'u').exec(t);
  if (lead?.[1] !== undefined) return lead[1];
  return null;
}

const CHOICE = { value: 'string', letters: 'string' } as const;

/** `choice` [binary]. `letters` lists the allowed options (default A–J). */
export function choiceScorer(options?: Record<string, unknown>, where = 'choice'): Scorer {
  const o = parseOptions(options, CHOICE, where);
  const letters = (o.letters ?? 'ABCDEFGHIJ').toUpperCase();
  if (!/^[A-Z]+$/.test(letters)) throw new ScorerConfigError(`${where}: option "letters" must be letters like "ABCD", got ${quote(letters)}`);
  return {
    name: o.name ?? 'choice',
    kind: 'binary',
    score(input) {
      // Several acceptable answers: the output passes when it chose any of them (scorers.md).
      const refs = references(input, o.value);
      if (refs.length === 0) return NO_EXPECTED;
      const wants: string[] = [];
      for (const ref of refs) {
        const w = extractChoice(ref, letters) ?? ref.trim().toUpperCase();
        if (w.length === 1 && letters.includes(w)) wants.push(w);
      }
      if (wants.length === 0) {
        const reason = refs.length === 1
          ? `expected answer ${quote(refs[0]!)} is not one of the letters ${letters}`
          : `none of the expected answers ${refs.map((r) => quote(r)).join(', ')} is one of the letters ${letters}`;
        return { value: null, reason };
      }
      const want = wants.join(' or ');
      const got = extractChoice(input.output.text, letters);
      if (got === null) return binary(false, `Expected choice ${want}, found no choice letter in the output`);
      const pass = wants.includes(got);
      return binary(pass, pass ? `Chose ${got}` : `Expected choice ${want}, got ${got}`);
    },
  };
}
