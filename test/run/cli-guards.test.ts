// CLI guards that keep CI from paying for the wrong thing or trusting the wrong verdict (found in review).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { EXIT } from '../../src/cli/io.ts';
import { FAST_POLLING, FAST_TIMING, latestRun, runIds, suiteLines } from './helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const MODELS = [{ id: 'beval.arith-v1', label: 'Arith Model' }, { id: 'beval.flaky-v1', label: 'Flaky Model' }];

function project(extra: Record<string, unknown> = {}, timing: Record<string, number> = FAST_TIMING): { dir: string; config: string; write: (more: Record<string, unknown>) => void } {
  const dir = tempDir('guards');
  fs.writeFileSync(path.join(dir, 'suite.jsonl'), suiteLines(120));
  const config = path.join(dir, 'eval.config.ts');
  const write = (more: Record<string, unknown>): void => {
    const full = { suite: 'suite.jsonl', outDir: 'reports', scorers: ['numeric'], polling: FAST_POLLING, models: MODELS, target: { kind: 'emulator', timing }, ...extra, ...more };
    fs.writeFileSync(config, `export default ${JSON.stringify(full, null, 2)};\n`);
  };
  write({});
  return { dir, config, write };
}

async function cli(dir: string, args: string[], signal?: AbortSignal, onLine?: (l: string) => void) {
  const io = captureIo(dir, { ...(signal ? { signal } : {}), ...(onLine ? { onLine } : {}) });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('before anything is submitted', () => {
  it('`--resume` without a run id (an unset $RUN_ID) is refused instead of starting a new run', async () => {
    const { dir, config } = project();
    const r = await cli(dir, ['submit', '--resume', '--config', config]);
    expect(r.code).toBe(EXIT.error);
    expect(r.err).toContain('--resume needs a run id');
    expect(runIds(dir)).toEqual([]);
  });

  it('`run --gate` without a gate section is refused before the run, naming the config file', async () => {
    const { dir, config } = project();
    const r = await cli(dir, ['run', '--gate', '--config', config]);
    expect(r.code).toBe(EXIT.error);
    expect(r.err).toContain(`${config} has no \`gate\` section`);
    expect(runIds(dir)).toEqual([]);
  });

  it('the resume command printed after Ctrl-C keeps --gate', async () => {
    const { dir, config } = project({ gate: { rules: [{ metric: 'numeric', margin: 0.02 }] } }, { stepMs: 20, recordsPerSecond: 60 });
    const controller = new AbortController();
    const r = await cli(dir, ['run', '--gate', '--config', config], controller.signal, (l) => { if (/: InProgress/.test(l)) controller.abort(); });
    expect(r.code).toBe(EXIT.interrupted);
    expect(r.out).toContain(`beval run --resume ${latestRun(dir).id} --gate --config ${config}`);
  });
});

describe('gate.baselineRun', () => {
  it('finds the baseline by its label, refuses a run of another suite, and names a file that is not results.json', async () => {
    const { dir, config, write } = project();
    expect((await cli(dir, ['run', '--config', config])).code).toBe(0);
    const first = latestRun(dir).id;
    expect((await cli(dir, ['run', '--config', config])).code).toBe(0);
    const second = runIds(dir).find((id) => id !== first)!;
    write({ gate: { baseline: 'Arith Model', baselineRun: first, rules: [{ metric: 'numeric', margin: 0.02 }] } });
    const gate = await cli(dir, ['gate', second, '--config', config]);
    expect(gate.err).toBe('');
    expect(gate.out).toContain(`against arith-model@${first}`);
    expect([EXIT.ok, EXIT.regression, EXIT.inconclusive]).toContain(gate.code);

    // Same record ids, other questions: pairing by recordId would compare different things.
    fs.writeFileSync(path.join(dir, 'suite.jsonl'), suiteLines(121).split('\n').slice(1, 121).map((l, i) => l.replace(/"recordId":"r\d+"/, `"recordId":"r${String(i).padStart(4, '0')}"`)).join('\n') + '\n');
    write({});
    const before = new Set(runIds(dir));
    expect((await cli(dir, ['run', '--config', config])).code).toBe(0);
    // Runs started in the same second sort by their random suffix: name the new one.
    const third = runIds(dir).find((id) => !before.has(id))!;
    write({ gate: { baseline: 'Arith Model', baselineRun: first, rules: [{ metric: 'numeric', margin: 0.02 }] } });
    const other = await cli(dir, ['gate', third, '--config', config]);
    expect(other.code).toBe(EXIT.error);
    expect(other.err).toContain(`gate.baselineRun: run ${first} was run on a different suite`);

    write({ gate: { baseline: 'Arith Model', baselineRun: path.join('reports', first, 'run.json'), rules: [{ metric: 'numeric', margin: 0.02 }] } });
    const wrongFile = await cli(dir, ['gate', third, '--config', config]);
    expect(wrongFile.code).toBe(EXIT.error);
    expect(wrongFile.err).toMatch(/run\.json:1: not a beval results\.json line/);
    expect(wrongFile.err).not.toMatch(/\n\s+at /);
  });
});

describe('collect and resume under a changed config', () => {
  it('warn that scorers and judges now come from another config than the one the run was planned and estimated with', async () => {
    const { dir, config, write } = project();
    expect((await cli(dir, ['run', '--config', config])).code).toBe(0);
    const { id } = latestRun(dir);
    const same = await cli(dir, ['collect', id, '--config', config]);
    expect(same.code, same.err).toBe(0);
    expect(same.err).not.toContain('changed since');
    write({ scorers: ['numeric', 'equals'] });
    const changed = await cli(dir, ['collect', id, '--config', config]);
    expect(changed.code, changed.err).toBe(0);
    expect(changed.err).toContain(`${config} changed since run ${id} was planned`);
    const resumed = await cli(dir, ['run', '--resume', id, '--config', config]);
    expect(resumed.err).toContain('changed since');
  });
});

