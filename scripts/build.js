#!/usr/bin/env node
// `npm run build` (also run by `prepare`, so `npm ci` and `npm pack` build it): compiles src/ into dist/ as plain ESM
// JavaScript, one file per module (dist/ mirrors src/, so `new URL('./x-worker.ts', import.meta.url)` finds its
// compiled sibling), and, unless --js-only, the .d.ts declarations through tsc. Plain JavaScript on purpose: it runs
// before anything TypeScript-aware is set up, and test/setup/build-dist.ts imports buildJs() to rebuild before tests.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = path.join(ROOT, 'src');
export const DIST = path.join(ROOT, 'dist');

function sources(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/**
 * Every import stays an import: relative ones get `.js` for `.ts` (the source imports `./x.ts`), packages resolve at
 * run time from node_modules. esbuild's onResolve hooks run only when bundling, hence bundle: true with nothing bundled.
 */
const keepImports = {
  name: 'keep-imports',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      if (args.path.startsWith('.')) return { path: args.path.replace(/\.ts$/, '.js'), external: true };
      return { path: args.path, external: true };
    });
  },
};

/**
 * dist/cli/help.txt: `beval --help` as the freshly compiled parser prints it, so the compiled CLI can answer --help
 * without loading yargs (src/cli/prebuilt-help.ts).
 */
async function renderHelp(out) {
  let text = '';
  const io = { cwd: ROOT, stdout: { write: (t) => { text += t; } }, stderr: { write: (t) => { text += t; } } };
  // A fresh URL per build: the module is new, not the one an earlier build in this process imported.
  const { main } = await import(/* @vite-ignore */ `${new URL(`file://${path.join(out, 'cli', 'main.js')}`).href}?build=${Date.now()}`);
  const code = await main(['--help'], io);
  if (code !== 0 || !text.startsWith('beval <command>')) throw new Error(`rendering beval --help failed (exit ${code}):\n${text}`);
  fs.writeFileSync(path.join(out, 'cli', 'help.txt'), text);
}

/** Compiles the JavaScript (about 0.2 s): what the CLI, the package's import and the worker threads run. */
export async function buildJs() {
  const { build } = await import('esbuild');
  // Into a fresh folder, then renamed over dist/: a file deleted from src/ leaves nothing stale behind, and a
  // concurrent reader (another test process) never sees a half-written dist/.
  const tmp = fs.mkdtempSync(path.join(ROOT, '.dist-'));
  try {
    const result = await build({
      entryPoints: sources(SRC), outdir: tmp, outbase: SRC, bundle: true, plugins: [keepImports],
      platform: 'node', format: 'esm', target: 'node20', logLevel: 'silent', charset: 'utf8',
    });
    if (result.errors.length) throw new Error(result.errors.map((e) => e.text).join('\n'));
    fs.chmodSync(path.join(tmp, 'cli', 'bin.js'), 0o755);
    await renderHelp(tmp);
    const dts = path.join(DIST, 'dts');
    if (fs.existsSync(dts)) fs.renameSync(dts, path.join(tmp, 'dts'));
    const old = fs.existsSync(DIST) ? `${tmp}-old` : undefined;
    if (old) fs.renameSync(DIST, old);
    fs.renameSync(tmp, DIST);
    if (old) fs.rmSync(old, { recursive: true, force: true });
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** The declarations (dist/dts/, not dist/types/, which holds the compiled src/types/; about 10 s of tsc): what `exports` names as `types` for `import … from 'beval'`. */
export function buildTypes() {
  fs.rmSync(path.join(DIST, 'dts'), { recursive: true, force: true });
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`tsc -p tsconfig.build.json exited ${r.status}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const started = Date.now();
  await buildJs();
  if (!process.argv.includes('--js-only')) buildTypes();
  process.stdout.write(`beval: built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
