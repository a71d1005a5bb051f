// Each fault kind as the SDK client sees it: request-level errors, job-level outcomes and record-level damage.
import { afterEach, describe, expect, it } from 'vitest';
import { GetModelInvocationJobCommand, ListModelInvocationJobsCommand, ServiceQuotaExceededException, ThrottlingException, InternalServerException } from '@aws-sdk/client-bedrock';
import { startEmulator, type EmulatorOptions, type FaultSpec, type RunningEmulator } from '../../src/emulator/index.ts';
import { FAST, additionRecords, clients, createJob, getText, putText, waitTerminal, type Clients } from './helpers.ts';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function setup(faults: FaultSpec[], extra: EmulatorOptions = {}, maxAttempts = 1): Promise<Clients> {
  emu = await startEmulator({ timing: FAST, faults, ...extra });
  const c = clients(emu, { maxAttempts });
  await putText(c, 's3://bucket/in/input.jsonl', additionRecords(120));
  return c;
}

const idOf = (arn: string): string => arn.split('/').pop() ?? '';
const outputText = (c: Clients, arn: string): Promise<string> => getText(c, `s3://bucket/out/${idOf(arn)}/input.jsonl.out`);
const manifest = async (c: Clients, arn: string): Promise<Record<string, number>> => JSON.parse(await getText(c, `s3://bucket/out/${idOf(arn)}/manifest.json.out`)) as Record<string, number>;

