// A TypeScript config compiled once by esbuild and cached by content hash, so that loading it costs one small import
// instead of starting tsx's loader (~0.3 s of CPU at every command that reads the config). Only for configs whose
// compiled code imports packages alone (a plain object, or `import { defineConfig } from 'beval'`): relative imports,
// `import.meta`, dynamic `import()`, `require` and `__dirname` keep going through tsx, which resolves them as written.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

/** Anything whose meaning depends on the module's own location or on tsx's loader: such configs go through tsx. */
const LOCATION_DEPENDENT = /\bimport\.meta\b|\bimport\s*\(|\brequire\b|\b__dirname\b|\b__filename\b/;
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*)(["'])([^"']+)\1/g;

/** Bumped whenever the compile options below change, so no stale cache entry is ever imported. */
const CACHE_FORMAT = 1;

/** The package specifiers the compiled code imports, or undefined when it imports anything by path. */
function packageImports(code: string): string[] | undefined {
  const found: string[] = [];
  for (const m of code.matchAll(SPECIFIER)) {
    const spec = m[2]!;
    if (spec.startsWith('.') || spec.startsWith('/') || /^[a-z]+:/i.test(spec) && !spec.startsWith('node:')) return undefined;
    if (!spec.startsWith('node:')) found.push(spec);
  }
  return found;
}

/** The nearest node_modules folder at or above `dir`: packages resolve from it as they would from `dir`. */
function nearestNodeModules(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const nm = path.join(d, 'node_modules');
    if (fs.existsSync(nm)) return nm;
    if (path.dirname(d) === d) return undefined;
  }
}

function cacheName(file: string, source: string, esbuildVersion: string): string {
  const hash = createHash('sha256').update(`${CACHE_FORMAT}\0${esbuildVersion}\0${file}\0${source}`).digest('hex').slice(0, 32);
  return `config-${hash}.mjs`;
}

/** Where compiled configs that import packages (resolved from `nm`) or none at all are cached. */
function cacheDirs(file: string): string[] {
  const nm = nearestNodeModules(path.dirname(file));
  return [...(nm ? [path.join(nm, '.cache', 'beval')] : []), path.join(os.tmpdir(), `beval-config-cache-${os.userInfo().uid}`)];
}

/** esbuild's version, from its package.json (importing esbuild to ask would cost more than the cache saves). */
function esbuildVersion(): string {
  const pkg = createRequire(import.meta.url).resolve('esbuild/package.json');
  return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
}

let loads = 0;

/** Imports a cached file as a fresh module (a query per load), so a config object is never shared between loads. */
async function importFresh(file: string): Promise<{ default?: unknown }> {
  return (await import(`${pathToFileURL(file).href}?load=${++loads}`)) as { default?: unknown };
}

function isModuleNotFound(e: unknown): boolean {
  return (e as NodeJS.ErrnoException | undefined)?.code === 'ERR_MODULE_NOT_FOUND';
}

/**
 * Imports `file` (a .ts or .mts config) through the cache when it qualifies; undefined when it does not, or when a
 * package it imports does not resolve from the cache's location (then tsx, resolving from the config's own folder,
 * decides; linking fails before any of the config's code runs, so nothing runs twice). esbuild's errors (syntax) are
 * thrown as tsx would throw them: tsx compiles with the same esbuild.
 */
export async function importCompiledConfig(file: string): Promise<{ default?: unknown } | undefined> {
  const source = fs.readFileSync(file, 'utf8');
  const dirs = cacheDirs(file);
  // A cache hit needs no esbuild at all: the name covers the source, the file and the esbuild version.
  const name = cacheName(file, source, esbuildVersion());
  for (const dir of dirs) {
    const cached = path.join(dir, name);
    if (!fs.existsSync(cached)) continue;
    try {
      return await importFresh(cached);
    } catch (e) {
      if (isModuleNotFound(e)) return undefined;
      throw e;
    }
  }
  const { transform } = await import('esbuild');
  const { code } = await transform(source, { loader: 'ts', format: 'esm', target: `node${process.versions.node.split('.')[0]}`, sourcefile: file });
  const packages = packageImports(code);
  if (!packages || LOCATION_DEPENDENT.test(code)) return undefined;
  // Packages must resolve as from the config's folder: only the node_modules cache does that; none needs no resolving.
  const dir = packages.length ? (dirs.length > 1 ? dirs[0]! : undefined) : dirs[dirs.length - 1]!;
  if (!dir) return undefined;
  const target = path.join(dir, name);
  try {
    fs.mkdirSync(dir, { recursive: true });
    // Written whole under a temporary name, then renamed: a concurrent load never imports half a file.
    const tmp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, target);
  } catch {
    // A cache that cannot be written (read-only node_modules, full disk) only costs the speed-up.
    return undefined;
  }
  try {
    return await importFresh(target);
  } catch (e) {
    if (isModuleNotFound(e)) return undefined;
    throw e;
  }
}
