// Shared builders for emulator tests: real SDK clients pointed at a running emulator, and suite records.
import { BedrockClient, CreateModelInvocationJobCommand, GetModelInvocationJobCommand, type CreateModelInvocationJobCommandInput, type GetModelInvocationJobCommandOutput } from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { RunningEmulator } from '../../src/emulator/index.ts';

const credentials = { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'emulator-secret' };

export function clients(emu: RunningEmulator, opts: { maxAttempts?: number } = {}) {
  const common = { endpoint: emu.endpoint, region: 'us-east-1', credentials, maxAttempts: opts.maxAttempts ?? 1 };
  return {
    bedrock: new BedrockClient(common),
    runtime: new BedrockRuntimeClient(common),
    s3: new S3Client({ ...common, forcePathStyle: true }),
  };
}

export type Clients = ReturnType<typeof clients>;

/** One Converse batch record with a user prompt. */
export function record(recordId: string, text: string, maxTokens = 512): string {
  return JSON.stringify({ recordId, modelInput: { messages: [{ role: 'user', content: [{ text }] }], inferenceConfig: { maxTokens } } });
}

/** `n` addition records `r0001`… whose answers are i + 7. */
export function additionRecords(n: number): string {
  return Array.from({ length: n }, (_, i) => record(`r${String(i + 1).padStart(4, '0')}`, `What is ${i + 1} + 7?`)).join('\n') + '\n';
}

export async function putText(c: Clients, uri: string, body: string): Promise<void> {
  const [bucket, ...key] = uri.replace('s3://', '').split('/');
  await c.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key.join('/'), Body: body }));
}

export async function getText(c: Clients, uri: string): Promise<string> {
  const [bucket, ...key] = uri.replace('s3://', '').split('/');
  const out = await c.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key.join('/') }));
  return (await out.Body?.transformToString('utf8')) ?? '';
}

export function jobInput(overrides: Partial<CreateModelInvocationJobCommandInput> = {}): CreateModelInvocationJobCommandInput {
  return {
    jobName: 'test-job',
    roleArn: 'arn:aws:iam::123456789012:role/BedrockBatchRole',
    modelId: 'beval.arith-v1',
    inputDataConfig: { s3InputDataConfig: { s3Uri: 's3://bucket/in/input.jsonl' } },
    outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://bucket/out/' } },
    modelInvocationType: 'Converse',
    ...overrides,
  };
}

export async function createJob(c: Clients, overrides: Partial<CreateModelInvocationJobCommandInput> = {}): Promise<string> {
  const out = await c.bedrock.send(new CreateModelInvocationJobCommand(jobInput(overrides)));
  return out.jobArn ?? '';
}

const TERMINAL = new Set(['Completed', 'Failed', 'Stopped', 'PartiallyCompleted', 'Expired']);

/** Polls Get until the job is terminal (bounded by iterations, not wall time assertions). */
export async function waitTerminal(c: Clients, jobArn: string, pollMs = 20): Promise<GetModelInvocationJobCommandOutput> {
  for (let i = 0; i < 3000; i++) {
    const job = await c.bedrock.send(new GetModelInvocationJobCommand({ jobIdentifier: jobArn }));
    if (job.status && TERMINAL.has(job.status)) return job;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  throw new Error(`job ${jobArn} did not finish`);
}

/** Polls until the job reaches `status` (for Stop tests). */
export async function waitStatus(c: Clients, jobArn: string, status: string, pollMs = 5): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    const job = await c.bedrock.send(new GetModelInvocationJobCommand({ jobIdentifier: jobArn }));
    if (job.status === status) return;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  throw new Error(`job ${jobArn} never reached ${status}`);
}

export const FAST = { stepMs: 10, recordsPerSecond: 5000 };
