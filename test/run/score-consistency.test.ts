// The verdict CI gets from `beval gate` equals the one results.json and report.html show, and `beval score` refuses
// to score outputs it does not have.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { EXIT } from '../../src/cli/io.ts';
import { FAST_POLLING, FAST_TIMING, latestRun, readResults, suiteLines } from './helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/** A project whose only scorer is a custom binary one that returns a value and no pass flag. */
function project(gate: Record<string, unknown>): { dir: string; config: string } {
  const dir = tempDir('consistency');
  fs.writeFileSync(path.join(dir, 'suite.jsonl'), suiteLines(200));
  const config = path.join(dir, 'eval.config.ts');
  fs.writeFileSync(config, `export default {
  suite: 'suite.jsonl', outDir: 'reports', polling: ${JSON.stringify(FAST_POLLING)},
  target: { kind: 'emulator', timing: ${JSON.stringify(FAST_TIMING)} },
  models: [{ id: 'beval.arith-v1', label: 'arith' }, { id: 'beval.flaky-v1', label: 'flaky' }],
  scorers: [{ name: 'ends', kind: 'binary', score: ({ record, output }) => ({ value: output.text.trim().endsWith(String(record.expected)) ? 1 : 0, reason: 'checked' }) }],
  gate: ${JSON.stringify(gate)},
};\n`);
  return { dir, config };
}

async function cli(dir: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(dir);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('one gate verdict', () => {
  it('results.json, with the gate\'s own baseline, gives the verdict `beval gate` gives, from value-only binary scores', async () => {
    // The gate's baseline (flaky) is not the run's (arith, the first model). On this scorer arith ends its answers
    // differently and scores about 20 points under flaky on flaky's answered records; with flaky's ~15% errors counted
    // as its failures (docs/statistics.md) arith is 7.5 points under, [−14.8, −0.2]: inconclusive against δ = 0.02,
    // and both ways of reading the results must say so.
    const { dir, config } = project({ baseline: 'flaky', rules: [{ metric: 'ends', margin: 0.02 }] });
    const run = await cli(dir, 'run', '--config', config);
    expect(run.code, run.err).toBe(0);
    const { summary, records } = readResults(latestRun(dir).runDir);
    // The derived pass flag is stored with the value, so anything reading results.json sees it.
    expect(records.every((r) => Object.values(r.cells).every((c) => c.status !== 'ok' || (c.scores[0] as unknown[])[1] !== null))).toBe(true);
    // The rule's row, and the always-on answered-share row.
    expect(summary.gate?.rows.map((r) => r.rule)).toEqual(['answered share ≥ baseline − 0.01', 'non-inferiority δ=0.02']);
    expect(summary.gate?.rows[1]?.evidence).not.toMatch(/no comparison/);
    const gate = await cli(dir, 'gate', '--config', config);
    const verdict = /Verdict: (\w+)/.exec(gate.out)?.[1]?.toLowerCase();
    expect(verdict).toBe(summary.gate?.verdict);
    for (const row of summary.gate!.rows) expect(gate.out).toContain(row.evidence);
    expect(verdict).toBe('inconclusive');
    expect(gate.code).toBe(EXIT.inconclusive);
  });
});

describe('beval score', () => {
  it('refuses a run with a finished job whose outputs are not downloaded, naming it and the command that fetches them', async () => {
    const { dir, config } = project({ baseline: 'arith', rules: [{ metric: 'ends', margin: 0.02 }] });
    expect((await cli(dir, 'run', '--config', config)).code).toBe(0);
    const { id, runDir, ledger } = latestRun(dir);
    const before = fs.readFileSync(path.join(runDir, 'results.json'), 'utf8');
    delete ledger.models[1]!.shards[0]!.downloaded;
    fs.writeFileSync(path.join(runDir, 'ledger.json'), JSON.stringify(ledger));
    const score = await cli(dir, 'score', id, '--config', config);
    expect(score.code).toBe(EXIT.error);
    expect(score.err).toContain(`Run ${id} has 1 finished job(s) whose outputs are not downloaded (flaky shard 0): \`beval collect ${id} --config ${config}\``);
    expect(fs.readFileSync(path.join(runDir, 'results.json'), 'utf8')).toBe(before);
  });
});
