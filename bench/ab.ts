// `npm run bench -- --ab <commitA> <commitB> [--only score] [--quick]`: checks both commits out with `git worktree`
// into the bench's temp folder (sharing this checkout's node_modules), compiles each, and lets the bench run their
// CLIs interleaved on the same workloads, so a change is judged against noise measured in the same minutes.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** A compiled CLI to measure: `bin` is its dist/cli/bin.js. */
export interface Checkout {
  name: string;
  commit: string;
  bin: string;
  /** Whether its CLI takes `--reports` (commits before the reporters map write every report, always). */
  reportsOption: boolean;
}

export function prepareCheckouts(root: string, tmp: string, commits: string[], log: (line: string) => void): { checkouts: Checkout[]; cleanup: () => void } {
  const trees: string[] = [];
  const cleanup = (): void => {
    for (const t of trees) execFileSync('git', ['-C', root, 'worktree', 'remove', '--force', t], { stdio: 'ignore' });
  };
  try {
    const checkouts = commits.map((ref, i) => {
      const commit = execFileSync('git', ['-C', root, 'rev-parse', '--short', `${ref}^{commit}`], { encoding: 'utf8' }).trim();
      const dir = path.join(tmp, `checkout-${'AB'[i] ?? i}`);
      execFileSync('git', ['-C', root, 'worktree', 'add', '--detach', dir, commit], { stdio: 'ignore' });
      trees.push(dir);
      fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
      log(`  ${'AB'[i]}: ${ref} (${commit}) in ${dir}: compiling…`);
      execFileSync(process.execPath, ['scripts/build.js', '--js-only'], { cwd: dir, stdio: 'ignore' });
      const reportsOption = fs.existsSync(path.join(dir, 'src', 'report', 'reporters.ts'));
      return { name: `${'AB'[i]} ${ref}`, commit, bin: path.join(dir, 'dist', 'cli', 'bin.js'), reportsOption };
    });
    return { checkouts, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}
