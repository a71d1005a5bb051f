// `beval --help` without loading yargs: scripts/build.js renders the top-level help once from main()'s own parser
// into dist/cli/help.txt, and the compiled CLI prints that file. Running from source there is no such file and yargs
// renders it as for every other help. test/package/compiled.test.ts checks the file equals what yargs prints.
import fs from 'node:fs';

export const PREBUILT_HELP = new URL('./help.txt', import.meta.url);

export function prebuiltHelp(): string | undefined {
  try {
    return fs.readFileSync(PREBUILT_HELP, 'utf8');
  } catch {
    return undefined;
  }
}
