// Loads eval.config.ts (or .js/.mjs) at run time, compiled once and cached (compiled-config.ts) or through tsx, and
// resolves it.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BevalError } from '../errors.ts';
import { resolveConfig } from './resolve.ts';
import { importCompiledConfig } from './compiled-config.ts';
import type { ResolvedConfig } from '../types/config.ts';

export const DEFAULT_CONFIG_NAMES = ['eval.config.ts', 'eval.config.mts', 'eval.config.js', 'eval.config.mjs'];

/** Finds the config file: the given path, or the first default name in `cwd`. */
export function findConfig(cwd: string, given?: string): string {
  if (given) {
    const p = path.resolve(cwd, given);
    if (!fs.existsSync(p)) throw new BevalError('CONFIG', `Config file not found: ${p}`);
    return p;
  }
  for (const name of DEFAULT_CONFIG_NAMES) {
    const p = path.join(cwd, name);
    if (fs.existsSync(p)) return p;
  }
  throw new BevalError('CONFIG', `No config found in ${cwd} (looked for ${DEFAULT_CONFIG_NAMES.join(', ')}). Pass --config <file>.`);
}

/**
 * Why importing the config failed, on one line: esbuild's located syntax errors without their banner, a missing
 * module without Node's require stack (and, for `beval` itself, how to make it importable).
 */
export function loadFailure(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  const lines = message.split('\n').map((l) => l.trim()).filter(Boolean);
  if (/^Transform failed with \d+ errors?:$/.test(lines[0] ?? '')) return lines.slice(1).map((l) => l.replace(' ERROR: ', ' ')).join('; ');
  const missing = /^Cannot find (?:module|package) '([^']+)'/.exec(lines[0] ?? '');
  if (missing?.[1] === 'beval') return `${lines[0]}: install beval in this project (npm install <path of your beval checkout>), or export a plain object without importing defineConfig`;
  return lines[0] ?? message;
}

export async function loadConfig(cwd: string, given?: string): Promise<ResolvedConfig> {
  const file = findConfig(cwd, given);
  let mod: { default?: unknown };
  try {
    // tsx (its loader thread and hooks) is loaded only for the configs the cache does not take.
    mod = (/\.m?ts$/.test(file) ? await importCompiledConfig(file) : undefined)
      ?? ((await (await import('tsx/esm/api')).tsImport(pathToFileURL(file).href, import.meta.url)) as { default?: unknown });
  } catch (cause) {
    throw new BevalError('CONFIG', `Could not load ${file}: ${loadFailure(cause)}`, { cause });
  }
  // tsx may wrap a CommonJS-style default twice.
  let exported = mod.default;
  if (exported && typeof exported === 'object' && 'default' in exported && !('models' in exported)) {
    exported = (exported as { default: unknown }).default;
  }
  if (exported === undefined) throw new BevalError('CONFIG', `${file} has no default export (use \`export default defineConfig({...})\`).`);
  return resolveConfig(exported, file);
}
