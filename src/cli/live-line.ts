// The one line a terminal redraws in place (a progress bar), kept apart from every other line the CLI prints: any
// write to stdout or stderr while it is drawn clears it first, and a write that ends a line draws it again after,
// so a log line never lands beside a bar.

export interface LiveLine {
  /** Draws `text` in place of the live line (the text must not contain a newline). */
  draw(text: string): void;
  /** Removes the live line from the screen and forgets it: nothing is redrawn until the next draw. */
  clear(): void;
}

type Writer = { write(text: string): unknown };

/** `\r` back to the first column, `ESC [ K` erase to the end of the line. */
const ERASE = '\r\x1b[K';

/**
 * Wraps the io's stdout and stderr so they share one live line drawn on stdout. Only for a terminal: with a stdout
 * that is not one, the io comes back as it is and there is no live line.
 */
export function withLiveLine<T extends { stdout: Writer; stderr: Writer; isTTY?: boolean }>(io: T): T & { live?: LiveLine } {
  if (!io.isTTY) return io;
  const out = io.stdout;
  let text: string | undefined;
  let drawn = false;
  // A write that did not end its line (a prompt, a half-written line) is on the screen: drawing now would erase it.
  let partial = false;
  const around = (target: Writer) => ({
    write(chunk: string): unknown {
      if (drawn) {
        out.write(ERASE);
        drawn = false;
      }
      const result = target.write(chunk);
      if (chunk.length) partial = !chunk.endsWith('\n');
      if (text !== undefined && !partial) {
        out.write(text);
        drawn = true;
      }
      return result;
    },
  });
  const live: LiveLine = {
    draw(next) {
      text = next;
      if (partial) return;
      out.write(`${ERASE}${next}`);
      drawn = true;
    },
    clear() {
      if (drawn) out.write(ERASE);
      drawn = false;
      text = undefined;
    },
  };
  return { ...io, stdout: around(out), stderr: around(io.stderr), live };
}
