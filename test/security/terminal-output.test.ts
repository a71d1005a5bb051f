// Text from a job message, an output file or a suite reaches the terminal as visible escapes: no ANSI/OSC sequence,
// carriage return or forged line from it ever gets there.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { acceptEditedOutputs, ARITH, FAST_TIMING, latestRun, writeProject } from '../run/helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/** Hyperlink, clear screen, window title, carriage return, a forged CI command line, a bidi override, an 8-bit CSI. */
const HOSTILE = 'evil \x1b]8;;https://evil.example/\x07click\x1b]8;;\x07\x1b[2J\x1b]0;pwned\x07\rOK\n::error::forged\u202egnp.exe\x9b31m';

/** Every control character except the newlines beval's own lines end with (CLI output here is not a TTY). */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function expectInert(text: string): void {
  expect(text).not.toMatch(CONTROL);
  expect(text.split('\n').filter((l) => l.startsWith('::'))).toEqual([]);
}

let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('untrusted text on the terminal', () => {
  it("a job's message from GetModelInvocationJob", async () => {
    dir = tempDir('tty-job');
    const config = writeProject(dir, 3, { models: [ARITH], quotas: { minRecordsPerJob: 1 }, target: { kind: 'emulator', minRecordsPerJob: 1, timing: FAST_TIMING, faults: [{ kind: 'fail-validation', message: HOSTILE }] } });
    const io = captureIo(dir);
    // The model measured nothing (exit 1); the job's message is shown in the status lines and the notes, escaped.
    expect(await main(['run', '--config', config], io)).toBe(1);
    expect(io.out()).toContain('Failed');
    expect(io.out()).toContain('\\x1b]0;pwned\\x07');
    expectInert(io.out() + io.err());
  });

  it('recordIds and malformed lines of a batch output file', async () => {
    dir = tempDir('tty-out');
    const config = writeProject(dir, 3, { models: [ARITH], quotas: { minRecordsPerJob: 1 }, target: { kind: 'emulator', minRecordsPerJob: 1, timing: FAST_TIMING } });
    expect(await main(['run', '--config', config], captureIo(dir))).toBe(0);
    const { id, runDir, ledger } = latestRun(dir);
    const out = path.join(runDir, ledger.models[0]!.shards[0]!.downloaded![0]!);
    const answer = { output: { message: { role: 'assistant', content: [{ text: 'hi' }] } }, stopReason: 'end_turn', usage: { inputTokens: 1, outputTokens: 1 } };
    fs.appendFileSync(out, `${JSON.stringify({ recordId: HOSTILE, modelOutput: answer })}\n${HOSTILE}\n`);
    acceptEditedOutputs(runDir);
    const io = captureIo(dir);
    expect(await main(['score', id, '--config', config], io)).toBe(0);
    expect(io.out()).toContain('recordId not in the suite');
    expect(io.out()).toContain('malformed');
    expectInert(io.out() + io.err());
  });

  it('field names and bad JSON of a suite line, in validate and in run', async () => {
    dir = tempDir('tty-suite');
    const config = writeProject(dir, 3, { models: [ARITH] });
    const good = fs.readFileSync(path.join(dir, 'suite.jsonl'), 'utf8');
    fs.writeFileSync(path.join(dir, 'suite.jsonl'), `${good}${JSON.stringify({ recordId: 'x1', modelInput: { messages: [{ role: 'user', content: [{ text: 'q' }] }] }, [HOSTILE]: 1 })}\n${HOSTILE}\n`);
    const validate = captureIo(dir);
    expect(await main(['validate', 'suite.jsonl'], validate)).toBe(1);
    expect(validate.err()).toContain('unknown field');
    expectInert(validate.out() + validate.err());
    const run = captureIo(dir);
    expect(await main(['run', '--config', config], run)).toBe(1);
    expect(run.err()).toContain('not valid JSON');
    expectInert(run.out() + run.err());
  });
});
