// Places where the emulator once was kinder than AWS: input quotas checked in Validating, the per-model concurrency
// quota at Create, Converse's conversation rules per record, and S3 on a missing bucket.
import { afterEach, describe, expect, it } from 'vitest';
import { AccessDeniedException, ConflictException, GetModelInvocationJobCommand, ServiceQuotaExceededException, StopModelInvocationJobCommand } from '@aws-sdk/client-bedrock';
import { AccessDeniedException as RuntimeAccessDeniedException, ConverseCommand, ValidationException, type Message } from '@aws-sdk/client-bedrock-runtime';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.ts';
import { FAST, additionRecords, clients, createJob, getText, putText, waitTerminal, type Clients } from './helpers.ts';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function setup(options: EmulatorOptions = {}): Promise<Clients> {
  emu = await startEmulator({ timing: FAST, minRecordsPerJob: 1, ...options });
  return clients(emu);
}

const idOf = (arn: string): string => arn.split('/').pop() ?? '';
const inputAt = (uri: string) => ({ inputDataConfig: { s3InputDataConfig: { s3Uri: uri } } });

describe('input quotas checked during Validating', () => {
  it.each([
    ['records per job, summed over the files of a folder', { maxRecordsPerJob: 100 }, [60, 50], /110 records, more than the maximum of 100 records per batch inference job/],
    ['records per input file', { maxRecordsPerFile: 50 }, [60, 10], /a\.jsonl contains 60 records, more than the maximum of 50 records per input file/],
    ['bytes per input file', { maxBytesPerFile: 5_000 }, [60, 10], /a\.jsonl is \d+ bytes, more than the maximum of 5000 bytes per input file/],
    ['bytes per job', { maxBytesPerJob: 8_000 }, [50, 40], /input is \d+ bytes, more than the maximum of 8000 bytes per batch inference job/],
  ])('fails a job over the %s', async (_name, quotas, sizes, message) => {
    const c = await setup({ quotas });
    await putText(c, 's3://quota/in/a.jsonl', additionRecords(sizes[0] ?? 0));
    await putText(c, 's3://quota/in/b.jsonl', additionRecords(sizes[1] ?? 0).replace(/"r0/g, '"b0'));
    const job = await waitTerminal(c, await createJob(c, inputAt('s3://quota/in/')));
    expect(job.status).toBe('Failed');
    expect(job.message).toMatch(message);
    expect(job.totalRecordCount).toBe(0);
  });

  it('runs a job exactly at the limits', async () => {
    const c = await setup({ quotas: { maxRecordsPerJob: 110, maxRecordsPerFile: 60 } });
    await putText(c, 's3://quota/in/a.jsonl', additionRecords(60));
    await putText(c, 's3://quota/in/b.jsonl', additionRecords(50).replace(/"r0/g, '"b0'));
    const job = await waitTerminal(c, await createJob(c, inputAt('s3://quota/in/')));
    expect([job.status, job.totalRecordCount]).toEqual(['Completed', 110]);
  });
});

describe('concurrent jobs per model (Create)', () => {
  it('refuses a Create past the quota with ServiceQuotaExceededException, per model, counting Stopping jobs', async () => {
    const c = await setup({ quotas: { maxConcurrentJobsPerModel: 2 }, timing: { stepMs: 60_000 } });
    const first = await createJob(c, { jobName: 'conc-1', clientRequestToken: 'conc-1' });
    await createJob(c, { jobName: 'conc-2' });
    const err = await createJob(c, { jobName: 'conc-3' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceQuotaExceededException);
    expect((err as Error).message).toContain('beval.arith-v1');
    // The refused request created nothing; a replayed token still answers with its job; other models have their own quota.
    expect(emu?.counters().jobsCreated).toBe(2);
    await expect(createJob(c, { jobName: 'conc-1', clientRequestToken: 'conc-1' })).resolves.toBe(first);
    await expect(createJob(c, { jobName: 'conc-other', modelId: 'beval.verbose-v1' })).resolves.toMatch(/model-invocation-job\//);
    // Stopping still counts (the job is not finished); Stopped does not.
    await c.bedrock.send(new StopModelInvocationJobCommand({ jobIdentifier: first }));
    await expect(createJob(c, { jobName: 'conc-4' })).rejects.toBeInstanceOf(ServiceQuotaExceededException);
  });

  it('counts only unfinished jobs', async () => {
    const c = await setup({ quotas: { maxConcurrentJobsPerModel: 1 } });
    await putText(c, 's3://quota/in/a.jsonl', additionRecords(3));
    const first = await createJob(c, { jobName: 'seq-1', ...inputAt('s3://quota/in/a.jsonl') });
    await waitTerminal(c, first);
    await expect(createJob(c, { jobName: 'seq-2', ...inputAt('s3://quota/in/a.jsonl') })).resolves.toMatch(/model-invocation-job\//);
  });
});

const user = (text: string): Message => ({ role: 'user', content: [{ text }] });
const assistant = (text: string): Message => ({ role: 'assistant', content: [{ text }] });

const CONVERSATION_CASES: Array<[string, Message[], Record<string, unknown> | undefined, RegExp]> = [
  ['an assistant message first', [assistant('Hi.'), user('What is 1 + 1?')], undefined, /^A conversation must start with a user message\./],
  ['two user messages in a row', [user('What is 1 + 1?'), user('And 2 + 2?')], undefined, /^A conversation must alternate between user and assistant roles\./],
  ['a message with no content blocks', [{ role: 'user', content: [] }], undefined, /^The content field in the Message object at messages\.0 is empty\./],
  ['an empty text block', [user('What is 1 + 1?'), assistant('Sure.'), { role: 'user', content: [{ text: 'x' }, { text: '' }] }], undefined, /^The text field in the ContentBlock object at messages\.2\.content\.1 is blank\./],
  ['temperature above 1', [user('What is 1 + 1?')], { temperature: 1.5 }, /at 'inferenceConfig\.temperature' failed to satisfy constraint: Member must have value less than or equal to 1/],
  ['topP below 0', [user('What is 1 + 1?')], { topP: -0.1 }, /at 'inferenceConfig\.topP' failed to satisfy constraint: Member must have value greater than or equal to 0/],
];

describe("Converse's conversation rules", () => {
  it('turns each violation into a per-record 400 in a batch job that still completes', async () => {
    const c = await setup({ minRecordsPerJob: 100 });
    const bad = CONVERSATION_CASES.map(([, messages, inferenceConfig], i) => JSON.stringify({ recordId: `bad${i}`, modelInput: { messages, ...(inferenceConfig ? { inferenceConfig } : {}) } }));
    const multiTurn = JSON.stringify({ recordId: 'multi', modelInput: { messages: [user('What is 1 + 1?'), assistant('2'), user('What is 2 + 2?')] } });
    await putText(c, 's3://conv/in.jsonl', `${additionRecords(100)}${[...bad, multiTurn].join('\n')}\n`);
    const arn = await createJob(c, inputAt('s3://conv/in.jsonl'));
    const job = await waitTerminal(c, arn);
    expect([job.status, job.successRecordCount, job.errorRecordCount]).toEqual(['Completed', 101, CONVERSATION_CASES.length]);
    const lines = (await getText(c, `s3://bucket/out/${idOf(arn)}/in.jsonl.out`)).split('\n').filter((l) => l !== '');
    const byId = new Map(lines.map((l) => JSON.parse(l) as { recordId: string; error?: { errorCode: number; errorMessage: string } }).map((l) => [l.recordId, l]));
    CONVERSATION_CASES.forEach(([, , , message], i) => {
      expect(byId.get(`bad${i}`)?.error?.errorCode).toBe(400);
      expect(byId.get(`bad${i}`)?.error?.errorMessage).toMatch(message);
    });
    expect(byId.get('multi')?.error).toBeUndefined();
  });

  it.each(CONVERSATION_CASES)('answers %s on the runtime path with ValidationException', async (_name, messages, inferenceConfig, message) => {
    const c = await setup();
    const err = await c.runtime.send(new ConverseCommand({ modelId: 'beval.arith-v1', messages, ...(inferenceConfig ? { inferenceConfig } : {}) })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationException);
    expect((err as Error).message).toMatch(message);
  });
});

describe('buckets: only the listed buckets exist', () => {
  it('answers PutObject to another bucket with NoSuchBucket until it is created', async () => {
    const c = await setup({ buckets: ['beval-data'] });
    await c.s3.send(new PutObjectCommand({ Bucket: 'beval-data', Key: 'a.txt', Body: 'x' }));
    const err = await c.s3.send(new PutObjectCommand({ Bucket: 'beval-typo', Key: 'a.txt', Body: 'x' })).catch((e: unknown) => e);
    expect((err as S3ServiceException).name).toBe('NoSuchBucket');
    expect((err as S3ServiceException).$metadata.httpStatusCode).toBe(404);
    expect(emu?.counters().putObjectCalls).toBe(2);
    await c.s3.send(new CreateBucketCommand({ Bucket: 'beval-typo' }));
    await expect(c.s3.send(new PutObjectCommand({ Bucket: 'beval-typo', Key: 'a.txt', Body: 'x' }))).resolves.toBeDefined();
  });

  it('fails a job whose output bucket does not exist during Validating, writing nothing', async () => {
    const c = await setup({ buckets: ['beval-data'] });
    await putText(c, 's3://beval-data/in.jsonl', additionRecords(3));
    const arn = await createJob(c, { ...inputAt('s3://beval-data/in.jsonl'), outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://beval-missing/out/' } } });
    const job = await waitTerminal(c, arn);
    expect(job.status).toBe('Failed');
    expect(job.message).toMatch(/output S3 location s3:\/\/beval-missing\/out\//);
    const err = await getText(c, 's3://beval-missing/out/manifest.json.out').catch((e: unknown) => e);
    expect((err as S3ServiceException).name).toBe('NoSuchBucket');
  });
});

describe('S3 on a missing bucket', () => {
  it('answers DeleteObject with NoSuchBucket', async () => {
    const c = await setup();
    const err = await c.s3.send(new DeleteObjectCommand({ Bucket: 'never-made', Key: 'k' })).catch((e: unknown) => e);
    expect((err as S3ServiceException).name).toBe('NoSuchBucket');
    expect((err as S3ServiceException).$metadata.httpStatusCode).toBe(404);
  });
});

describe('AccessDeniedException (access-denied fault)', () => {
  it('answers 403 AccessDeniedException, which the SDK does not retry, n times for the matching op', async () => {
    emu = await startEmulator({ timing: FAST, faults: [{ kind: 'access-denied', n: 1, op: 'CreateModelInvocationJob' }, { kind: 'access-denied', n: 1, op: 'Converse' }] });
    const c = clients(emu, { maxAttempts: 3 });
    const err = await createJob(c, { jobName: 'denied' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccessDeniedException);
    expect((err as AccessDeniedException).$metadata.httpStatusCode).toBe(403);
    expect((err as AccessDeniedException).$metadata.attempts).toBe(1);
    expect((err as Error).message).toContain('iam:PassRole');
    expect(emu.counters().jobsCreated).toBe(0);
    await expect(createJob(c, { jobName: 'denied' })).resolves.toMatch(/model-invocation-job\//);
    await expect(c.runtime.send(new ConverseCommand({ modelId: 'beval.arith-v1', messages: [user('What is 1 + 1?')] }))).rejects.toBeInstanceOf(RuntimeAccessDeniedException);
  });
});

describe('clientRequestToken reused with different parameters', () => {
  it('returns the original job by default (the documented "ignores the request")', async () => {
    const c = await setup({ timing: { stepMs: 60_000 } });
    const first = await createJob(c, { jobName: 'tok-a', clientRequestToken: 'reused-token' });
    await expect(createJob(c, { jobName: 'tok-b', clientRequestToken: 'reused-token', modelId: 'beval.verbose-v1' })).resolves.toBe(first);
    expect(emu?.counters().jobsCreated).toBe(1);
  });

  it("answers ConflictException with idempotencyMismatch: 'conflict', and still replays an identical request", async () => {
    const c = await setup({ timing: { stepMs: 60_000 }, idempotencyMismatch: 'conflict' });
    const first = await createJob(c, { jobName: 'tok-a', clientRequestToken: 'reused-token', tags: [{ key: 'team', value: 'x' }] });
    await expect(createJob(c, { jobName: 'tok-a', clientRequestToken: 'reused-token', tags: [{ key: 'team', value: 'x' }] })).resolves.toBe(first);
    const err = await createJob(c, { jobName: 'tok-a', clientRequestToken: 'reused-token', tags: [{ key: 'team', value: 'y' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictException);
    expect((err as Error).message).toContain('reused-token');
    expect(emu?.counters().jobsCreated).toBe(1);
    expect((await c.bedrock.send(new GetModelInvocationJobCommand({ jobIdentifier: first }))).jobName).toBe('tok-a');
  });
});

describe('default concurrency quota', () => {
  it('refuses the 21st unfinished job of one model by default (the 20 AWS reports), not the 101st', async () => {
    const c = await setup({ timing: { stepMs: 60_000 } });
    for (let i = 1; i <= 20; i++) await createJob(c, { jobName: `dflt-${i}` });
    await expect(createJob(c, { jobName: 'dflt-21' })).rejects.toBeInstanceOf(ServiceQuotaExceededException);
    expect(emu?.counters().jobsCreated).toBe(20);
  });
});
