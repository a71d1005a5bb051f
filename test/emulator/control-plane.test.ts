// Control-plane operations through the real @aws-sdk/client-bedrock: Create/Get/List/Stop, validation, idempotency, errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateModelInvocationJobCommand, GetModelInvocationJobCommand, ListModelInvocationJobsCommand, ResourceNotFoundException,
  StopModelInvocationJobCommand, ValidationException, paginateListModelInvocationJobs,
} from '@aws-sdk/client-bedrock';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { additionRecords, clients, createJob, jobInput, putText, waitTerminal, type Clients } from './helpers.ts';

let emu: RunningEmulator;
let c: Clients;

beforeAll(async () => {
  // Slow steps keep jobs non-terminal while we inspect them; tests that need completion use their own emulator.
  emu = await startEmulator({ timing: { stepMs: 60_000 } });
  c = clients(emu);
});
afterAll(() => emu.close());

describe('CreateModelInvocationJob', () => {
  it('creates a job whose ARN has a 12-char id and is readable by ARN and by bare id', async () => {
    const arn = await createJob(c, { jobName: 'get-by-arn', clientRequestToken: 'tok-get-by-arn', timeoutDurationInHours: 48 });
    expect(arn).toMatch(/^arn:aws:bedrock:us-east-1:123456789012:model-invocation-job\/[a-z0-9]{12}$/);
    const id = arn.split('/').pop() ?? '';
    const byArn = await c.bedrock.send(new GetModelInvocationJobCommand({ jobIdentifier: arn }));
    const byId = await c.bedrock.send(new GetModelInvocationJobCommand({ jobIdentifier: id }));
    for (const job of [byArn, byId]) {
      expect(job.jobArn).toBe(arn);
      expect(job.jobName).toBe('get-by-arn');
      expect(job.status).toBe('Submitted');
      expect(job.modelInvocationType).toBe('Converse');
      expect(job.clientRequestToken).toBe('tok-get-by-arn');
      expect(job.totalRecordCount).toBe(0);
      expect(job.submitTime).toBeInstanceOf(Date);
      expect(job.timeoutDurationInHours).toBe(48);
      expect((job.jobExpirationTime?.getTime() ?? 0) - (job.submitTime?.getTime() ?? 0)).toBe(48 * 3_600_000);
      expect(job.inputDataConfig).toEqual({ s3InputDataConfig: { s3Uri: 's3://bucket/in/input.jsonl' } });
    }
  });

  it('replays the same clientRequestToken without creating a second job', async () => {
    const before = emu.counters();
    const first = await createJob(c, { jobName: 'idem', clientRequestToken: 'same-token-1' });
    const second = await createJob(c, { jobName: 'idem', clientRequestToken: 'same-token-1' });
    expect(second).toBe(first);
    const after = emu.counters();
    expect(after.createCalls - before.createCalls).toBe(2);
    expect(after.jobsCreated - before.jobsCreated).toBe(1);
    expect(after.jobsByModel['beval.arith-v1']).toBe(after.jobsCreated);
  });

  it('rejects a reused job name with a different token', async () => {
    await createJob(c, { jobName: 'dup-name', clientRequestToken: 'dup-a' });
    const err = await createJob(c, { jobName: 'dup-name', clientRequestToken: 'dup-b' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationException);
    expect((err as Error).message).toBe('The provided job name is currently in use.');
  });

  it.each([
    ['jobName with underscore', { jobName: 'bad_name' }, "at 'jobName'"],
    ['jobName too long', { jobName: 'a'.repeat(64) }, "at 'jobName'"],
    ['roleArn', { roleArn: 'not-an-arn' }, "at 'roleArn'"],
    ['modelId uppercase', { modelId: 'Beval.Arith-V1' }, "at 'modelId'"],
    ['modelId with 4 dot segments', { modelId: 'us.openai.gpt-5.6-sol' }, "at 'modelId'"],
    ['input URI with colon', { inputDataConfig: { s3InputDataConfig: { s3Uri: 's3://bucket/in/2026-03-01T00:00/' } } }, "at 'inputDataConfig.s3InputDataConfig.s3Uri'"],
    ['output URI not s3', { outputDataConfig: { s3OutputDataConfig: { s3Uri: 'https://bucket/out/' } } }, "at 'outputDataConfig.s3OutputDataConfig.s3Uri'"],
    ['timeout below 24', { timeoutDurationInHours: 12 }, "at 'timeoutDurationInHours'"],
    ['timeout above 168', { timeoutDurationInHours: 169 }, "at 'timeoutDurationInHours'"],
    ['token with underscore', { clientRequestToken: 'bad_token' }, "at 'clientRequestToken'"],
    ['invocation type', { modelInvocationType: 'Streaming' as 'Converse' }, "at 'modelInvocationType'"],
    ['tag key with the reserved aws: prefix', { tags: [{ key: 'team', value: 'a' }, { key: 'AWS:team', value: 'b' }] }, "at 'tags.2.member.key'"],
  ])('rejects %s with ValidationException', async (_name, overrides, where) => {
    const err = await createJob(c, overrides).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationException);
    expect((err as Error).message).toContain(where);
    expect((err as Error).message).toMatch(/^\d+ validation errors? detected: /);
  });

  it('rejects a union with no member', async () => {
    const err = await c.bedrock.send(new CreateModelInvocationJobCommand({ ...jobInput(), inputDataConfig: {} as never })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationException);
    expect((err as Error).message).toContain("at 'inputDataConfig'");
  });

  it('rejects a model batch does not support', async () => {
    const err = await createJob(c, { modelId: 'anthropic.claude-unknown-v9' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationException);
    expect((err as Error).message).toBe('Batch inference is not supported for the requested model.');
  });

  it.each([
    ['foundation-model ARN', 'arn:aws:bedrock:us-east-1::foundation-model/beval.verbose-v1'],
    ['system inference profile', 'us.beval.flaky-v1'],
  ])('accepts a %s for a built-in model', async (_name, modelId) => {
    await expect(createJob(c, { modelId, jobName: `alias-${modelId.length}` })).resolves.toMatch(/model-invocation-job\//);
  });
});

describe('GetModelInvocationJob / StopModelInvocationJob errors', () => {
  it('answers ResourceNotFoundException for an unknown id and ValidationException for a malformed one', async () => {
    await expect(c.bedrock.send(new GetModelInvocationJobCommand({ jobIdentifier: 'zzzzzzzzzzzz' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(c.bedrock.send(new GetModelInvocationJobCommand({ jobIdentifier: 'my-job-name' }))).rejects.toBeInstanceOf(ValidationException);
  });

  it('stops a queued job (200, then Stopping) and refuses to stop it again', async () => {
    const arn = await createJob(c, { jobName: 'stop-me' });
    const out = await c.bedrock.send(new StopModelInvocationJobCommand({ jobIdentifier: arn }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    const job = await c.bedrock.send(new GetModelInvocationJobCommand({ jobIdentifier: arn }));
    expect(job.status).toBe('Stopping');
    await expect(c.bedrock.send(new StopModelInvocationJobCommand({ jobIdentifier: arn }))).rejects.toBeInstanceOf(ValidationException);
  });
});

describe('ListModelInvocationJobs', () => {
  it('filters by name, status and submit time, sorts and paginates', async () => {
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.push(await createJob(c, { jobName: `listme-${i}` }));
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateListModelInvocationJobs({ client: c.bedrock, pageSize: 3 }, { nameContains: 'listme' })) {
      pages++;
      seen.push(...(page.invocationJobSummaries ?? []).map((s) => s.jobArn ?? ''));
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([...made].reverse());

    const asc = await c.bedrock.send(new ListModelInvocationJobsCommand({ nameContains: 'listme', sortOrder: 'Ascending', sortBy: 'CreationTime' }));
    expect(asc.invocationJobSummaries?.map((s) => s.jobArn)).toEqual(made);
    expect(asc.invocationJobSummaries?.[0]?.jobName).toBe('listme-0');
    expect(asc.nextToken).toBeUndefined();

    const none = await c.bedrock.send(new ListModelInvocationJobsCommand({ nameContains: 'listme', statusEquals: 'Completed' }));
    expect(none.invocationJobSummaries ?? []).toEqual([]);
    const future = await c.bedrock.send(new ListModelInvocationJobsCommand({ nameContains: 'listme', submitTimeAfter: new Date(Date.now() + 60_000) }));
    expect(future.invocationJobSummaries ?? []).toEqual([]);
    const past = await c.bedrock.send(new ListModelInvocationJobsCommand({ nameContains: 'listme', submitTimeBefore: new Date(Date.now() + 60_000), submitTimeAfter: new Date(0) }));
    expect(past.invocationJobSummaries).toHaveLength(7);
  });

  it.each([
    ['maxResults 0', { maxResults: 0 }],
    ['maxResults 1001', { maxResults: 1001 }],
    ['bad nextToken', { nextToken: 'garbage' }],
  ])('rejects %s', async (_name, input) => {
    await expect(c.bedrock.send(new ListModelInvocationJobsCommand(input))).rejects.toBeInstanceOf(ValidationException);
  });
});

describe('Stop on a terminal job', () => {
  it('answers ValidationException naming the actual state', async () => {
    const fast = await startEmulator({ timing: { stepMs: 5, recordsPerSecond: 10_000 }, minRecordsPerJob: 1 });
    try {
      const fc = clients(fast);
      await putText(fc, 's3://bucket/in/input.jsonl', additionRecords(3));
      const arn = await createJob(fc);
      expect((await waitTerminal(fc, arn)).status).toBe('Completed');
      const err = await fc.bedrock.send(new StopModelInvocationJobCommand({ jobIdentifier: arn })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationException);
      expect((err as Error).message).toContain('State was: Completed');
    } finally {
      await fast.close();
    }
  });
});

describe('the invocation type on the wire', () => {
  it('reaches beval\'s job view through the SDK: Converse when sent, InvokeModel when an old SDK dropped it', async () => {
    const { startEmulator } = await import('../../src/emulator/index.ts');
    const { bedrockClient } = await import('../../src/aws/clients.ts');
    const { createBatchPort } = await import('../../src/aws/batch-port.ts');
    const { CreateModelInvocationJobCommand } = await import('@aws-sdk/client-bedrock');
    const e = await startEmulator({ timing: { stepMs: 60_000 } });
    const client = bedrockClient({ region: 'us-east-1', endpoint: e.endpoint, local: true });
    try {
      const port = createBatchPort(client);
      const io = { roleArn: 'arn:aws:iam::123456789012:role/R', inputUri: 's3://bkt/in/', outputUri: 's3://bkt/out/', timeoutHours: 24, tags: {} };
      const converse = await port.createJob({ jobName: 'typed', clientRequestToken: 'typed', modelId: 'beval.arith-v1', ...io });
      expect((await port.getJob(converse)).invocationType).toBe('Converse');
      // What an SDK older than 3.1000.0 sends: no modelInvocationType at all.
      const old = await client.send(new CreateModelInvocationJobCommand({
        jobName: 'untyped', modelId: 'beval.arith-v1', roleArn: io.roleArn,
        inputDataConfig: { s3InputDataConfig: { s3Uri: io.inputUri } }, outputDataConfig: { s3OutputDataConfig: { s3Uri: io.outputUri } },
      }));
      expect((await port.getJob(old.jobArn!)).invocationType).toBe('InvokeModel');
    } finally {
      client.destroy();
      await e.close();
    }
  });
});
