// Output files with the bytes real tools leave: a byte order mark, CRLF line ends, two disagreeing lines for one
// record in either order, stop reasons and error codes that are Object.prototype names. Planted in a run's
// downloaded outputs and re-scored with `beval score`.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { main } from '../../src/cli/main.ts';
import { acceptEditedOutputs, ARITH, FAST_TIMING, latestRun, readResults, writeProject } from '../run/helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { lineHash } from '../../src/outputs/line-choice.ts';

let emulator: RunningEmulator;
let dir: string;
let config: string;
let runDir: string;
let file: string;
let original: string;

beforeAll(async () => {
  emulator = await startEmulator({ timing: FAST_TIMING });
  dir = tempDir('real-bytes');
  config = writeProject(dir, 120, { models: [ARITH], target: { kind: 'emulator', endpoint: emulator.endpoint } });
  expect(await main(['run', '--config', config], captureIo(dir))).toBe(0);
  const run = latestRun(dir);
  runDir = run.runDir;
  file = path.join(runDir, run.ledger.models[0]!.shards[0]!.downloaded![0]!);
  original = fs.readFileSync(file, 'utf8');
}, 60_000);
afterAll(() => emulator.close());

/** Re-scores with `file` replaced by `text` (the ledger's recorded size and sha256 updated, as a fresh download would). */
async function scoreWith(text: string) {
  fs.writeFileSync(file, text);
  acceptEditedOutputs(runDir);
  const io = captureIo(dir);
  const code = await main(['score', '--config', config], io);
  expect(code, io.err()).toBe(0);
  const results = readResults(runDir);
  return { m: results.summary.perModel[0]!, records: results.records, out: io.out() };
}

const lines = () => original.split('\n').filter(Boolean);
const lineOf = (id: string) => lines().find((l) => JSON.parse(l).recordId === id)!;
const errorLine = (id: string, code: unknown) => JSON.stringify({ recordId: id, modelInput: {}, error: { errorCode: code, errorMessage: 'Internal error' } });

describe('output files with real-world bytes', () => {
  it('two lines for one record that disagree give the same counts in either order, and the note says they disagree', async () => {
    const answer = lineOf('r0007');
    const rest = lines().filter((l) => l !== answer);
    const a = await scoreWith(`${[answer, ...rest, errorLine('r0007', 500)].join('\n')}\n`);
    const b = await scoreWith(`${[errorLine('r0007', 500), ...rest, answer].join('\n')}\n`);
    for (const r of [a, b]) {
      expect({ ok: r.m.ok, errors: r.m.errors, missing: r.m.missing }).toEqual({ ok: 120, errors: 0, missing: 0 });
      expect(r.records.find((x) => x.recordId === 'r0007')!.cells.arith!.status).toBe('ok');
      expect(r.m.notes).toContain('1 duplicate output line(s) ignored (a reply beats an error, then the line with the smaller hash; see docs/runs.md), e.g. r0007 (2 lines disagree)');
    }
    expect(a.m.metrics).toEqual(b.m.metrics);
  });

  it('two disagreeing replies, one on line 1 after a byte order mark of a CRLF file: the line with the smaller hash counts in either order', async () => {
    // Scoring hashes only lines that meet a rival, reading the counted one back from its file: the first reply here
    // is read back from offset 0 (the mark is not part of the line) and its '\r' is part of what is hashed.
    const x = lineOf('r0007');
    const v = JSON.parse(x);
    v.modelOutput.output.message.content[0].text = 'A different reply: 12345';
    const y = JSON.stringify(v);
    const rest = lines().filter((l) => l !== x);
    const winner = lineHash(`${x}\r`) < lineHash(`${y}\r`) ? x : y;
    const counted: string[] = [];
    for (const order of [[x, ...rest, y], [y, ...rest, x]]) {
      const r = await scoreWith(`\uFEFF${order.join('\r\n')}\r\n`);
      expect({ ok: r.m.ok, missing: r.m.missing }).toEqual({ ok: 120, missing: 0 });
      expect(r.m.notes).toContain('1 duplicate output line(s) ignored (a reply beats an error, then the line with the smaller hash; see docs/runs.md), e.g. r0007 (2 lines disagree)');
      // records.csv holds the counted reply's text.
      counted.push(fs.readFileSync(path.join(runDir, 'records.csv'), 'utf8').includes('A different reply: 12345') ? 'y' : 'x');
    }
    const want = winner === y ? 'y' : 'x';
    expect(counted).toEqual([want, want]);
  });

  it('two disagreeing errors: the same one counts in either order', async () => {
    const rest = lines().filter((l) => JSON.parse(l).recordId !== 'r0009');
    const a = await scoreWith(`${[errorLine('r0009', 500), ...rest, errorLine('r0009', 429)].join('\n')}\n`);
    const b = await scoreWith(`${[errorLine('r0009', 429), ...rest, errorLine('r0009', 500)].join('\n')}\n`);
    expect(a.m.errorCodes).toEqual(b.m.errorCodes);
    expect(Object.values(a.m.errorCodes)).toEqual([1]);
  });

  it('a UTF-8 byte order mark before line 1 does not make it malformed', async () => {
    const r = await scoreWith(`\uFEFF${original}`);
    expect({ ok: r.m.ok, missing: r.m.missing }).toEqual({ ok: 120, missing: 0 });
    expect(r.m.notes ?? []).toEqual([]);
  });

  it('a CRLF file, with its trailing blank line, has no malformed line', async () => {
    const r = await scoreWith(`${lines().join('\r\n')}\r\n\r\n`);
    expect({ ok: r.m.ok, missing: r.m.missing }).toEqual({ ok: 120, missing: 0 });
    expect(r.m.notes ?? []).toEqual([]);
  });

  it('stopReason `constructor` and errorCode `__proto__` are counted as numbers, like any other', async () => {
    const changed = lines().map((l) => {
      const v = JSON.parse(l);
      if (v.recordId === 'r0003') v.modelOutput.stopReason = 'constructor';
      if (v.recordId === 'r0004') return errorLine('r0004', '__proto__');
      if (v.recordId === 'r0005') return errorLine('r0005', 'constructor');
      return JSON.stringify(v);
    });
    const r = await scoreWith(`${changed.join('\n')}\n`);
    const json = fs.readFileSync(path.join(runDir, 'results.json'), 'utf8');
    expect(json).not.toContain('function Object()');
    const summary = JSON.parse(json).summary.perModel[0];
    expect(Object.entries(summary.stopReasons)).toContainEqual(['constructor', 1]);
    expect(Object.entries(summary.errorCodes).sort()).toEqual([['__proto__', 1], ['constructor', 1]]);
    expect(r.m.errors).toBe(2);
  });

  it('notes name output files relative to the run folder: shared reports hold no local absolute path', async () => {
    const r = await scoreWith(`${original}{not json\n`);
    const note = r.m.notes!.find((n) => n.includes('malformed'))!;
    expect(note).toMatch(/^1 malformed output line\(s\), e\.g\. outputs\/arith\/shard-0\/[^:]+:121: not valid JSON/);
    for (const f of ['results.json', 'summary.csv', 'report.html']) {
      expect(fs.readFileSync(path.join(runDir, f), 'utf8'), f).not.toContain(runDir);
    }
  });
});
