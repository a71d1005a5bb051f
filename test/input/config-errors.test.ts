// A new user's config mistakes: one line naming the config file and the field, and nothing submitted.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { writeProject } from '../run/helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const ARITH = { id: 'beval.arith-v1', label: 'arith' };
const FLAKY = { id: 'beval.flaky-v1', label: 'flaky' };

/** A project with a 120-record suite; `configText` replaces eval.config.ts when given. */
function project(config: Record<string, unknown>, configText?: string): { dir: string; config: string } {
  const dir = tempDir('input-config');
  dirs.push(dir);
  const file = writeProject(dir, 120, config);
  if (configText !== undefined) fs.writeFileSync(file, configText);
  return { dir, config: file };
}

async function cli(dir: string, args: string[]): Promise<{ code: number; err: string }> {
  const io = captureIo(dir);
  const code = await main(args, io);
  return { code, err: io.err() };
}

describe('config mistakes', () => {
  it.each([
    ['a misspelt top-level key', { models: undefined, modles: [ARITH] }, 'modles: unknown field (did you mean "models"?); the config takes suite, models,'],
    ['a key the config does not have', { models: [ARITH], scorer: ['numeric'] }, 'scorer: unknown field (did you mean "scorers"?)'],
    ['a misspelt model field', { models: [{ ...ARITH, lable: 'x' }] }, 'models[0].lable: unknown field (did you mean "label"?); models[0] takes id, label,'],
    ['a misspelt target field', { models: [ARITH], target: { kind: 'emulator', endpont: 'http://127.0.0.1:4599' } }, 'target.endpont: unknown field (did you mean "endpoint"?)'],
    ['a misspelt gate rule field', { models: [ARITH, FLAKY], gate: { rules: [{ metric: 'numeric', margin: 0.02, mincoverage: 0.9 }] } }, 'gate.rules[0].mincoverage: unknown field (did you mean "minCoverage"?)'],
    ['a model without id', { models: [{ label: 'arith' }] }, 'models[0].id: expected a non-empty model ID string'],
    ['a scorer name typo', { models: [ARITH], scorers: ['numerc'] }, 'scorers[0]: unknown scorer "numerc" (did you mean "numeric"?); known scorers:'],
    ['a scorer option of the wrong type', { models: [ARITH], scorers: [['contains', { value: 5 }]] }, 'scorers[0] (contains): option "value" must be a string or an array of strings, got 5'],
    ['an unknown scorer option', { models: [ARITH], scorers: [['numeric', { tolerence: 0.1 }]] }, 'scorers[0] (numeric): unknown option "tolerence"'],
    ['a gate metric no scorer writes', { models: [ARITH, FLAKY], gate: { rules: [{ metric: 'numerc', margin: 0.02 }] } }, 'gate.rules[0].metric: no scorer or judge of this config writes "numerc" (did you mean "numeric"?)'],
    ['a gate coverage written as a percentage', { models: [ARITH, FLAKY], gate: { rules: [{ metric: 'numeric', margin: 0.02, minCoverage: 98 }] } }, 'gate.rules[0].minCoverage: expected a share from 0 to 1 (0.98 = 98%), got 98'],
    ['a gate cost ratio of 0', { models: [ARITH, FLAKY], gate: { rules: [{ metric: 'numeric', margin: 0.02, maxCostRatio: 0 }] } }, 'gate.rules[0].maxCostRatio: expected a number above 0 (1.5 = at most 1.5× the baseline), got 0'],
  ])('%s: `beval run` refuses before submitting', async (_name, config, expected) => {
    const p = project(config);
    const { code, err } = await cli(p.dir, ['run', '--config', p.config]);
    expect(code).toBe(1);
    expect(err).toContain(`beval: Invalid config ${p.config}: ${expected}`);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expect(fs.existsSync(path.join(p.dir, 'reports'))).toBe(false);
  });

  it('a syntax error is one line with the position', async () => {
    const p = project({ models: [ARITH] }, "export default {\n  suite: 'suite.jsonl',\n  models: [{ id: 'beval.arith-v1' }\n  ]\n  ]\n};\n");
    const { code, err } = await cli(p.dir, ['estimate', '--config', p.config]);
    expect(code).toBe(1);
    expect(err).toBe(`beval: Could not load ${p.config}: ${p.config}:5:2: Expected "}" but found "]"\n`);
  });

  it('a config importing beval where it is not installed says how to fix it', async () => {
    const p = project({ models: [ARITH] }, "import { defineConfig } from 'beval';\nexport default defineConfig({ suite: 'suite.jsonl', models: [{ id: 'beval.arith-v1' }] });\n");
    const { code, err } = await cli(p.dir, ['estimate', '--config', p.config]);
    expect(code).toBe(1);
    expect(err).toBe(`beval: Could not load ${p.config}: Cannot find module 'beval': install beval in this project (npm install <path of your beval checkout>), or export a plain object without importing defineConfig\n`);
  });

  it('a suite path that does not exist names the config and its `suite` field', async () => {
    const p = project({ models: [ARITH], suite: 'suites/mine.jsonl' });
    const { code, err } = await cli(p.dir, ['run', '--config', p.config]);
    expect(code).toBe(1);
    expect(err).toBe(`beval: Cannot read suite ${path.join(p.dir, 'suites/mine.jsonl')} (\`suite\` in ${p.config}): no such file\n`);
  });

  it('the repository example config still resolves', async () => {
    const { code, err } = await cli(path.resolve('.'), ['estimate']);
    expect(err).toBe('');
    expect(code).toBe(0);
  });
});
