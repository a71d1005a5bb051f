// `beval init`: a working starting point in the current folder (eval.config.ts and suite.jsonl), never overwriting.
import fs from 'node:fs';
import path from 'node:path';
import { BevalError } from '../../errors.ts';
import { EXIT, type CliIo } from '../io.ts';
import { INIT_CONFIG, INIT_SUITE } from '../init/templates.ts';

export async function initCommand(io: CliIo): Promise<number> {
  const files = [['eval.config.ts', INIT_CONFIG], ['suite.jsonl', INIT_SUITE]] as const;
  const existing = files.map(([name]) => name).filter((name) => fs.existsSync(path.join(io.cwd, name)));
  if (existing.length) {
    throw new BevalError('USAGE', `${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''} in ${io.cwd}; beval init writes nothing over a file. Remove or rename ${existing.length === 1 ? 'it' : 'them'}, or run it in an empty folder.`);
  }
  // 'wx': fails rather than overwrite a file created since the check.
  for (const [name, text] of files) fs.writeFileSync(path.join(io.cwd, name), text, { flag: 'wx' });
  io.stdout.write([
    'Wrote eval.config.ts (two emulator models, numeric scoring, a gate) and suite.jsonl (3 records).',
    'Next:',
    '  npx beval run          # runs on the built-in emulator, writes reports/<runId>/',
    '  npx beval run --gate   # the same with the CI verdict (exit 0 pass, 2 regression, 3 inconclusive)',
    'The config imports defineConfig from beval: keep beval installed in this folder (npm install <beval checkout or tarball>).',
    '',
  ].join('\n'));
  return EXIT.ok;
}
