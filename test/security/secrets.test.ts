// Credentials never reach the terminal, the ledger or the reports: AWS's InvalidSignatureException quotes the signed
// headers (x-amz-security-token included), and beval prints and records service errors.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { ARITH, FAST_TIMING, writeProject } from '../run/helpers.ts';
import { BEVAL_BIN } from '../helpers/cli-process.ts';
import { invalidSignatureMessage, QUOTED_TOKEN, startFakeAws, type FakeAws } from './fake-aws.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/** Every file under dir, as text. */
function filesUnder(dir: string): { file: string; text: string }[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const file = path.join(e.parentPath, e.name);
      return { file, text: fs.readFileSync(file, 'utf8') };
    });
}

/** Fails naming every place that holds one of the secrets. */
function expectAbsent(secrets: string[], places: { where: string; text: string }[]): void {
  const leaks = places.flatMap(({ where, text }) => secrets.filter((s) => text.includes(s)).map((s) => `${s} in ${where}`));
  expect(leaks).toEqual([]);
}

const AWS_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'ASIAQXAMPLEKEYID7WL7',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzSecretKey1',
  AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEJr//////////wEaDSessionTokenOfThisTest0123456789',
};

describe('a realtime run on AWS whose Converse calls are refused for a bad signature', () => {
  let fake: FakeAws;
  let dir: string;
  let exit: { code: number | null; out: string };

  beforeAll(async () => {
    fake = await startFakeAws((req) => ({ status: 403, type: 'InvalidSignatureException', message: invalidSignatureMessage(req) }));
    dir = tempDir('secrets-rt');
    writeProject(dir, 6, { models: [ARITH], mode: 'realtime', realtime: { concurrency: 1, timeoutMs: 10_000 }, target: { kind: 'aws', region: 'us-east-1', runtimeEndpoint: fake.endpoint } });
    // The real CLI with credentials from the environment: the SDK's default chain signs with the session token.
    const env: NodeJS.ProcessEnv = {
      ...process.env, ...AWS_CREDENTIALS, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: path.join(dir, 'no-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-credentials'),
    };
    delete env.AWS_PROFILE;
    delete env.BEVAL_CRASH_AT;
    exit = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BEVAL_BIN, 'run', '--skip-preflight', '--config', path.join(dir, 'eval.config.ts')], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
      child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, out }));
    });
  });
  afterAll(async () => {
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('signed with the session token, and AWS quoted it back', () => {
    expect(fake.seen.some((s) => s.token === AWS_CREDENTIALS.AWS_SESSION_TOKEN)).toBe(true);
    expect(exit.code).toBe(1);
    expect(exit.out).toContain('InvalidSignatureException');
  });

  it('prints and records no credential', () => {
    const secrets = [AWS_CREDENTIALS.AWS_SESSION_TOKEN, AWS_CREDENTIALS.AWS_SECRET_ACCESS_KEY, AWS_CREDENTIALS.AWS_ACCESS_KEY_ID];
    expectAbsent(secrets, [{ where: 'the output', text: exit.out }, ...filesUnder(path.join(dir, 'reports')).map((f) => ({ where: f.file, text: f.text }))]);
    expect(exit.out).not.toContain('The Canonical String');
  });
});

