// The pre-flight (`beval doctor`, and the cheap part at the start of `beval run`): each problem named with its fix in
// one line, through the real SDK against the emulator, before any run directory exists.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.ts';
import { bedrockClient, s3Client, stsClient, type ClientTarget } from '../../src/aws/clients.ts';
import { preflight, type PreflightInput } from '../../src/aws/preflight.ts';
import { arithmeticSuite, tempProject, type TempProject } from '../helpers/project.ts';
import { captureIo } from '../helpers/io.ts';

let emu: RunningEmulator | undefined;
let project: TempProject | undefined;
const savedEnv = { ...process.env };
afterEach(async () => {
  await emu?.close();
  emu = undefined;
  project?.cleanup();
  project = undefined;
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
});

const FAST = { stepMs: 20, recordsPerSecond: 5000 };

async function checksOn(options: EmulatorOptions, input: Partial<PreflightInput>) {
  emu = await startEmulator({ timing: FAST, ...options });
  const t: ClientTarget = { region: 'us-east-1', endpoint: emu.endpoint, local: true };
  const clients = { bedrock: bedrockClient(t), s3: s3Client(t), sts: stsClient(t) };
  try {
    // local: false — judge the answers as on AWS (a missing bucket is a failure there).
    return await preflight(clients, { local: false, modelIds: ['beval.arith-v1'], full: false, env: {}, ...input });
  } finally {
    for (const c of Object.values(clients)) c.destroy();
  }
}

const detail = (checks: { name: string; state: string; detail: string }[], name: string) => checks.find((c) => c.name === name);

function runDirs(p: TempProject): string[] {
  const reports = path.join(p.dir, 'reports');
  return fs.existsSync(reports) ? fs.readdirSync(reports) : [];
}

