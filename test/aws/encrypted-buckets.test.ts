// s3.kmsKeyId, s3.bucketOwner and vpcConfig: sent on every S3 call and on both S3 configs of the job, end to end through
// the real SDK against an emulator whose buckets enforce them (a KMS-only bucket policy, a bucket of another account).
import { afterEach, describe, expect, it } from 'vitest';
import { BedrockClient, GetModelInvocationJobCommand } from '@aws-sdk/client-bedrock';
import { main } from '../../src/cli/main.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { resolveConfig } from '../../src/config/resolve.ts';
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

const FAST = { stepMs: 20, recordsPerSecond: 5000 };
const OTHER_ACCOUNT = '210987654321';

async function runWith(s3: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  emu = await startEmulator({ timing: FAST, bucketSettings: { enc: { kmsKeyId: 'alias/evals' }, xacct: { owner: OTHER_ACCOUNT } } });
  project = tempProject({ models: [{ id: 'beval.arith-v1', label: 'arith' }], target: { kind: 'emulator', endpoint: emu.endpoint }, s3, ...extra }, arithmeticSuite(100));
  const io = captureIo(project.dir);
  const code = await main(['run', '-c', project.config], io);
  return { code, io };
}

async function job(arn: string) {
  const client = new BedrockClient({ region: 'us-east-1', endpoint: emu!.endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  try {
    return await client.send(new GetModelInvocationJobCommand({ jobIdentifier: arn }));
  } finally {
    client.destroy();
  }
}

describe('a bucket whose policy requires SSE-KMS', () => {
  it('runs with s3.kmsKeyId: uploads with SSE-KMS and the job writes its outputs with the key', async () => {
    const { code, io } = await runWith({ bucket: 'enc', kmsKeyId: 'alias/evals' });
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const out = await job(emu!.jobs()[0]!.jobArn);
    expect(out.outputDataConfig?.s3OutputDataConfig?.s3EncryptionKeyId).toBe('alias/evals');
  }, 60_000);

  it('without it, the upload is refused before any job exists', async () => {
    const { code, io } = await runWith({ bucket: 'enc' });
    expect(code).toBe(1);
    expect(io.err()).toMatch(/S3 refused the input upload: AccessDenied: .*explicit deny.* \(request id [0-9a-f-]+\)/);
    expect(emu!.counters().jobsCreated).toBe(0);
  }, 60_000);
});

describe('a bucket of another account', () => {
  it('runs with s3.bucketOwner, sent as ExpectedBucketOwner and as s3BucketOwner on both job configs', async () => {
    const { code } = await runWith({ bucket: 'xacct', bucketOwner: OTHER_ACCOUNT });
    expect(code).toBe(0);
    const out = await job(emu!.jobs()[0]!.jobArn);
    expect(out.inputDataConfig?.s3InputDataConfig?.s3BucketOwner).toBe(OTHER_ACCOUNT);
    expect(out.outputDataConfig?.s3OutputDataConfig?.s3BucketOwner).toBe(OTHER_ACCOUNT);
  }, 60_000);

  it('without it, the pre-flight names the fix and nothing is planned', async () => {
    const { code, io } = await runWith({ bucket: 'xacct' });
    expect(code).toBe(1);
    expect(io.err()).toContain('bucket xacct: access denied');
    expect(io.err()).toContain('set s3.bucketOwner');
    expect(emu!.counters().putObjectCalls).toBe(0);
  }, 60_000);
});

describe('vpcConfig', () => {
  it('is sent with the job', async () => {
    const vpcConfig = { subnetIds: ['subnet-0abc'], securityGroupIds: ['sg-0def'] };
    const { code } = await runWith({ bucket: 'plain' }, { vpcConfig });
    expect(code).toBe(0);
    expect((await job(emu!.jobs()[0]!.jobArn)).vpcConfig).toEqual(vpcConfig);
  }, 60_000);

  it('and the new fields are checked when the config is read, with a suggestion for a typo', () => {
    const base = { suite: 's.jsonl', models: [{ id: 'beval.arith-v1' }] };
    expect(() => resolveConfig({ ...base, s3: { bucket: 'b-b', bucketOwner: '12345' } }, '/p/c.ts')).toThrow(/s3\.bucketOwner: expected the 12-digit account id/);
    expect(() => resolveConfig({ ...base, s3: { bucket: 'b-b', kmsKeyId: 'not a key' } }, '/p/c.ts')).toThrow(/s3\.kmsKeyId/);
    expect(() => resolveConfig({ ...base, s3: { bucket: 'b-b', kmsKeyID: 'alias/x' } }, '/p/c.ts')).toThrow(/s3\.kmsKeyID: unknown field \(did you mean "kmsKeyId"\?\)/);
    expect(() => resolveConfig({ ...base, vpcConfig: { subnetIds: [] , securityGroupIds: ['sg-1'] } }, '/p/c.ts')).toThrow(/vpcConfig\.subnetIds: expected 1 to 16 ids/);
    expect(() => resolveConfig({ ...base, vpcConfig: { subnetIDs: ['s'] } }, '/p/c.ts')).toThrow(/vpcConfig\.subnetIDs: unknown field \(did you mean "subnetIds"\?\)/);
  });
});
