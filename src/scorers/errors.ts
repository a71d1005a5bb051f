// The error thrown when a scorer spec in config (or a per-record assertion) cannot be built.
import { BevalError } from '../errors.ts';

/** A scorer spec is invalid: the message names where (config index or suite line) and what is allowed. */
export class ScorerConfigError extends BevalError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFIG', message, options);
    this.name = 'ScorerConfigError';
  }
}

/**
 * The field and the problem of a ScorerConfigError, for callers that report them apart. Every message is
 * `where: what is wrong` (e.g. `scorers[2] (contains): …`), so the part before the first ': ' is the field;
 * `fallback` names it when there is none.
 */
export function fieldAndProblem(e: ScorerConfigError, fallback: string): { field: string; problem: string } {
  const at = e.message.indexOf(': ');
  return at > 0 ? { field: e.message.slice(0, at), problem: e.message.slice(at + 2) } : { field: fallback, problem: e.message };
}
