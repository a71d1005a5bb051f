// Footnotes under the terminal's tables, wrapped so every line stays under 100 characters: they read whole in a
// 100-column terminal and in a CI log viewer, where a 300-character line scrolls off to the right.
import { printable } from '../safe-text.ts';

/** The longest footnote line, in characters (code points). */
export const FOOTNOTE_WIDTH = 99;

/**
 * `text` as one printable paragraph broken at spaces into lines of at most `width` characters, the first starting
 * with `indent` and the rest with `hanging` (default: the same as `indent`). A single word longer than a line (a long
 * path) stands on a line of its own rather than being cut.
 */
export function footnote(text: string, opts: { indent?: string; hanging?: string; width?: number } = {}): string {
  const indent = opts.indent ?? '';
  const hanging = opts.hanging ?? indent;
  const width = opts.width ?? FOOTNOTE_WIDTH;
  const lines: string[] = [];
  let line = indent;
  let fresh = true;
  for (const word of printable(text).split(' ').filter(Boolean)) {
    const len = (s: string) => [...s].length;
    if (!fresh && len(line) + 1 + len(word) > width) {
      lines.push(line);
      line = hanging;
      fresh = true;
    }
    line += fresh ? word : ` ${word}`;
    fresh = false;
  }
  lines.push(line);
  return lines.join('\n');
}
