// `beval doctor`'s account checks through the real IAM and Service Quotas SDK clients against the emulator: whether the
// caller may pass the role (SimulatePrincipalPolicy) and the account's batch quotas beside the config's
// (ListServiceQuotas), each state the emulator can be put in; and `beval run`'s pre-flight makes neither call.
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.ts';
import { EMULATOR_MODELS } from '../../src/emulator/models.ts';
import { bedrockClient, s3Client, stsClient, type ClientTarget } from '../../src/aws/clients.ts';
import { lazyCheckClients, type CheckClients } from '../../src/aws/check-clients.ts';
import { preflight } from '../../src/aws/preflight.ts';
import { arithmeticSuite, tempProject, type TempProject } from '../helpers/project.ts';
import { captureIo } from '../helpers/io.ts';

let emu: RunningEmulator | undefined;
let project: TempProject | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
  project?.cleanup();
  project = undefined;
});

const ROLE = 'arn:aws:iam::123456789012:role/beval-emulator';
const MODELS = [{ id: 'beval.arith-v1', label: 'arith' }, { id: 'us.beval.verbose-v1', label: 'verbose' }];

/** `beval doctor` against an emulator started with `options` (the config's target points at it). */
async function doctor(options: EmulatorOptions, config: Record<string, unknown> = {}): Promise<{ code: number; out: string }> {
  emu = await startEmulator({ timing: { stepMs: 20, recordsPerSecond: 5000 }, ...options });
  project = tempProject({ models: MODELS, target: { kind: 'emulator', endpoint: emu.endpoint }, ...config }, arithmeticSuite(100));
  const io = captureIo(project.dir);
  const code = await main(['doctor', '-c', project.config], io);
  return { code, out: io.out() };
}

const line = (out: string, name: string): string | undefined => out.split('\n').find((l) => new RegExp(`^[A-Z]+ +${name.replace(/[.]/g, '\\.')}: `).test(l));

