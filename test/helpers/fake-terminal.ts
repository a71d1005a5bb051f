// A terminal as far as beval draws on one: stdout and stderr onto one screen, `\r` back to the first column, ESC [ K
// erasing to the end of the line, `\n` to the next line. What a person would see after a run is `lines()`.
import type { CliIo } from '../../src/cli/io.ts';

export interface FakeTerminal {
  /** An io whose stdout is this terminal (isTTY) and whose stderr writes to the same screen. */
  io(cwd: string): CliIo;
  /** The screen, one string per line, trailing blanks kept as written. */
  lines(): string[];
  /** Everything written, raw, in order (stdout and stderr interleaved). */
  raw(): string;
}

export function fakeTerminal(): FakeTerminal {
  const screen: string[][] = [[]];
  let row = 0;
  let col = 0;
  let raw = '';
  const write = (text: string): boolean => {
    raw += text;
    const chars = [...text];
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i]!;
      if (ch === '\r') col = 0;
      else if (ch === '\n') {
        row++;
        col = 0;
        screen[row] ??= [];
      } else if (ch === '\x1b') {
        // Only ESC [ K is expected; anything else is kept visibly so a test sees it.
        if (chars[i + 1] === '[' && chars[i + 2] === 'K') {
          screen[row]!.length = Math.min(screen[row]!.length, col);
          i += 2;
        } else {
          screen[row]![col++] = '\\e';
        }
      } else {
        screen[row]![col++] = ch;
      }
    }
    return true;
  };
  return {
    io: (cwd) => ({ cwd, stdout: { write }, stderr: { write }, isTTY: true }),
    lines: () => screen.map((l) => Array.from(l, (c) => c ?? ' ').join('')),
    raw: () => raw,
  };
}