describe('request-level faults', () => {
  it.each([
    ['throttle', { kind: 'throttle', n: 1 }, ThrottlingException],
    ['server-error', { kind: 'server-error', n: 1 }, InternalServerException],
    ['quota-exceeded', { kind: 'quota-exceeded', n: 1 }, ServiceQuotaExceededException],
  ] as const)('%s answers the matching exception n times, then recovers', async (_name, spec, errorClass) => {
    const c = await setup([spec as FaultSpec]);
    await expect(createJob(c)).rejects.toBeInstanceOf(errorClass);
    await expect(createJob(c)).resolves.toMatch(/model-invocation-job\//);
    expect(emu?.counters().createCalls).toBe(2);
    expect(emu?.counters().jobsCreated).toBe(1);
  });

  it('is absorbed by SDK retries when n is below maxAttempts', async () => {
    const c = await setup([{ kind: 'throttle', n: 2, op: 'ListModelInvocationJobs' }], {}, 3);
    await expect(c.bedrock.send(new ListModelInvocationJobsCommand({}))).resolves.toBeDefined();
  });

  it('targets only the given op and model', async () => {
    const c = await setup([{ kind: 'throttle', n: 5, op: 'GetModelInvocationJob', model: 'beval.flaky-v1' }]);
    const arith = await createJob(c, { jobName: 'arith' });
    const flaky = await createJob(c, { jobName: 'flaky', modelId: 'beval.flaky-v1' });
    await expect(c.bedrock.send(new GetModelInvocationJobCommand({ jobIdentifier: arith }))).resolves.toBeDefined();
    await expect(c.bedrock.send(new GetModelInvocationJobCommand({ jobIdentifier: flaky }))).rejects.toBeInstanceOf(ThrottlingException);
  });
});

describe('job-level faults', () => {
  it('fail-validation ends Failed with the message', async () => {
    const c = await setup([{ kind: 'fail-validation', message: 'Role cannot read bucket' }]);
    const job = await waitTerminal(c, await createJob(c));
    expect([job.status, job.message]).toEqual(['Failed', 'Role cannot read bucket']);
  });

  it('partially-completed writes only a fraction and says so', async () => {
    const c = await setup([{ kind: 'partially-completed', fraction: 0.5 }]);
    const arn = await createJob(c);
    const job = await waitTerminal(c, arn);
    expect(job.status).toBe('PartiallyCompleted');
    expect([job.totalRecordCount, job.processedRecordCount]).toEqual([120, 60]);
    expect((await outputText(c, arn)).trim().split('\n')).toHaveLength(60);
    expect((await manifest(c, arn)).processedRecordCount).toBe(60);
  });

  it('expired ends Expired with no output', async () => {
    const c = await setup([{ kind: 'expired' }]);
    const arn = await createJob(c);
    const job = await waitTerminal(c, arn);
    expect(job.status).toBe('Expired');
    expect(job.message).toMatch(/did not start before its timeout/);
    await expect(outputText(c, arn)).rejects.toThrow();
  });

  it('slow applies only to the named model', async () => {
    const c = await setup([{ kind: 'slow', model: 'beval.flaky-v1', stepMs: 60_000 }]);
    const fast = await createJob(c, { jobName: 'fast' });
    const slow = await createJob(c, { jobName: 'slow', modelId: 'beval.flaky-v1' });
    expect((await waitTerminal(c, fast)).status).toBe('Completed');
    expect((await c.bedrock.send(new GetModelInvocationJobCommand({ jobIdentifier: slow }))).status).toBe('Submitted');
  });
});

describe('record-level faults', () => {
  it('record-errors adds error lines and counts them', async () => {
    const c = await setup([{ kind: 'record-errors', fraction: 0.3 }]);
    const arn = await createJob(c);
    const job = await waitTerminal(c, arn);
    const lines = (await outputText(c, arn)).trim().split('\n').map((l) => JSON.parse(l) as { error?: { errorCode: number } });
    const errors = lines.filter((l) => l.error);
    expect(errors.length).toBeGreaterThan(15);
    expect(errors.length).toBeLessThan(60);
    expect(job.errorRecordCount).toBe(errors.length);
    expect(job.status).toBe('Completed');
  });

  it('missing-records drops lines and the counts stay honest (processed < total)', async () => {
    const c = await setup([{ kind: 'missing-records', fraction: 0.2 }]);
    const arn = await createJob(c);
    const job = await waitTerminal(c, arn);
    const lines = (await outputText(c, arn)).trim().split('\n');
    expect(lines.length).toBeLessThan(120);
    expect(job.processedRecordCount).toBe(lines.length);
    expect(await manifest(c, arn)).toMatchObject({ totalRecordCount: 120, processedRecordCount: lines.length });
  });

  it('duplicate-lines writes some records twice', async () => {
    const c = await setup([{ kind: 'duplicate-lines', fraction: 0.1 }]);
    const arn = await createJob(c);
    const job = await waitTerminal(c, arn);
    const ids = (await outputText(c, arn)).trim().split('\n').map((l) => (JSON.parse(l) as { recordId: string }).recordId);
    expect(ids.length).toBeGreaterThan(120);
    expect(new Set(ids).size).toBe(120);
    expect(job.processedRecordCount).toBe(120);
  });

  it('malformed-lines corrupts exactly `count` lines', async () => {
    const c = await setup([{ kind: 'malformed-lines', count: 3 }]);
    const arn = await createJob(c);
    await waitTerminal(c, arn);
    const lines = (await outputText(c, arn)).trim().split('\n');
    const bad = lines.filter((l) => {
      try {
        JSON.parse(l);
        return false;
      } catch {
        return true;
      }
    });
    expect(lines).toHaveLength(120);
    expect(bad).toHaveLength(3);
  });

  it('is deterministic for a seed', async () => {
    const errorsFor = async (): Promise<string> => {
      const c = await setup([{ kind: 'record-errors', fraction: 0.3 }], { seed: 11 });
      const arn = await createJob(c);
      await waitTerminal(c, arn);
      const ids = (await outputText(c, arn)).trim().split('\n').map((l) => JSON.parse(l) as { recordId: string; error?: unknown }).filter((l) => l.error).map((l) => l.recordId);
      await emu?.close();
      return ids.sort().join(',');
    };
    expect(await errorsFor()).toBe(await errorsFor());
  });
});