describe('beval doctor: the role', () => {
  it('on the default emulator: OK for passing the role and for creating jobs, with the simulator\'s caveat', async () => {
    const { code, out } = await doctor({});
    expect(code).toBe(0);
    expect(line(out, 'role')).toBe(`OK    role: you may pass ${ROLE} to bedrock.amazonaws.com: allowed by your IAM policies (SCPs, session policies and permission boundaries are not all simulated)`);
    expect(line(out, 'create jobs')).toMatch(/^OK +create jobs: bedrock:CreateModelInvocationJob on the job and the 2 model\(s\) is allowed by your IAM policies \(SCPs/);
  });

  it('FAIL naming the statement to add when the caller may not pass the role, exit 1', async () => {
    const { code, out } = await doctor({ denyPassRole: [ROLE] });
    expect(code).toBe(1);
    expect(line(out, 'role')).toBe(
      `FAIL  role: arn:aws:iam::123456789012:user/beval-emulator may not pass ${ROLE} (implicitDeny): add to its policy `
      + `{"Sid":"PassServiceRole","Effect":"Allow","Action":"iam:PassRole","Resource":"${ROLE}","Condition":{"StringEquals":{"iam:PassedToService":"bedrock.amazonaws.com"}}}`
      + ' (docs/aws.md §5), or the first create fails with AccessDeniedException',
    );
    // Another role stays passable: the deny is the one role's, not the check's default.
    expect(line(out, 'create jobs')).toMatch(/^OK /);
    expect(out).toContain('1 check(s) failed.');
  });

  it('a role another account owns is denied here too, and the account mismatch is its own warning', async () => {
    const other = 'arn:aws:iam::210987654321:role/TheirBatchRole';
    const { out } = await doctor({ denyPassRole: [other] }, { roleArn: other });
    expect(line(out, 'role')).toMatch(/^FAIL +role: .* may not pass arn:aws:iam::210987654321:role\/TheirBatchRole \(implicitDeny\)/);
    expect(line(out, 'role account')).toBe('WARN  role account: arn:aws:iam::210987654321:role/TheirBatchRole is in account 210987654321, not yours (123456789012): Bedrock needs a role in the account that creates the jobs');
  });

  it('SKIP with why when the caller may not call SimulatePrincipalPolicy: not a failure', async () => {
    const { code, out } = await doctor({ refuse: ['SimulatePrincipalPolicy'] });
    expect(code).toBe(0);
    expect(line(out, 'role')).toMatch(new RegExp(`^SKIP +role: not checked whether you may pass ${ROLE}: this check needs iam:SimulatePrincipalPolicy on arn:aws:iam::123456789012:user/beval-emulator \\(AccessDenied \\(request id [0-9a-f-]{36}\\)\\); a missing iam:PassRole fails the first create with AccessDeniedException, before anything is billed$`));
    expect(line(out, 'create jobs')).toBeUndefined();
    // The quotas are another service's permission: still read.
    expect(line(out, 'quotas beval.arith-v1')).toMatch(/^OK /);
  });
});

describe('beval doctor: the batch quotas', () => {
  it('on the default emulator: OK per model, naming the quota model it matched and the room the config leaves', async () => {
    const { out } = await doctor({});
    expect(line(out, 'quotas beval.arith-v1')).toBe('OK    quotas beval.arith-v1: as "beval.arith-v1" in us-east-1: the account allows 20 submitted + in-progress jobs (beval\'s cap is 10; other runs share the account\'s); 5 of 6 batch quotas match the config');
    // The profile's quotas are its model's.
    expect(line(out, 'quotas us.beval.verbose-v1')).toMatch(/^OK +quotas us\.beval\.verbose-v1: as "beval\.verbose-v1" in us-east-1: /);
  });

  it('WARN when quotas.maxRecordsPerJob exceeds the account\'s value (a job over it is refused)', async () => {
    const { code, out } = await doctor({}, { quotas: { maxRecordsPerJob: 60_000 } });
    expect(code).toBe(0);
    expect(line(out, 'quotas beval.arith-v1')).toMatch(/^WARN +quotas beval\.arith-v1: as "beval\.arith-v1" in us-east-1: quotas\.maxRecordsPerJob is 60,000, the account allows 50,000 \(records per job\): a job over it is refused, set quotas\.maxRecordsPerJob to 50,000; /);
  });

  it('a model whose quotas have no applied value is checked against AWS\'s defaults, and the line says which values are defaults', async () => {
    // The account's applied records-per-job is 1,234, but arith has no applied value: its default (50,000) applies.
    const { out } = await doctor({ quotas: { maxRecordsPerJob: 1234 }, quotasNotApplied: ['beval.arith-v1'] });
    const arith = line(out, 'quotas beval.arith-v1')!;
    expect(arith).toMatch(/^OK +quotas beval\.arith-v1: as "beval\.arith-v1" in us-east-1: /);
    expect(arith).toContain('AWS\'s default, no applied value listed: min records per job, records per job, records per file, file size, job size, submitted + in-progress jobs');
    expect(arith).not.toContain('not listed');
    // verbose has applied values: 1,234 records per job is below the config's 50,000.
    const verbose = line(out, 'quotas us.beval.verbose-v1')!;
    expect(verbose).toMatch(/^WARN .*quotas\.maxRecordsPerJob is 50,000, the account allows 1,234/);
    expect(verbose).not.toContain('default');
  });

  it('without servicequotas:ListAWSDefaultServiceQuotas the applied values still count, and what is missing says why', async () => {
    const { out } = await doctor({ quotasNotApplied: ['beval.arith-v1'], refuse: ['ListAWSDefaultServiceQuotas'] });
    expect(line(out, 'quotas beval.arith-v1')).toMatch(/^SKIP +quotas beval\.arith-v1: no batch quota in us-east-1 names this model .*the defaults were not read: ListAWSDefaultServiceQuotas was refused \(AccessDeniedException .*\), it needs servicequotas:ListAWSDefaultServiceQuotas\)/);
    expect(line(out, 'quotas us.beval.verbose-v1')).toMatch(/^OK .*5 of 6 batch quotas match the config$/);
  });

  it('reads every page (the emulator answers 10 quotas a page): the last model\'s quotas are found too', async () => {
    // Four built-in models × 7 quotas: the judge model's come on the third page.
    const { out } = await doctor({ quotas: { maxBytesPerJob: 100e9, maxRecordsPerFile: 10_000 }, minRecordsPerJob: 200 }, {
      models: [{ id: 'beval.judge-v1', label: 'judge' }],
    });
    const judge = line(out, 'quotas beval.judge-v1');
    expect(judge).toMatch(/^WARN +quotas beval\.judge-v1: as "beval\.judge-v1"/);
    expect(judge).toContain('quotas.minRecordsPerJob is 100, the account\'s minimum is 200: a job under 200 records is refused, set quotas.minRecordsPerJob to 200');
    expect(judge).toContain('quotas.maxRecordsPerFile is 50,000, the account allows 10,000 (records per file)');
    expect(judge).toContain('the account allows 100 GB job size (quotas.maxBytesPerJob is 5 GB)');
  });

  it('reads every page of AWS\'s defaults too: a model with no applied value whose defaults come last is found', async () => {
    const { out } = await doctor({ quotasNotApplied: Object.keys(EMULATOR_MODELS) }, { models: [{ id: 'beval.judge-v1', label: 'judge' }] });
    expect(line(out, 'quotas beval.judge-v1')).toMatch(/^OK +quotas beval\.judge-v1: as "beval\.judge-v1" in us-east-1: .*AWS's default, no applied value listed: min records per job, records per job, records per file, file size, job size, submitted \+ in-progress jobs$/);
  });

  it('no applied value listed and the defaults refused: the SKIP says the defaults were not read, and why', async () => {
    const { code, out } = await doctor({ quotasNotApplied: Object.keys(EMULATOR_MODELS), refuse: ['ListAWSDefaultServiceQuotas'] });
    expect(code).toBe(0);
    const quotas = out.split('\n').filter((l) => / quotas( |:)/.test(l));
    expect(quotas.length, out).toBeGreaterThan(0);
    for (const l of quotas) expect(l).toMatch(/^SKIP .*ListAWSDefaultServiceQuotas was refused \(AccessDeniedException .*\), it needs servicequotas:ListAWSDefaultServiceQuotas/);
  });

  it('SKIP with why when Service Quotas refuses the call', async () => {
    const { code, out } = await doctor({ refuse: ['ListServiceQuotas'] });
    expect(code).toBe(0);
    expect(line(out, 'quotas')).toMatch(/^SKIP +quotas: not read: ListServiceQuotas was refused \(AccessDeniedException \(request id [0-9a-f-]{36}\)\): this check needs servicequotas:ListServiceQuotas; compare the config's `quotas` with Service Quotas yourself \(docs\/aws\.md §6\)$/);
    expect(line(out, 'role')).toMatch(/^OK /);
  });

  it('SKIP for a model no batch quota names, saying where to look instead', async () => {
    const { code, out } = await doctor({}, { models: [{ id: 'beval.abacus-v1', label: 'a' }] });
    expect(code).toBe(1);
    expect(line(out, 'model beval.abacus-v1')).toMatch(/^FAIL /);
    expect(line(out, 'quotas beval.abacus-v1')).toMatch(/^SKIP +quotas beval\.abacus-v1: no batch quota in us-east-1 names this model \(quota names use display names such as "Records per batch inference job for Claude 3 Haiku"; neither its applied values nor AWS's defaults list one\): check Service Quotas yourself/);
  });
});

describe('beval run\'s pre-flight', () => {
  it('makes no IAM or Service Quotas call, and loads neither client', async () => {
    emu = await startEmulator({ timing: { stepMs: 20, recordsPerSecond: 5000 } });
    const t: ClientTarget = { region: 'us-east-1', endpoint: emu.endpoint, local: true };
    const real = lazyCheckClients(t);
    const asked: string[] = [];
    const checks: CheckClients = {
      iam: () => (asked.push('iam'), real.iam()),
      serviceQuotas: () => (asked.push('serviceQuotas'), real.serviceQuotas()),
      destroy: () => real.destroy(),
    };
    const clients = { bedrock: bedrockClient(t), s3: s3Client(t), sts: stsClient(t), checks };
    const input = { local: true, bucket: { name: 'beval-local' }, roleArn: ROLE, modelIds: ['beval.arith-v1'], env: {} };
    try {
      const cheap = await preflight(clients, { ...input, full: false });
      expect(asked).toEqual([]);
      expect(cheap.map((c) => c.name)).toEqual(['region', 'identity', 'bucket', 'model beval.arith-v1']);
      const full = await preflight(clients, { ...input, full: true, quotas: { minRecordsPerJob: 100, maxRecordsPerJob: 50_000, maxRecordsPerFile: 50_000, maxBytesPerFile: 1e9, maxBytesPerJob: 5e9, maxConcurrentJobsPerModel: 20 } });
      expect(asked).toEqual(['iam', 'serviceQuotas']);
      expect(full.find((c) => c.name === 'quotas beval.arith-v1')).toEqual({ name: 'quotas beval.arith-v1', state: 'ok', detail: 'as "beval.arith-v1" in us-east-1: 6 of 6 batch quotas match the config' });
    } finally {
      checks.destroy();
      clients.bedrock.destroy();
      clients.s3.destroy();
      clients.sts.destroy();
    }
  });
});

describe('with a Bedrock API key in use', () => {
  it('the simulated identity does not create the jobs: a denied PassRole is a warning that says so', async () => {
    emu = await startEmulator({ timing: { stepMs: 20, recordsPerSecond: 5000 }, denyPassRole: [ROLE] });
    const t: ClientTarget = { region: 'us-east-1', endpoint: emu.endpoint, local: true };
    const checks = lazyCheckClients(t);
    const clients = { bedrock: bedrockClient(t), s3: s3Client(t), sts: stsClient(t), checks };
    try {
      // local: false — judged as on AWS, where the bearer token is honoured.
      const out = await preflight(clients, { local: false, bucket: { name: 'beval-local' }, roleArn: ROLE, modelIds: ['beval.arith-v1'], full: true, env: { AWS_BEARER_TOKEN_BEDROCK: 'x' } });
      const role = out.find((c) => c.name === 'role');
      expect(role?.state).toBe('warn');
      expect(role?.detail).toMatch(/may not pass .* \(implicitDeny\): add to its policy .* — for the identity above; with AWS_BEARER_TOKEN_BEDROCK set, jobs are created as the API key's IAM user, which this does not simulate$/);
      expect(out.find((c) => c.name === 'create jobs')?.state).toBe('ok');
    } finally {
      checks.destroy();
      clients.bedrock.destroy();
      clients.s3.destroy();
      clients.sts.destroy();
    }
  });
});
