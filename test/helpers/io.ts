// A CliIo that records what main() prints, for tests that call the CLI as a function.
import type { CliIo } from '../../src/cli/io.ts';

export interface CapturedIo extends CliIo {
  out(): string;
  err(): string;
}

/** Records stdout and stderr; `signal` stands for Ctrl-C, and `onLine` sees every stdout line as it is written. */
export function captureIo(cwd: string, extra: { signal?: AbortSignal; onLine?: (line: string) => void } = {}): CapturedIo {
  let out = '';
  let err = '';
  return {
    cwd,
    stdout: { write: (t: string) => { out += t; for (const l of t.split('\n')) if (l) extra.onLine?.(l); return true; } },
    stderr: { write: (t: string) => { err += t; return true; } },
    ...(extra.signal ? { signal: extra.signal } : {}),
    out: () => out,
    err: () => err,
  };
}
