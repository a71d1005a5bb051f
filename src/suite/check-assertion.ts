// Checks a per-record assertion when the suite is validated: a bad one used to surface only at scoring, after the jobs.
import { assertionScorer, SCORERS } from '../scorers/catalogue.ts';
import { fieldAndProblem, ScorerConfigError } from '../scorers/errors.ts';
import { didYouMean } from '../did-you-mean.ts';

/** Reports under `where` (e.g. `assert[0]`) what scoring would refuse: a non-object, an unknown type, bad options. */
export function checkAssertion(a: unknown, where: string, report: (field: string, message: string) => void): void {
  if (typeof a !== 'object' || a === null || Array.isArray(a) || typeof (a as { type?: unknown }).type !== 'string') {
    return report(`${where}.type`, 'expected an assertion object with a string "type", like { "type": "contains", "value": "Paris" }');
  }
  const spec = a as { type: string; [k: string]: unknown };
  const names = Object.keys(SCORERS);
  if (!Object.hasOwn(SCORERS, spec.type)) return report(`${where}.type`, `unknown assertion type ${JSON.stringify(spec.type)}${didYouMean(spec.type, names)}; known types: ${names.join(', ')}`);
  try {
    assertionScorer(spec, where);
  } catch (e) {
    if (!(e instanceof ScorerConfigError)) throw e;
    const { field, problem } = fieldAndProblem(e, where);
    report(field, problem);
  }
}
