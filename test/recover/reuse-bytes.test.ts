// The generation cache keeps only where each reused line lies and reads it back when the reusing run is planned:
// the reused output files must be byte for byte what the cache wrote when it held every line parsed
// (reuse-oracle.ts), for a source run with agreeing and disagreeing duplicate lines, errored records, a rerun attempt
// and answers it reused itself; and a source file changed in between is refused, naming the file.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { loadConfig } from '../../src/config/load.ts';
import { loadSuite } from '../../src/suite/load-suite.ts';
import { loadCache } from '../../src/run/reuse.ts';
import { startRun } from '../../src/pipeline/run.ts';
import { readLedger } from '../../src/run/ledger.ts';
import { ARITH, FAST_TIMING, FLAKY, latestRun, runIds, writeProject } from '../run/helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { oldReusedFiles } from './reuse-oracle.ts';

const N = 120;

async function cli(dir: string, ...args: string[]) {
  const io = captureIo(dir);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** Every reused output file of a run: run-relative path → text. */
function reusedFiles(runDir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const key of fs.readdirSync(path.join(runDir, 'outputs'))) {
    const dir = path.join(runDir, 'outputs', key, 'reused');
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir)) files.set(path.join('outputs', key, 'reused', f), fs.readFileSync(path.join(dir, f), 'utf8'));
  }
  return files;
}

/** Gives record `i` of the project's suite a new question, so its request (and cache key) changes. */
function changeRecord(dir: string, i: number): void {
  const file = path.join(dir, 'suite.jsonl');
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  lines[i] = lines[i]!.replace(/What is (\d+)/, (_m, a: string) => `What is ${Number(a) + 100}`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

describe('beval run --reuse reads reused lines back from the source files', () => {
  let emu: RunningEmulator;
  let dir: string;
  let config: string;
  let sourceId: string;
  beforeAll(async () => {
    // Transient per-record errors and duplicated lines; flaky errors for good on 15% of the records.
    emu = await startEmulator({ timing: FAST_TIMING, faults: [{ kind: 'record-errors', fraction: 0.1, times: 1 }, { kind: 'duplicate-lines', fraction: 0.2 }] });
    dir = tempDir('reuse-bytes');
    config = writeProject(dir, N, { models: [ARITH, FLAKY], target: { kind: 'emulator', endpoint: emu.endpoint } });
    const first = await cli(dir, 'run', '--config', config);
    expect(first.code, first.err).toBe(0);
    sourceId = latestRun(dir).id;
    // arith's transient errors go again as attempt 2 (flaky's would fail again, after realtime backoff: left as errors).
    const rerun = await cli(dir, 'rerun', sourceId, '--config', config, '--models', 'arith');
    expect(rerun.code, rerun.err).toBe(0);
    // Disagreeing duplicates, as a retried batch record can leave: a second, different answer for three records and
    // an error line for a fourth, appended to arith's first-attempt output.
    const runDir = path.join(dir, 'reports', sourceId);
    const shard = readLedger(runDir).models.find((m) => m.key === 'arith')!.shards.find((s) => (s.attempt ?? 1) === 1)!;
    const out = path.join(runDir, shard.downloaded![0]!);
    const lines = fs.readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);
    const ok = lines.filter((l) => l.modelOutput);
    const extra: Record<string, unknown>[] = ok.slice(0, 3).map((l) => ({ ...l, modelOutput: { ...l.modelOutput, output: { message: { role: 'assistant', content: [{ text: 'A second opinion: 7' }] } } } }));
    extra.push({ recordId: ok[3]!.recordId, modelInput: ok[3]!.modelInput, error: { errorCode: 500, errorMessage: 'late duplicate' } });
    fs.appendFileSync(out, extra.map((l) => `${JSON.stringify(l)}\n`).join(''));
  });
  afterAll(async () => emu?.close());

  it('writes the same bytes as the cache that held every line, from one source and from a source that reused another', async () => {
    const cfg = await loadConfig(dir, config);
    const source = path.join(dir, 'reports', sourceId);
    // The source has what the test is about: a rerun attempt, errors still counted, duplicate lines.
    const ledger = readLedger(source);
    expect(ledger.models.find((m) => m.key === 'arith')!.shards.some((s) => s.attempt === 2)).toBe(true);

    changeRecord(dir, 5);
    const second = await cli(dir, 'run', '--config', config, '--reuse', sourceId);
    expect(second.code, second.err).toBe(0);
    const secondRun = latestRun(dir);
    const expected = await oldReusedFiles([source], cfg.models, loadSuite(path.join(secondRun.runDir, 'suite.jsonl')));
    const written = reusedFiles(secondRun.runDir);
    expect([...written.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [file, text] of expected) expect(written.get(file), file).toBe(text);
    // Errors are reused as they were, answers too (flaky's permanent failures are counted errors).
    const all = [...written.values()].join('');
    expect(all).toContain('"error":{');
    expect(all).toContain('"modelOutput":{');

    // Two sources, the reusing run first: its answers keep the run that paid (the first), its fresh ones name it.
    changeRecord(dir, 9);
    const third = await cli(dir, 'run', '--config', config, '--reuse', `${secondRun.id},${sourceId}`);
    expect(third.code, third.err).toBe(0);
    const thirdRun = latestRun(dir);
    const expected3 = await oldReusedFiles([secondRun.runDir, source], cfg.models, loadSuite(path.join(thirdRun.runDir, 'suite.jsonl')));
    const written3 = reusedFiles(thirdRun.runDir);
    expect([...written3.keys()].sort()).toEqual([...expected3.keys()].sort());
    expect([...written3.keys()].some((f) => f.endsWith(`from-${secondRun.id}.jsonl.out`))).toBe(true);
    for (const [file, text] of expected3) expect(written3.get(file), file).toBe(text);
  });

  it.each([
    ['rewritten in place (same size)', (text: string) => text.replace(/"text":"(\d)/, (_m, d: string) => `"text":"${(Number(d) + 1) % 10}`)],
    ['grown', (text: string) => `${text}{"recordId":"zzz"}\n`],
  ])('refuses a source output file %s after the cache was read, naming it, and writes no ledger', async (_what, change) => {
    const copy = path.join(tempDir('reuse-changed'), sourceId);
    fs.cpSync(path.join(dir, 'reports', sourceId), copy, { recursive: true });
    const cfg = await loadConfig(dir, config);
    const cache = await loadCache([copy]);
    const shard = readLedger(copy).models.find((m) => m.key === 'arith')!.shards[0]!;
    const out = path.join(copy, shard.downloaded![0]!);
    const before = fs.readFileSync(out, 'utf8');
    const after = change(before);
    expect(after).not.toBe(before);
    fs.writeFileSync(out, after);
    const runs = runIds(dir).length;
    await expect(startRun(cfg, () => undefined, undefined, cache)).rejects.toThrow(new RegExp(`${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} changed after`));
    expect(runIds(dir).filter((id) => fs.existsSync(path.join(dir, 'reports', id, 'ledger.json'))).length).toBe(runs);
  });
});
