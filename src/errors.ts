// The project's error classes: stable codes, messages for the person at the terminal, causes kept.
import { printable } from './safe-text.ts';

export type BevalErrorCode =
  | 'CONFIG'
  | 'SUITE'
  | 'QUOTA'
  | 'JOB'
  | 'LEDGER'
  | 'OUTPUT'
  | 'BUDGET'
  | 'USAGE'
  | 'PREFLIGHT';

/** An expected failure: the CLI prints its message (no stack) and exits 1. */
export class BevalError extends Error {
  readonly code: BevalErrorCode;
  /** The CLI's exit status for it, when not 1 (e.g. 4: a realtime run stopped by the per-day quota). */
  readonly exitCode?: number;
  constructor(code: BevalErrorCode, message: string, options?: { cause?: unknown; exitCode?: number }) {
    super(message, options);
    this.name = 'BevalError';
    this.code = code;
    if (options?.exitCode !== undefined) this.exitCode = options.exitCode;
  }
}

/** One problem found in a file, located by 1-based line and field path. */
export interface Problem {
  file: string;
  line: number;
  field: string;
  message: string;
}

/** One line, always: field names and JSON errors quote the suite's text, which may hold control characters. */
export function formatProblem(p: Problem): string {
  return printable(`${p.file}:${p.line}: ${p.field}: ${p.message}`);
}

/** Many located problems at once (suite validation reports every bad line, not just the first). */
export class ProblemsError extends BevalError {
  readonly problems: Problem[];
  constructor(code: BevalErrorCode, summary: string, problems: Problem[]) {
    const shown = problems.slice(0, 50).map(formatProblem);
    const more = problems.length > 50 ? [`… and ${problems.length - 50} more`] : [];
    super(code, [summary, ...shown, ...more].join('\n'));
    this.problems = problems;
  }
}
