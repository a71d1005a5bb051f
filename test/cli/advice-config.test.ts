// Every `beval …` command printed as advice carries the --config the user gave, and running it finds the same run
// (without it, the command reads ./eval.config.ts and answers "No run … in ./reports").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { arithmeticSuite } from '../helpers/project.ts';
import { captureIo } from '../helpers/io.ts';

const CONFIG = 'other/eval.config.ts';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-advice-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A project whose config is not in the working directory: only `--config other/eval.config.ts` finds its runs. */
function project(name: string, models: { id: string; label: string }[]): string {
  const cwd = path.join(root, name);
  fs.mkdirSync(path.join(cwd, 'other'), { recursive: true });
  fs.writeFileSync(path.join(cwd, 'other', 'suite.jsonl'), arithmeticSuite(100));
  fs.writeFileSync(path.join(cwd, CONFIG), `export default ${JSON.stringify({ suite: 'suite.jsonl', models, scorers: ['numeric'] })};\n`);
  return cwd;
}

async function beval(cwd: string, argv: string[], signal?: AbortSignal): Promise<{ code: number; text: string }> {
  const io = captureIo(cwd, signal ? { signal } : {});
  const code = await main(argv, io);
  return { code, text: `${io.out()}\n${io.err()}` };
}

/**
 * The advised commands in a command's output (in backticks, or on a line of their own after "Resume with:").
 * `beval emulator` is left out: it starts a standalone emulator and reads no config.
 */