describe('beval doctor on the emulator', () => {
  it('passes, printing the identity, the Region, the bucket and each model', async () => {
    project = tempProject({ models: [{ id: 'beval.arith-v1', label: 'arith' }, { id: 'us.beval.verbose-v1', label: 'verbose' }] }, arithmeticSuite(100));
    const io = captureIo(project.dir);
    expect(await main(['doctor', '-c', project.config], io)).toBe(0);
    expect(io.out()).toMatch(/OK +identity: arn:aws:iam::123456789012:user\/beval-emulator \(account 123456789012\)/);
    expect(io.out()).toMatch(/OK +region: us-east-1/);
    expect(io.out()).toMatch(/OK +model beval\.arith-v1: foundation model, lifecycle ACTIVE in us-east-1; takes batch jobs/);
    expect(io.out()).toMatch(/OK +model us\.beval\.verbose-v1: inference profile \(SYSTEM_DEFINED, ACTIVE\) routing to us-east-1/);
    expect(io.out()).toContain('No check failed.');
  });

  it('names a wrong model ID with a did-you-mean from the emulator\'s model list, exit 1', async () => {
    project = tempProject({ models: [{ id: 'beval.arith-v2', label: 'arith' }, { id: 'global.beval.verbos-v1', label: 'v' }] }, arithmeticSuite(100));
    const io = captureIo(project.dir);
    expect(await main(['doctor', '-c', project.config], io)).toBe(1);
    expect(io.out()).toMatch(/FAIL +model beval\.arith-v2: no foundation model "beval\.arith-v2" in us-east-1 \(did you mean "beval\.arith-v1"\?\): fix models\[\]\.id/);
    expect(io.out()).toMatch(/FAIL +model global\.beval\.verbos-v1: no inference profile "global\.beval\.verbos-v1" in us-east-1 \(did you mean "global\.beval\.verbose-v1"\?\)/);
  });

  it('--json: one document with each check\'s name, status (pass/fail/warn/skipped) and message; exit codes unchanged', async () => {
    // An identity that may not call IAM's policy simulator: the role check is skipped, not passed.
    emu = await startEmulator({ timing: FAST, refuse: ['SimulatePrincipalPolicy'] });
    const target = { kind: 'emulator', endpoint: emu.endpoint };
    project = tempProject({ models: [{ id: 'beval.arith-v1', label: 'arith' }], target }, arithmeticSuite(100));
    const io = captureIo(project.dir);
    expect(await main(['doctor', '--json', '-c', project.config], io)).toBe(0);
    const doc = JSON.parse(io.out()) as { schemaVersion: number; command: string; exitCode: number; failed: number; checks: { name: string; status: string; message: string }[] };
    expect(doc).toMatchObject({ schemaVersion: 1, command: 'doctor', exitCode: 0, failed: 0 });
    const byName = new Map(doc.checks.map((c) => [c.name, c]));
    expect(byName.get('identity')).toEqual({ name: 'identity', status: 'pass', message: expect.stringMatching(/^arn:aws:iam::123456789012:user\/beval-emulator/) });
    expect(byName.get('model beval.arith-v1')?.status).toBe('pass');
    expect(byName.get('role')).toMatchObject({ status: 'skipped', message: expect.stringMatching(/^not checked whether you may pass /) });
    // The human text went to stderr, the same lines as without --json.
    expect(io.err()).toMatch(/OK +identity: /);
    expect(io.err()).toMatch(/SKIP +role: /);

    project.cleanup();
    project = tempProject({ models: [{ id: 'beval.arith-v2', label: 'arith' }], target, roleArn: 'arn:aws:iam::210987654321:role/Other' }, arithmeticSuite(100));
    const bad = captureIo(project.dir);
    expect(await main(['doctor', '--json', '-c', project.config], bad)).toBe(1);
    const badDoc = JSON.parse(bad.out()) as typeof doc;
    expect(badDoc).toMatchObject({ command: 'doctor', exitCode: 1 });
    expect(badDoc.failed).toBe(badDoc.checks.filter((c) => c.status === 'fail').length);
    const statuses = new Map(badDoc.checks.map((c) => [c.name, c.status]));
    expect(statuses.get('model beval.arith-v2')).toBe('fail');
    expect(statuses.get('role account')).toBe('warn');
    expect(badDoc.checks.find((c) => c.name === 'model beval.arith-v2')?.message).toContain('did you mean "beval.arith-v1"?');
  });

  it('--debug logs each AWS call with its status, request id and attempts', async () => {
    project = tempProject({ models: [{ id: 'beval.arith-v1', label: 'arith' }] }, arithmeticSuite(100));
    const io = captureIo(project.dir);
    expect(await main(['doctor', '--debug', '-c', project.config], io)).toBe(0);
    expect(io.err()).toMatch(/^debug: aws: STSClient GetCallerIdentityCommand: status 200, request id [0-9a-f-]{36}, 1 attempt\(s\), \d+ ms$/m);
    expect(io.err()).toMatch(/^debug: aws: BedrockClient GetFoundationModelCommand: status 200/m);
  });
});

describe('beval run stops before planning', () => {
  it('on a wrong model ID: one line with the suggestion, and no run directory', async () => {
    project = tempProject({ models: [{ id: 'beval.arith-v1', label: 'a' }, { id: 'beval.arit-v1', label: 'b' }] }, arithmeticSuite(100));
    const io = captureIo(project.dir);
    expect(await main(['run', '-c', project.config], io)).toBe(1);
    expect(io.err()).toContain('model beval.arit-v1: no foundation model "beval.arit-v1" in us-east-1 (did you mean "beval.arith-v1"?)');
    expect(io.err()).toContain('Nothing was planned, uploaded or submitted');
    expect(runDirs(project)).toEqual([]);
  });

  it('without AWS credentials: says so and how to fix it, and leaves no run behind', async () => {
    for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_BEARER_TOKEN_BEDROCK']) delete process.env[k];
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    process.env.AWS_CONFIG_FILE = '/nonexistent/beval-config';
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/beval-credentials';
    project = tempProject({
      models: [{ id: 'amazon.nova-micro-v1:0', label: 'nova' }],
      target: { kind: 'aws', region: 'us-east-1' },
      s3: { bucket: 'my-evals-bucket' }, roleArn: 'arn:aws:iam::123456789012:role/R',
    }, arithmeticSuite(100));
    const io = captureIo(project.dir);
    expect(await main(['run', '-c', project.config], io)).toBe(1);
    expect(io.err()).toContain('identity: no AWS credentials: set `target.profile` or run `aws sso login`');
    expect(io.err()).not.toContain('S3 refused');
    expect(runDirs(project)).toEqual([]);
  });

  it('in a Region that does not exist: cannot reach STS, after the attempts AWS_MAX_ATTEMPTS allows', async () => {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'not-a-secret', AWS_MAX_ATTEMPTS: '1', AWS_EC2_METADATA_DISABLED: 'true' });
    project = tempProject({
      models: [{ id: 'amazon.nova-micro-v1:0', label: 'nova' }],
      target: { kind: 'aws', region: 'us-nowhere-9' },
      s3: { bucket: 'my-evals-bucket' }, roleArn: 'arn:aws:iam::123456789012:role/R',
    }, arithmeticSuite(100));
    const io = captureIo(project.dir);
    expect(await main(['doctor', '-c', project.config], io)).toBe(1);
    expect(io.out()).toMatch(/FAIL +identity: cannot reach STS in us-nowhere-9 \((ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|TimeoutError) after 1 attempts\)/);
  }, 30_000);
});

