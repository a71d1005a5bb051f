// Rewrites yargs's usage failures into one line per problem with a did-you-mean: `beval rn` → Unknown command "rn"
// (did you mean "run"?); `beval run --gat` → Unknown option --gat (did you mean --gate?).
import { closest } from '../did-you-mean.ts';

/** yargs's kebab-case and camelCase spellings of one option are both keys; suggest the one a user types. */
function flag(name: string): string {
  return `${name.length === 1 ? '-' : '--'}${name}`;
}

/**
 * `message`: what yargs said; `argv`: what the user typed; `known`: the option keys yargs knows for the command that
 * failed (global ones included). Messages other than unknown commands and options pass through unchanged.
 */
export function usageProblem(message: string, argv: readonly string[], known: readonly string[]): string {
  // yargs's recommendCommands() says only this, and only when a command is close.
  const recommended = /^Did you mean (\S+)\?$/.exec(message);
  if (recommended) {
    const typed = argv.find((a) => !a.startsWith('-')) ?? '';
    return `Unknown command "${typed}" (did you mean "${recommended[1]}"?)`;
  }
  const unknown = /^Unknown arguments?: (.+)$/.exec(message);
  if (!unknown) return message;
  const options = known.filter((k) => !/[A-Z]/.test(k));
  const firstPositional = argv.find((a) => !a.startsWith('-'));
  return unknown[1]!.split(', ').map((name) => {
    // yargs reports `--no-wiat` as `wiat`: answer in the spelling typed.
    const negated = argv.includes(`--no-${name}`) ? '--no-' : undefined;
    if (negated || argv.some((a) => a === flag(name) || a.startsWith(`${flag(name)}=`))) {
      const guess = closest(name, options);
      const spell = (n: string) => (negated ? `${negated}${n}` : flag(n));
      return `Unknown option ${spell(name)}${guess ? ` (did you mean ${spell(guess)}?)` : ''}`;
    }
    if (name === firstPositional) return `Unknown command "${name}"`;
    return `Unexpected argument "${name}"`;
  }).join('\n');
}
