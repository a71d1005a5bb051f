// Starts a worker thread running a TypeScript module: workers need the tsx loader too, so a tiny boot module registers it.
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * A worker running `entry` (a file URL of a .ts module) with `data` as its workerData. `resourceLimits` should cap
 * the old generation: a cap makes V8 collect eagerly instead of growing the heap, keeping peak memory near the live set.
 */
export function startTsWorker(entry: URL, data: unknown, resourceLimits: ResourceLimits): Worker {
  // Resolved from here so it works whatever the current directory is.
  const tsxApi = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const boot = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(entry.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData: data, resourceLimits });
}
