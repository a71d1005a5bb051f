// `beval init` writes a config and a suite that run as they are (in a folder where beval is installed), and never
// overwrites a file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { captureIo } from '../helpers/io.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-init-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('beval init', () => {
  it('writes eval.config.ts and a 3-record suite that validate and run with the gate', async () => {
    const io = captureIo(dir);
    expect(await main(['init'], io)).toBe(0);
    expect(io.out()).toMatch(/Wrote eval\.config\.ts .* and suite\.jsonl \(3 records\)/);
    expect(fs.readFileSync(path.join(dir, 'eval.config.ts'), 'utf8')).toMatch(/^import \{ defineConfig \} from 'beval';$/m);
    // As after `npm install beval` here: the config's import resolves to this checkout's package (dist/, built by the
    // global setup).
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'beval'), 'dir');
    const validate = captureIo(dir);
    expect(await main(['validate', 'suite.jsonl'], validate)).toBe(0);
    expect(validate.out()).toBe('suite.jsonl: 3 records OK (3 with expected answers, 3 tagged).\n');
    const run = captureIo(dir);
    const code = await main(['run', '--gate'], run);
    // 3 records cannot show verbose is no worse within 0.05: inconclusive, not an error.
    expect(run.err()).toBe('');
    expect(code).toBe(3);
    expect(run.out()).toMatch(/numeric\s+arith\s+66\.7%/);
    expect(run.out()).toMatch(/numeric\s+verbose\s+100\.0%/);
  });

  it('refuses to overwrite either file and leaves both as they were', async () => {
    fs.writeFileSync(path.join(dir, 'suite.jsonl'), 'mine\n');
    const io = captureIo(dir);
    expect(await main(['init'], io)).toBe(1);
    expect(io.err()).toMatch(/suite\.jsonl already exists in .*; beval init writes nothing over a file/);
    expect(fs.readFileSync(path.join(dir, 'suite.jsonl'), 'utf8')).toBe('mine\n');
    expect(fs.existsSync(path.join(dir, 'eval.config.ts'))).toBe(false);
  });
});