describe('batch runs on the emulator whose calls AWS refuses for a bad signature', () => {
  let emulator: RunningEmulator;
  let fake: FakeAws | undefined;
  let dir: string;
  beforeAll(async () => {
    emulator = await startEmulator({ minRecordsPerJob: 1, timing: FAST_TIMING });
  });
  afterAll(() => emulator.close());
  afterEach(async () => {
    await fake?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function runRefusing(op: (req: { method?: string; url?: string }) => boolean, extra: Record<string, unknown> = {}) {
    fake = await startFakeAws((req) => (op(req) ? { status: 403, type: 'InvalidSignatureException', message: invalidSignatureMessage(req) } : undefined), emulator.endpoint);
    dir = tempDir('secrets-batch');
    const config = writeProject(dir, 4, { models: [ARITH], target: { kind: 'emulator', endpoint: fake.endpoint }, quotas: { minRecordsPerJob: 1 }, ...extra });
    const io = captureIo(dir);
    const code = await main(['run', '--config', config], io);
    // The whole project: run directory, reports and the judge verdict cache.
    return { code, io, files: filesUnder(dir) };
  }

  it('CreateModelInvocationJob refused: the error and the ledger keep no signed header', async () => {
    const { code, io, files } = await runRefusing((req) => req.method === 'POST' && req.url === '/model-invocation-job');
    expect(code).toBe(1);
    expect(io.err()).toContain('InvalidSignatureException');
    expectAbsent([QUOTED_TOKEN, 'Canonical String'], [{ where: 'stdout', text: io.out() }, { where: 'stderr', text: io.err() }, ...files.map((f) => ({ where: f.file, text: f.text }))]);
  });

  it('a second model refused once the first job runs: the warning, the ledger and the reports keep no signed header', async () => {
    let creates = 0;
    const { code, io, files } = await runRefusing((req) => req.method === 'POST' && req.url === '/model-invocation-job' && ++creates === 2,
      { models: [ARITH, { id: 'beval.verbose-v1', label: 'verbose' }] });
    expect(code).toBe(1); // the refused model measured nothing
    expect(io.err()).toContain('InvalidSignatureException');
    expect(files.find((f) => f.file.endsWith('ledger.json'))?.text).toContain('InvalidSignatureException');
    expectAbsent([QUOTED_TOKEN, 'Canonical String'], [{ where: 'stdout', text: io.out() }, { where: 'stderr', text: io.err() }, ...files.map((f) => ({ where: f.file, text: f.text }))]);
  });

  it('realtime judge calls refused: the run stops naming the cause, keeps no signed header, and collect judges once fixed', async () => {
    let refuse = true;
    const { code, io, files } = await runRefusing((req) => refuse && req.method === 'POST' && (req.url ?? '').startsWith('/model/beval.judge-v1/'), {
      judges: [{ kind: 'rubric', model: 'beval.judge-v1', rubric: 'States the answer as a number.', scale: 'pass-fail' }],
      judge: { belowMinimum: 'realtime', cacheDir: 'judge-cache' },
      // Under the batch minimum, so the judge requests go through Converse (answers too, forwarded to the emulator).
      mode: 'realtime', quotas: { minRecordsPerJob: 100 },
    });
    expect(code).toBe(1);
    expect(io.err()).toMatch(/Realtime judge requests to beval\.judge-v1 stopped: InvalidSignatureException/);
    expectAbsent([QUOTED_TOKEN, 'Canonical String'], [{ where: 'stdout', text: io.out() }, { where: 'stderr', text: io.err() }, ...files.map((f) => ({ where: f.file, text: f.text }))]);
    // A bad signature says nothing about a request, so none was written as answered: once the cause is fixed, collect
    // sends every judge request and nothing stays unscored.
    refuse = false;
    const runId = /beval collect (\S+) --config [^`]+`/.exec(io.err())![1]!;
    const again = captureIo(dir);
    expect(await main(['collect', runId, '--config', path.join(dir, 'eval.config.ts')], again)).toBe(0);
    const { summary } = JSON.parse(fs.readFileSync(path.join(dir, 'reports', runId, 'results.json'), 'utf8')) as { summary: { judge: { unscored: number; freshVerdicts: number } } };
    expect(summary.judge).toMatchObject({ unscored: 0, freshVerdicts: 4 });
  });

  it('GetModelInvocationJob refused: the unexpected-error report keeps no signed header', async () => {
    const { code, io } = await runRefusing((req) => req.method === 'GET' && /^\/model-invocation-job\/[^/]+$/.test(req.url ?? ''));
    expect(code).toBe(1);
    expect(io.err()).toContain('InvalidSignatureException');
    expectAbsent([QUOTED_TOKEN, 'Canonical String'], [{ where: 'stdout', text: io.out() }, { where: 'stderr', text: io.err() }]);
  });
});

describe('a service that quotes the session token with no label beval knows', () => {
  let fake: FakeAws;
  let dir: string;
  let exit: { code: number | null; out: string };

  beforeAll(async () => {
    // No `x-amz-security-token:` or `sessionToken=` before it: only the value itself can be recognised.
    fake = await startFakeAws((req) => ({ status: 403, type: 'UnrecognizedClientException', message: `The security token ${String(req.headers['x-amz-security-token'])} included in the request is invalid.` }));
    dir = tempDir('secrets-bare');
    writeProject(dir, 6, { models: [ARITH], mode: 'realtime', realtime: { concurrency: 1, timeoutMs: 10_000 }, target: { kind: 'aws', region: 'us-east-1', runtimeEndpoint: fake.endpoint } });
    const env: NodeJS.ProcessEnv = {
      ...process.env, ...AWS_CREDENTIALS, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: path.join(dir, 'no-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-credentials'),
    };
    delete env.AWS_PROFILE;
    delete env.BEVAL_CRASH_AT;
    exit = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BEVAL_BIN, 'run', '--skip-preflight', '--config', path.join(dir, 'eval.config.ts')], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
      child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, out }));
    });
  });
  afterAll(async () => {
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is redacted literally: the values beval resolved reach neither the terminal nor any file of the run', () => {
    expect(fake.seen.some((s) => s.token === AWS_CREDENTIALS.AWS_SESSION_TOKEN)).toBe(true);
    expect(exit.out).toContain('The security token [redacted] included in the request is invalid');
    const secrets = [AWS_CREDENTIALS.AWS_SESSION_TOKEN, AWS_CREDENTIALS.AWS_SECRET_ACCESS_KEY];
    expectAbsent(secrets, [{ where: 'the output', text: exit.out }, ...filesUnder(path.join(dir, 'reports')).map((f) => ({ where: f.file, text: f.text }))]);
  });
});
