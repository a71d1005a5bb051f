// A model that answered none of the records sent to it fails the process: `run`, `collect`, `score` and `gate` exit 1 (a gate
// verdict of 2 or 3 is kept), with one stderr line per such model; a model with some answers changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { answeredNoneLine, modelsAnsweringNone } from '../../src/cli/answered-none.ts';
import type { ModelSummary, RunSummary } from '../../src/types/results.ts';
import { arithmeticSuite, tempProject, type TempProject } from '../helpers/project.ts';
import { adviceFor } from '../../src/advice.ts';
import { captureIo } from '../helpers/io.ts';

const FAST = { timing: { stepMs: 20, recordsPerSecond: 4000 } };
const POLLING = { initialMs: 20, maxMs: 100 };
const ARITH = { id: 'beval.arith-v1', label: 'arith' };
const ARITH_AGAIN = { id: 'beval.arith-v1', label: 'arith-again' };
const FLAKY = { id: 'beval.flaky-v1', label: 'flaky' };
/** Every one of its batch output lines is an error line (the emulator's record-errors fault at fraction 1). */
const BROKEN = { id: 'beval.verbose-v1', label: 'broken' };
const N = 200;

function model(over: Partial<ModelSummary> & { label?: string }): ModelSummary {
  const { label = 'm', ...rest } = over;
  return {
    model: { key: label, label, modelId: `vendor.${label}-v1`, mode: 'batch' },
    records: 10, ok: 0, errors: 0, missing: 0, notRun: 0, inputTokens: 0, outputTokens: 0,
    stopReasons: {}, errorCodes: {}, metrics: [], ...rest,
  };
}

function summary(perModel: ModelSummary[]): RunSummary {
  return {
    schemaVersion: 2, runId: 'r', createdAt: '', suite: { path: 's', sha256: '', records: 10 }, models: perModel.map((m) => m.model),
    metrics: [], perModel, comparisons: [], tags: [], totals: { inputTokens: 0, outputTokens: 0 },
  };
}

describe('models that answered none of their records', () => {
  it.each([
    ['every record an error', model({ errors: 10, errorCodes: { 400: 10 } }), true],
    ['errors and missing lines, no answer', model({ errors: 6, missing: 4, errorCodes: { 400: 6 } }), true],
    ['errors, the rest not run', model({ errors: 3, notRun: 7, errorCodes: { 500: 3 } }), true],
    ['one answer among errors', model({ ok: 1, errors: 9, errorCodes: { 400: 9 } }), false],
    ['nothing ran: its create was refused or its job failed', model({ notRun: 10, jobs: { Failed: 1 } }), true],
    ['nothing ran: its job expired', model({ notRun: 10, jobs: { Expired: 1 } }), true],
    ['nothing ran: every job stopped on purpose (beval cancel)', model({ notRun: 10, jobs: { Stopped: 2 } }), false],
    ['some jobs stopped, one failed', model({ notRun: 10, jobs: { Stopped: 1, Failed: 1 } }), true],
    ['an empty suite', model({ records: 0 }), false],
  ])('%s → %s', (_, m, flagged) => {
    expect(modelsAnsweringNone(summary([m])).length > 0).toBe(flagged);
  });

  it('names the model, the records sent and the most common error (ties: the first code)', () => {
    const m = model({ label: 'claude', errors: 7, notRun: 3, errorCodes: { 429: 2, 404: 5, 400: 5 }, errorMessages: { 400: 'The provided model identifier is invalid.', 404: 'Not found.' } });
    expect(answeredNoneLine(m, 'run-1', adviceFor())).toBe('beval: model claude (vendor.claude-v1) answered none of its 7 records (3 more not run); most common error: 400 on 5 of 7: The provided model identifier is invalid. Check the model ID and the account\'s access to it (the reports are written).');
  });

  it('says when none of its records ran, with the job states and the command that tries refused jobs again', () => {
    expect(answeredNoneLine(model({ notRun: 10, jobs: { Failed: 1 } }), 'run-1', adviceFor())).toBe('beval: model m (vendor.m-v1) answered none of its 10 records: none of them ran (jobs: 1 Failed), see the notes above. Check the model ID, its batch support in the region and the account\'s access to it; `beval collect run-1` tries refused jobs again (the reports are written).');
  });

  it('says so when no line came back at all', () => {
    expect(answeredNoneLine(model({ missing: 10 }), 'run-1', adviceFor())).toContain('answered none of its 10 records; no output line came back for any of them.');
  });

  it('prints the service message as one line, credentials removed and cut short', () => {
    const message = `denied\u001b[2J\nforged line X-Amz-Security-Token=FwoGZXIvYXdzEJr secretAccessKey: abc123 AKIAABCDEFGHIJKLMNOP ${'x'.repeat(500)}`;
    const line = answeredNoneLine(model({ label: 'm\u001b]0;t\u0007', errors: 10, errorCodes: { 403: 10 }, errorMessages: { 403: message } }), 'run-1', adviceFor());
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(line).toContain('denied\\x1b[2J\\nforged line X-Amz-Security-Token=[redacted] secretAccessKey: [redacted] [access key id]');
    expect(line).not.toContain('FwoGZXIvYXdzEJr');
    expect(line).toContain('x…. Check the model ID');
    expect(line.length).toBeLessThan(450);
  });
});