function advised(text: string): string[] {
  const found = [...text.matchAll(/`(beval [^`]+)`|^ {2}(beval .+)$/gm)].map((m) => (m[1] ?? m[2])!.trim());
  return [...new Set(found)].filter((c) => !c.startsWith('beval emulator'));
}

/** Checks every advised command names the config, runs it, and says it found the run. Returns the commands run. */
async function followAdvice(cwd: string, text: string): Promise<string[]> {
  const commands = advised(text);
  expect(commands.length).toBeGreaterThan(0);
  for (const command of commands) {
    expect(command).toContain(`--config ${CONFIG}`);
    const { text: answer } = await beval(cwd, command.split(' ').slice(1));
    expect(answer).not.toMatch(/No runs? |No config|Cannot find/);
  }
  return commands;
}

const ARITH = { id: 'beval.arith-v1', label: 'arith' };

describe('advice carries --config', () => {
  it('submit: the status and collect it advises find the run', async () => {
    const cwd = project('submit', [ARITH]);
    const { code, text } = await beval(cwd, ['submit', '--yes', '-c', CONFIG]);
    expect(code).toBe(0);
    const commands = await followAdvice(cwd, text);
    expect(commands.some((c) => c.startsWith('beval status '))).toBe(true);
    expect(commands.some((c) => c.startsWith('beval collect '))).toBe(true);
  });

  it('score before the jobs ended: the collect it advises finishes the run', async () => {
    const cwd = project('score', [ARITH]);
    const submitted = await beval(cwd, ['submit', '--yes', '-c', CONFIG]);
    const runId = /^(\d{8}-\d{6}-[0-9a-z]{4})$/m.exec(submitted.text)![1]!;
    const { code, text } = await beval(cwd, ['score', runId, '-c', CONFIG]);
    expect(code).toBe(1);
    expect(text).toContain('not finished');
    expect(await followAdvice(cwd, text)).toEqual([`beval collect ${runId} --config ${CONFIG}`]);
    expect(fs.existsSync(path.join(cwd, 'other', 'reports', runId, 'report.html'))).toBe(true);
  });

  it('a run stopped by Ctrl-C: the resume it prints finishes the run', async () => {
    const cwd = project('interrupt', [ARITH]);
    const stop = new AbortController();
    stop.abort();
    const { code, text } = await beval(cwd, ['run', '--yes', '-c', CONFIG], stop.signal);
    expect(code).toBe(130);
    // Interrupted before the first create: the message says nothing runs, not that "the jobs keep running".
    expect(text).toContain('No job of this run was created yet, so nothing runs on the target.');
    expect(text).not.toMatch(/jobs keep running|created job/);
    const [resume] = await followAdvice(cwd, text);
    expect(resume).toMatch(/^beval run --resume \S+ --config other\/eval\.config\.ts$/);
  });

  it('a model Bedrock refuses: the shard warning and the answered-none line advise a collect that finds the run', async () => {
    const cwd = project('refused', [ARITH, { id: 'beval.no-such-model-v1', label: 'nope' }]);
    // --skip-preflight: the pre-flight would refuse the ID before planning; this is the path of a refusal at create.
    const { code, text } = await beval(cwd, ['run', '--yes', '--skip-preflight', '-c', CONFIG]);
    expect(code).toBe(1);
    expect(text).toContain('answered none');
    const commands = await followAdvice(cwd, text);
    expect(commands.every((c) => c.startsWith('beval collect '))).toBe(true);
  });

  it('every model refused: the resume it advises finds the run', async () => {
    const cwd = project('all-refused', [{ id: 'beval.no-such-model-v1', label: 'nope' }]);
    // --skip-preflight: the pre-flight would refuse the ID before planning; this is the path of a refusal at create.
    const { code, text } = await beval(cwd, ['run', '--yes', '--skip-preflight', '-c', CONFIG]);
    expect(code).toBe(1);
    expect(text).toContain('could not be submitted');
    expect((await followAdvice(cwd, text)).some((c) => c.startsWith('beval run --resume '))).toBe(true);
  });

  it('cancel, a missing run id and an empty --resume advise commands that read the same config', async () => {
    const cwd = project('cancel', [ARITH]);
    const submitted = await beval(cwd, ['submit', '--yes', '-c', CONFIG]);
    const runId = /^(\d{8}-\d{6}-[0-9a-z]{4})$/m.exec(submitted.text)![1]!;
    const cancelled = await beval(cwd, ['cancel', runId, '-c', CONFIG]);
    expect(await followAdvice(cwd, cancelled.text)).toContain(`beval collect ${runId} --config ${CONFIG}`);
    const missing = await beval(cwd, ['status', '20000101-000000-zzzz', '-c', CONFIG]);
    expect(await followAdvice(cwd, missing.text)).toEqual([`beval runs --config ${CONFIG}`]);
    const empty = await beval(cwd, ['run', '--resume', '', '-c', CONFIG]);
    expect(await followAdvice(cwd, empty.text)).toEqual([`beval runs --config ${CONFIG}`]);
  });

  it('a damaged results.json: the score the gate advises rewrites it, and the gate then reads it', async () => {
    const cwd = project('damaged', [ARITH, { id: 'beval.verbose-v1', label: 'verbose' }]);
    const file = path.join(cwd, CONFIG);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"scorers"', `"gate":{"baseline":"arith","rules":[{"metric":"numeric","margin":0.5}]},"scorers"`));
    const ran = await beval(cwd, ['run', '--yes', '-c', CONFIG]);
    expect(ran.code).toBe(0);
    const runId = /Run (\d{8}-\d{6}-[0-9a-z]{4})/.exec(ran.text)![1]!;
    const results = path.join(cwd, 'other', 'reports', runId, 'results.json');
    fs.writeFileSync(results, fs.readFileSync(results, 'utf8').split('\n').slice(0, 3).join('\n').slice(0, -7));
    const { code, text } = await beval(cwd, ['gate', runId, '-c', CONFIG]);
    expect(code).toBe(1);
    expect(await followAdvice(cwd, text)).toEqual([`beval score ${runId} --config ${CONFIG}`]);
    expect((await beval(cwd, ['gate', runId, '-c', CONFIG])).text).toContain('Verdict:');
  });

  it('with no --config, advice names none', async () => {
    const cwd = project('plain', [ARITH]);
    fs.renameSync(path.join(cwd, CONFIG), path.join(cwd, 'eval.config.ts'));
    fs.renameSync(path.join(cwd, 'other', 'suite.jsonl'), path.join(cwd, 'suite.jsonl'));
    const { text } = await beval(cwd, ['submit', '--yes']);
    const commands = advised(text);
    expect(commands.length).toBeGreaterThan(0);
    for (const c of commands) expect(c).not.toContain('--config');
  });
});
