// The package as users get it: dist/ (rebuilt by test/setup/build-dist.ts before every test run) starts without the
// AWS SDK or tsx on --help/--version/validate, starts its worker threads from compiled files, and says its versions.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BENCH_SCORERS, writeSyntheticRun } from '../../bench/synthetic.ts';
import { main } from '../../src/cli/main.ts';
import { adviceFor } from '../../src/advice.ts';
import { captureIo } from '../helpers/io.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-compiled-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Every module `file` imports statically (import … from / export … from, not import()), transitively. */
function staticGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = fs.readFileSync(file, 'utf8');
  for (const m of text.matchAll(/^(?:import|export)\b[^;]*?from\s*"([^"]+)"|^import\s*"([^"]+)"/gms)) {
    const spec = m[1] ?? m[2]!;
    if (spec.startsWith('.')) staticGraph(path.resolve(path.dirname(file), spec), seen);
    else seen.add(spec);
  }
  return seen;
}

const packagesOf = (graph: Set<string>) => [...graph].filter((s) => !s.startsWith('/') && !s.startsWith('node:'));

describe('dist/', () => {
  it('is newer than every source file (the global setup rebuilt it)', () => {
    const built = fs.statSync(path.join(DIST, 'cli', 'bin.js')).mtimeMs;
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    const newer = walk(path.join(ROOT, 'src')).filter((f) => fs.statSync(f).mtimeMs > built);
    expect(newer).toEqual([]);
    expect(fs.existsSync(path.join(DIST, 'cli', 'commands', 'validate.js'))).toBe(true);
  });

  it('loads no package for --help/--version or `import "beval"`, and no AWS SDK or tsx for validate', () => {
    expect(packagesOf(staticGraph(path.join(DIST, 'cli', 'bin.js')))).toEqual([]);
    expect(packagesOf(staticGraph(path.join(DIST, 'index.js')))).toEqual([]);
    // validate builds the config's scorers; a json-schema scorer loads ajv when it compiles its schema, not before
    // (json-schema.ts), so validate loads no package statically either.
    expect(packagesOf(staticGraph(path.join(DIST, 'cli', 'commands', 'validate.js')))).toEqual([]);
    // The commands that drive a run do reach the SDK, but only through import() (pipeline/open-run.ts opens the target lazily).
    for (const command of ['run', 'collect', 'gate', 'status', 'estimate']) {
      const reached = packagesOf(staticGraph(path.join(DIST, 'cli', 'commands', `${command}.js`)));
      expect({ command, sdk: reached.filter((p) => p.startsWith('@aws-sdk/')) }).toEqual({ command, sdk: [] });
    }
    expect(fs.readFileSync(path.join(DIST, 'pipeline', 'open-run.js'), 'utf8')).toMatch(/await import\("\.\/target\.js"\)/);
  });

  it('prints, for plain --help, the text yargs renders for it from the source', async () => {
    const io = captureIo(ROOT);
    expect(await main(['--help'], io)).toBe(0);
    expect(fs.readFileSync(path.join(DIST, 'cli', 'help.txt'), 'utf8')).toBe(io.out());
    const r = spawnSync(process.execPath, [path.join(DIST, 'cli', 'bin.js'), '--help'], { encoding: 'utf8' });
    expect(r.stdout).toBe(io.out());
    expect(io.out()).toMatch(/beval init +Write a commented eval\.config\.ts/);
  });

  it('says its version, Node\'s and the installed AWS SDK packages\' with --version', () => {
    const r = spawnSync(process.execPath, [path.join(DIST, 'cli', 'bin.js'), '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const sdk = (name: string) => (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    expect(r.stdout.split('\n')).toEqual([
      `beval ${pkg.version}`, `node ${process.version}`,
      `@aws-sdk/client-bedrock ${sdk('@aws-sdk/client-bedrock')}`,
      `@aws-sdk/client-bedrock-runtime ${sdk('@aws-sdk/client-bedrock-runtime')}`,
      `@aws-sdk/client-s3 ${sdk('@aws-sdk/client-s3')}`,
      '',
    ]);
  });

  it('scores on worker threads started from the compiled worker files, with the same reports as one thread', async () => {
    const { scoreRun } = (await import(path.join(DIST, 'pipeline', 'score-run.js'))) as typeof import('../../src/pipeline/score-run.ts');
    const { loadConfig } = (await import(path.join(DIST, 'config', 'load.js'))) as typeof import('../../src/config/load.ts');
    const { readLedger } = (await import(path.join(DIST, 'run', 'ledger.js'))) as typeof import('../../src/run/ledger.ts');
    const run = writeSyntheticRun({ dir: tmp, records: 300, models: 2, textChars: 100 });
    const config = await loadConfig(run.project, run.config);
    const files = ['summary.csv', 'records.csv', 'scores.csv', 'results.json', 'report.html'];
    const outputs: string[][] = [];
    for (const threads of [1, 2]) {
      await scoreRun(run.runDir, readLedger(run.runDir), config, { advice: adviceFor(), threads });
      outputs.push(files.map((f) => fs.readFileSync(path.join(run.runDir, f), 'utf8')));
    }
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[0]![0]).toMatch(/model-1/);
  });

  it('loads ajv for a json-schema scorer in the compiled CLI and on its compiled scoring threads', async () => {
    const dir = path.join(tmp, 'json-schema');
    const run = writeSyntheticRun({ dir, records: 300, models: 2, textChars: 100 });
    const scorers = [...BENCH_SCORERS, ['json-schema', { schema: { type: 'object', required: ['answer'] }, allowFence: true }]];
    fs.writeFileSync(run.config, fs.readFileSync(run.config, 'utf8').replace(JSON.stringify(BENCH_SCORERS), JSON.stringify(scorers)));
    // The main thread: validate compiles the schema (a CLI started elsewhere than the package, as a user's project is).
    const validate = spawnSync(process.execPath, [path.join(DIST, 'cli', 'bin.js'), 'validate', '--config', run.config], { cwd: dir, encoding: 'utf8' });
    expect(validate.status, validate.stderr).toBe(0);
    const { scoreRun } = (await import(path.join(DIST, 'pipeline', 'score-run.js'))) as typeof import('../../src/pipeline/score-run.ts');
    const { loadConfig } = (await import(path.join(DIST, 'config', 'load.js'))) as typeof import('../../src/config/load.ts');
    const { readLedger } = (await import(path.join(DIST, 'run', 'ledger.js'))) as typeof import('../../src/run/ledger.ts');
    const config = await loadConfig(run.project, run.config);
    const results: string[] = [];
    for (const threads of [0, 2]) {
      await scoreRun(run.runDir, readLedger(run.runDir), config, { advice: adviceFor(), threads });
      results.push(fs.readFileSync(path.join(run.runDir, 'scores.csv'), 'utf8'));
    }
    expect(results[1]).toBe(results[0]);
    expect(results[0]).toContain('"json-schema"');
  });
});