describe('beval run / collect / gate when a model answered none of its records', () => {
  let project: TempProject;

  function writeConfig(models: object[], extra: Record<string, unknown> = {}): void {
    fs.writeFileSync(project.config, `export default ${JSON.stringify({
      suite: 'suite.jsonl', models, baseline: 'arith', scorers: ['numeric'], mode: 'batch', polling: POLLING,
      target: { kind: 'emulator', ...FAST, faults: [{ kind: 'record-errors', fraction: 1, model: BROKEN.id }] }, ...extra,
    })};\n`);
  }

  /** The stderr lines about models that answered nothing. */
  const noneLines = (err: string): string[] => err.split('\n').filter((l) => l.includes('answered none'));

  beforeAll(() => {
    project = tempProject({}, arithmeticSuite(N, { maxTokens: (i) => (i % 2 === 0 ? 10 : 200) }));
  });
  afterAll(() => project.cleanup());

  describe('batch: every output line of one model is an error', () => {
    let runId: string;
    let code: number;
    let io: ReturnType<typeof captureIo>;

    beforeAll(async () => {
      writeConfig([ARITH, ARITH_AGAIN, FLAKY, BROKEN]);
      io = captureIo(project.dir);
      code = await main(['run', '--config', project.config], io);
      runId = /Run (\S+) finished/.exec(io.out())![1]!;
    });

    it('run exits 1, naming the model and its error under the coverage table; the reports are written', () => {
      expect(code).toBe(1);
      expect(io.out()).toMatch(/broken\s+200\s+0\s+200\s+0\s+0/);
      const lines = noneLines(io.err());
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^beval: model broken \(beval\.verbose-v1\) answered none of its 200 records; most common error: (500|429) on 200 of 200: .*\(injected record-errors fault\)\./);
      for (const f of ['results.json', 'summary.csv', 'records.csv', 'report.html']) expect(fs.existsSync(path.join(project.dir, 'reports', runId, f))).toBe(true);
    });

    it('collect of the same run exits 1 with the same line', async () => {
      const again = captureIo(project.dir);
      expect(await main(['collect', runId, '--config', project.config], again)).toBe(1);
      expect(again.out()).toContain(`Run ${runId} collected`);
      expect(noneLines(again.err())).toEqual(noneLines(io.err()));
    });

    it('score (re-scoring the stored outputs) exits 1 with the same line', async () => {
      const again = captureIo(project.dir);
      expect(await main(['score', runId, '--config', project.config], again)).toBe(1);
      expect(again.out()).toContain(`Re-scored run ${runId}`);
      expect(noneLines(again.err())).toEqual(noneLines(io.err()));
    });

    it.each([
      // flaky answers correctly whenever it answers: with a coverage tolerance wide enough for its errors (this test is
      // about the exit code, not the answered-share rule) the gate passes, but broken measured nothing.
      ['flaky', [{ metric: 'numeric', margin: 0.05 }], 'PASS', 1],
      ['flaky', [{ metric: 'numeric', margin: 0.05, minCoverage: 0.99 }], 'REGRESSION', 2],
      ['arith-again', [{ metric: 'numeric', margin: 0 }], 'INCONCLUSIVE', 3],
    ])('gate on %s with %j: %s → exit %s', async (candidate, rules, verdict, exit) => {
      writeConfig([ARITH, ARITH_AGAIN, FLAKY, BROKEN], { gate: { candidates: [candidate], rules, coverageTolerance: 0.5 } });
      const g = captureIo(project.dir);
      expect(await main(['gate', runId, '--config', project.config], g)).toBe(exit);
      expect(g.out()).toContain(`Verdict: ${verdict}`);
      expect(noneLines(g.err())).toHaveLength(1);
    });
  });

  it('run --gate turns a passing gate into exit 1, printing the line once', async () => {
    writeConfig([ARITH, FLAKY, BROKEN], { gate: { candidates: ['flaky'], rules: [{ metric: 'numeric', margin: 0.05 }], coverageTolerance: 0.5 } });
    const io = captureIo(project.dir);
    expect(await main(['run', '--config', project.config, '--gate'], io)).toBe(1);
    expect(io.out()).toContain('Verdict: PASS');
    expect(noneLines(io.err())).toHaveLength(1);
    expect(noneLines(io.err())[0]).toContain('model broken (beval.verbose-v1) answered none of its 200 records');
  });

  it('run --gate keeps a regression exit 2', async () => {
    writeConfig([ARITH, FLAKY, BROKEN], { gate: { candidates: ['flaky'], rules: [{ metric: 'numeric', margin: 0.05, minCoverage: 0.99 }] } });
    const io = captureIo(project.dir);
    expect(await main(['run', '--config', project.config, '--gate'], io)).toBe(2);
    expect(noneLines(io.err())).toHaveLength(1);
  });

  it('a model with some answers among many errors changes nothing: run --gate passes with exit 0', async () => {
    // flaky errs on part of its records; the record-errors fault targets no configured model.
    writeConfig([ARITH, FLAKY], { gate: { candidates: ['flaky'], rules: [{ metric: 'numeric', margin: 0.05 }], coverageTolerance: 0.5 } });
    const io = captureIo(project.dir);
    expect(await main(['run', '--config', project.config, '--gate'], io)).toBe(0);
    expect(io.out()).toMatch(/flaky\s+200\s+\d+\s+[1-9]\d*\s/);
    expect(io.err()).toBe('');
  });

  it('batch: a model whose create Bedrock refuses (no batch support) ran nothing, and run exits 1 saying why', async () => {
    const small = tempProject({
      models: [ARITH, { id: 'beval.flakey-v1', label: 'typo' }], scorers: ['numeric'], polling: POLLING,
      target: { kind: 'emulator', ...FAST },
    }, arithmeticSuite(N));
    try {
      const io = captureIo(small.dir);
      // --skip-preflight: the pre-flight would catch the typo before planning (test/aws/preflight.test.ts); this is
      // the path of a model ID Bedrock refuses only at create.
      expect(await main(['run', '--skip-preflight', '--config', small.config], io)).toBe(1);
      const runId = /Run (\S+) finished/.exec(io.out())![1]!;
      expect(io.out()).toMatch(/typo\s+200\s+0\s+0\s+0\s+200\s+0\s+1 Failed/);
      expect(io.out()).toContain('typo: shard 0: CreateModelInvocationJob refused: ValidationException: Batch inference is not supported for the requested model.');
      expect(noneLines(io.err())).toEqual([`beval: model typo (beval.flakey-v1) answered none of its 200 records: none of them ran (jobs: 1 Failed), see the notes above. Check the model ID, its batch support in the region and the account's access to it; \`beval collect ${runId} --config ${small.config}\` tries refused jobs again (the reports are written).`]);
      expect(io.err()).toMatch(/Batch inference is not supported for the requested model\. \(request id [0-9a-f-]{36}\)\. This shard is marked Failed/);
    } finally {
      small.cleanup();
    }
  });

  it('realtime: every Converse call for a model ID the service refuses is a 400, and run exits 1 naming it', async () => {
    const small = tempProject({
      models: [ARITH, { id: 'beval.no-such-model-v9', label: 'typo' }], scorers: ['numeric'], mode: 'realtime', polling: POLLING,
      target: { kind: 'emulator', ...FAST },
    }, arithmeticSuite(12));
    try {
      const io = captureIo(small.dir);
      expect(await main(['run', '--skip-preflight', '--config', small.config], io)).toBe(1);
      expect(io.out()).toMatch(/typo\s+12\s+0\s+12\s+0\s+0/);
      expect(noneLines(io.err())).toEqual(['beval: model typo (beval.no-such-model-v9) answered none of its 12 records; most common error: 400 on 12 of 12: The provided model identifier is invalid. Check the model ID and the account\'s access to it (the reports are written).']);
    } finally {
      small.cleanup();
    }
  });
});