describe('bucket checks', () => {
  it('a missing bucket', async () => {
    const checks = await checksOn({ buckets: ['other'] }, { bucket: { name: 'my-evals' } });
    expect(detail(checks, 'bucket')).toEqual({ name: 'bucket', state: 'fail', detail: 'bucket my-evals does not exist: create it in us-east-1 or fix s3.bucket' });
  });

  it('a bucket in another Region (S3 answers 301, which SDK v3 does not follow)', async () => {
    const checks = await checksOn({ bucketSettings: { 'eu-bucket': { region: 'eu-west-1' } } }, { bucket: { name: 'eu-bucket' } });
    expect(detail(checks, 'bucket')?.detail).toBe('bucket eu-bucket is in eu-west-1, target.region is us-east-1: use a bucket in us-east-1 (Bedrock reads it from there)');
  });

  it('a bucket of another account without s3.bucketOwner, and with it', async () => {
    const settings = { bucketSettings: { xacct: { owner: '210987654321' } } };
    const without = await checksOn(settings, { bucket: { name: 'xacct' } });
    expect(detail(without, 'bucket')?.state).toBe('fail');
    expect(detail(without, 'bucket')?.detail).toMatch(/^bucket xacct: access denied \(403 \(request id [0-9a-f-]+\)\): it is not owned by your account \(123456789012\): set s3\.bucketOwner/);
    await emu?.close();
    const withOwner = await checksOn(settings, { bucket: { name: 'xacct', owner: '210987654321' } });
    expect(detail(withOwner, 'bucket')).toEqual({ name: 'bucket', state: 'ok', detail: 'xacct in us-east-1, owned by 210987654321' });
  });

  it('doctor reports the default encryption of a KMS bucket', async () => {
    const checks = await checksOn({ bucketSettings: { enc: { kmsKeyId: 'alias/evals' } } }, { bucket: { name: 'enc' }, full: true });
    expect(detail(checks, 'encryption')?.detail).toMatch(/^default aws:kms with alias\/evals; — set s3\.kmsKeyId .*kms:Decrypt and kms:GenerateDataKey/);
  });

  it('warns which identity Bedrock uses when the bearer token is set on AWS', async () => {
    const checks = await checksOn({}, { env: { AWS_BEARER_TOKEN_BEDROCK: 'x' }, profile: 'ml-evals' });
    expect(detail(checks, 'bearer token')).toEqual({
      name: 'bearer token', state: 'warn',
      detail: 'AWS_BEARER_TOKEN_BEDROCK is set: Bedrock calls (jobs, Converse) use that API key, S3 uses the identity above. target.profile (ml-evals) is set, but the bearer token wins for Bedrock. Unset it to run everything as one identity.',
    });
  });

  it('a model the caller may not look up is a check it could not make, not a failure', async () => {
    const checks = await checksOn({ faults: [{ kind: 'access-denied', n: 1, op: 'GetFoundationModel' }] }, {});
    expect(detail(checks, 'model beval.arith-v1')).toEqual({ name: 'model beval.arith-v1', state: 'skip', detail: 'could not look it up: AccessDeniedException (bedrock:GetFoundationModel is not allowed)' });
  });
});
