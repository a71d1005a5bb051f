// startTsWorker: runs a TypeScript entry (and what it imports) as a bundled worker, and refuses code bundling would break.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startTsWorker } from '../../src/engine/ts-worker.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-worker-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function entry(name: string, code: string): URL {
  const file = path.join(dir, name);
  fs.writeFileSync(file, code);
  return pathToFileURL(file);
}

describe('startTsWorker', () => {
  it('runs a TypeScript entry with its imports and workerData under the given limits', async () => {
    entry('double.ts', 'export const double = (n: number): number => n * 2;\n');
    const url = entry('main.ts', [
      "import { parentPort, workerData } from 'node:worker_threads';",
      "import { getHeapStatistics } from 'node:v8';",
      "import { double } from './double.ts';",
      'parentPort!.postMessage({ value: double((workerData as { n: number }).n), limits: getHeapStatistics().heap_size_limit });',
    ].join('\n'));
    const worker = await startTsWorker(url, { n: 21 }, { maxOldGenerationSizeMb: 64 });
    const reply = await new Promise<{ value: number; limits: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(reply.value).toBe(42);
    // The old-generation cap reaches the worker (the heap limit is the cap plus the young generation).
    expect(reply.limits).toBeLessThan(200 * 1024 * 1024);
  });

  it('refuses an entry whose bundle would behave differently, naming the file and the reason', async () => {
    const url = entry('meta.ts', 'export const here = import.meta.dirname;\n');
    await expect(startTsWorker(url, {}, {})).rejects.toThrow(/meta\.ts.*import\.meta/);
  });

  it('a bundled module that reads import.meta.url fails saying so; one that takes `require` where it exists runs', async () => {
    const url = entry('meta-url.ts', 'export const here = import.meta.url;\n');
    const worker = await startTsWorker(url, {}, {});
    await expect(new Promise((_resolve, reject) => worker.once('error', reject))).rejects.toThrow('import.meta.url is not available in a bundled worker thread');
    const lazy = entry('lazy.ts', [
      "import { createRequire } from 'node:module';",
      "import { parentPort } from 'node:worker_threads';",
      'const load = typeof require === \'function\' ? require : createRequire(import.meta.url);',
      "parentPort!.postMessage(typeof (load('node:path') as { join: unknown }).join);",
    ].join('\n'));
    const ok = await startTsWorker(lazy, {}, {});
    expect(await new Promise((resolve, reject) => {
      ok.once('message', resolve);
      ok.once('error', reject);
    })).toBe('function');
    await ok.terminate();
  });
});
