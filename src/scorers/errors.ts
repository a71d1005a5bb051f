// The error thrown when a scorer spec in config (or a per-record assertion) cannot be built.
import { BevalError } from '../errors.ts';

/** A scorer spec is invalid: the message names where (config index or suite line) and what is allowed. */
export class ScorerConfigError extends BevalError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFIG', message, options);
    this.name = 'ScorerConfigError';
  }
}
