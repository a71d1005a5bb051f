// eval.config.ts compiled once by esbuild and cached by content hash: the same config as tsx gives, a fresh object per
// load, a new entry when the file changes, and tsx for what the cache cannot resolve as written (relative imports).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCompiledConfig } from '../../src/config/compiled-config.ts';
import { loadConfig } from '../../src/config/load.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const CACHE = path.join(os.tmpdir(), `beval-config-cache-${os.userInfo().uid}`);
const cached = (): string[] => (fs.existsSync(CACHE) ? fs.readdirSync(CACHE) : []);

function project(config: string, extra: Record<string, string> = {}): string {
  const dir = tempDir('config');
  fs.writeFileSync(path.join(dir, 'suite.jsonl'), `${JSON.stringify({ recordId: 'a', modelInput: { messages: [{ role: 'user', content: [{ text: 'hi' }] }] } })}\n`);
  for (const [name, text] of Object.entries(extra)) fs.writeFileSync(path.join(dir, name), text);
  const file = path.join(dir, 'eval.config.ts');
  fs.writeFileSync(file, config);
  return file;
}

describe('compiled config cache', () => {
  it('compiles a TypeScript config once, caches it by content, and loads a fresh object each time', async () => {
    const label = `arith-${process.pid}-${Date.now()}`;
    const file = project(`const label: string = '${label}';\nexport default { suite: 'suite.jsonl', models: [{ id: 'beval.arith-v1', label }] } satisfies object;\n`);
    // The cache folder is shared with every test file running at the same time: this config's entries are the ones
    // holding its unique label.
    const holdsLabel = (f: string): boolean => {
      try {
        return fs.readFileSync(path.join(CACHE, f), 'utf8').includes(label);
      } catch {
        return false; // Another test's temporary file, renamed away since the listing.
      }
    };
    const mine = (): string[] => cached().filter(holdsLabel);
    const first = await importCompiledConfig(file);
    const added = mine();
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^config-[0-9a-f]{32}\.mjs$/);
    (first!.default as { models: unknown[] }).models.push('mutated');
    const second = await importCompiledConfig(file);
    expect((second!.default as { models: unknown[] }).models).toHaveLength(1);
    expect(mine()).toEqual(added);
    const config = await loadConfig(path.dirname(file), file);
    expect(config.models.map((m) => m.label)).toEqual([(second!.default as { models: { label: string }[] }).models[0]!.label]);
    // Another content is another entry: an edited config is never served from the old one.
    fs.appendFileSync(file, '// edited\n');
    await importCompiledConfig(file);
    expect(mine()).toHaveLength(2);
  });

  it('leaves a config with a relative import to tsx, which loads it as before', async () => {
    const file = project("import { models } from './models.ts';\nexport default { suite: 'suite.jsonl', models };\n", {
      'models.ts': "export const models: { id: string; label: string }[] = [{ id: 'beval.arith-v1', label: 'from-models-ts' }];\n",
    });
    expect(await importCompiledConfig(file)).toBeUndefined();
    expect((await loadConfig(path.dirname(file), file)).models.map((m) => m.label)).toEqual(['from-models-ts']);
  });

  it('leaves a config that uses import.meta to tsx', async () => {
    const file = project("export default { suite: new URL('./suite.jsonl', import.meta.url).pathname, models: [{ id: 'beval.arith-v1' }] };\n");
    expect(await importCompiledConfig(file)).toBeUndefined();
    expect((await loadConfig(path.dirname(file), file)).suite).toBe(path.join(path.dirname(file), 'suite.jsonl'));
  });

  it('a package that does not resolve from the cache leaves the config to tsx (beval in this repository)', async () => {
    // The repository's own config imports 'beval', which resolves by package self-reference from the repository only.
    const config = await loadConfig(path.resolve('.'));
    expect(config.models.length).toBeGreaterThan(0);
  });
});
