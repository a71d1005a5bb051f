// Usage mistakes get one line each with the command or option meant; --version answers without loading a command.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { usageProblem } from '../../src/cli/usage-problem.ts';
import { captureIo } from '../helpers/io.ts';

async function beval(...argv: string[]) {
  const io = captureIo(process.cwd());
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('usage mistakes', () => {
  it('suggests the command meant for a typo, and exits 1', async () => {
    const r = await beval('rn');
    expect(r.code).toBe(1);
    expect(r.err).toBe('beval: Unknown command "rn" (did you mean "run"?)\nRun `beval --help` for usage.\n');
    expect((await beval('statsu')).err).toMatch(/^beval: Unknown command "statsu" \(did you mean "status"\?\)/);
  });

  it('names an unknown command it cannot place without guessing', async () => {
    expect((await beval('frobnicate')).err).toMatch(/^beval: Unknown command "frobnicate"\n/);
  });

  it('suggests the option meant, among the options of the command given', async () => {
    expect((await beval('run', '--gat')).err).toMatch(/^beval: Unknown option --gat \(did you mean --gate\?\)\n/);
    expect((await beval('collect', '--no-wiat')).err).toMatch(/^beval: Unknown option --no-wiat \(did you mean --no-wait\?\)\n/);
    // --yes belongs to run and submit, not to runs: no suggestion from another command's options.
    expect((await beval('runs', '--yes')).err).toMatch(/^beval: Unknown option --yes\n/);
  });

  it('says which extra argument it did not expect', async () => {
    const r = await beval('run', 'now');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^beval: Unexpected argument "now"\n/);
  });

  it('passes other yargs messages through', () => {
    expect(usageProblem('Not enough non-option arguments: got 0, need at least 1', [], [])).toBe('Not enough non-option arguments: got 0, need at least 1');
  });
});

describe('--version', () => {
  it('prints beval, Node and the AWS SDK packages, and wins over a command beside it', async () => {
    for (const argv of [['--version'], ['run', '--version']]) {
      const r = await beval(...argv);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^beval \d+\.\d+\.\d+\nnode v\d+\.\d+\.\d+\n@aws-sdk\/client-bedrock \d+\.\d+\.\d+\n@aws-sdk\/client-bedrock-runtime \d+\.\d+\.\d+\n@aws-sdk\/client-s3 \d+\.\d+\.\d+\n$/);
    }
  });
});
