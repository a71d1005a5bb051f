// Starts a worker thread running a TypeScript module, bundled once per process into plain JavaScript with esbuild.
// Compiled (dist/, what the package runs), the worker's module is already JavaScript beside this one: it starts as is.
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** True when this module runs from dist/ (scripts/build.js), where every `x.ts` of src/ is `x.js`. */
const COMPILED = import.meta.url.endsWith('.js');

/** The compiled sibling of a worker entry named by its source path. */
export function compiledEntry(entry: URL): URL {
  return new URL(entry.href.replace(/\.ts$/, '.js'));
}

const bundles = new Map<string, Promise<string>>();

async function bundle(entry: URL): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [fileURLToPath(entry)], bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    write: false, logLevel: 'silent',
    // Read in this bundle, import.meta.url throws instead of being silently empty. A module that loads a package on
    // first use (json-schema.ts) catches that and takes a literal `require`, which puts the package in this bundle: the
    // worker's own `require` resolves from the current directory, not from this package.
    define: { 'import.meta.url': 'globalThis.__bevalImportMetaUrl' },
    banner: { js: 'Object.defineProperty(globalThis, "__bevalImportMetaUrl", { get() { throw new Error("import.meta.url is not available in a bundled worker thread"); } });' },
  });
  // A warning means code that would run differently bundled (import.meta is empty in CommonJS, for one): refuse it
  // here rather than fail obscurely inside the worker.
  if (result.warnings.length) throw new Error(`bundling ${fileURLToPath(entry)} for a worker thread: ${result.warnings.map((w) => `${w.location?.file ?? ''}:${w.location?.line ?? ''} ${w.text}`).join('; ')}`);
  return result.outputFiles[0]!.text;
}

/**
 * The entry and everything it imports as one CommonJS script, built once per process (in esbuild's own process, so
 * it can run while this thread loads the suite; scoreRun starts it early). A worker that registered tsx instead loaded
 * each of its modules through tsx's loader hooks, which in Node 20 run on a hooks thread of their own with a
 * synchronous round trip per module: a large share of `beval score` at GSM8K size (docs/performance.md).
 * esbuild is what tsx itself compiles with, so the code is the same.
 */
export function prepareTsWorker(entry: URL): Promise<string> {
  if (COMPILED) return Promise.resolve('');
  let code = bundles.get(entry.href);
  if (!code) {
    code = bundle(entry);
    // Marked handled here; whoever starts the worker still gets the error.
    code.catch(() => undefined);
    bundles.set(entry.href, code);
  }
  return code;
}

/**
 * A worker running `entry` (a file URL of a .ts module) with `data` as its workerData. `resourceLimits` should cap
 * the old generation: a cap makes V8 collect eagerly instead of growing the heap, keeping peak memory near the live set.
 */
export async function startTsWorker(entry: URL, data: unknown, resourceLimits: ResourceLimits): Promise<Worker> {
  if (COMPILED) return new Worker(compiledEntry(entry), { workerData: data, resourceLimits });
  return new Worker(await prepareTsWorker(entry), { eval: true, workerData: data, resourceLimits });
}
