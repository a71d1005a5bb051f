// Vitest global setup: compiles src/ into dist/ (the JavaScript only, ~1 s) before any test runs, so a test never
// runs a stale dist/: the package tests, the compiled CLI, and every config that imports 'beval' (which resolves to
// dist/index.js through the package's exports) see the source as it is now.
// @ts-expect-error scripts/build.js is plain JavaScript without declarations.
import { buildJs } from '../../scripts/build.js';

export default async function setup(): Promise<void> {
  await (buildJs as () => Promise<void>)();
}
