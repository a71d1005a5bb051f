// The run stages against in-memory ports: error classification, deferral at create, polling through errors, adoption.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNotFound, isQuotaExceeded, isTransient } from '../../src/run/service-errors.ts';
import { submitRound } from '../../src/run/submit.ts';
import { pollRound } from '../../src/run/wait.ts';
import { downloadOutputs } from '../../src/run/download.ts';
import { forgetRemoteState, readLedger } from '../../src/run/ledger.ts';
import { planRun } from '../../src/run/plan.ts';
import { loadSuite } from '../../src/suite/load-suite.ts';
import { resolveConfig } from '../../src/config/resolve.ts';
import { parseCrashPoint, type CrashPoint } from '../../src/run/crash-points.ts';
import { BevalError } from '../../src/errors.ts';
import type { RunContext } from '../../src/run/context.ts';
import type { BatchPort, BlobPort, JobView } from '../../src/types/ports.ts';
import { ARITH, writeProject } from './helpers.ts';
import { adviceFor } from '../../src/advice.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const err = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`${name} happened`), { name, ...extra });

describe('service error classification', () => {
  it.each([
    ['ThrottlingException', err('ThrottlingException'), { transient: true, quota: false, notFound: false }],
    ['InternalServerException', err('InternalServerException'), { transient: true, quota: false, notFound: false }],
    ['any 503', err('Weird', { $metadata: { httpStatusCode: 503 } }), { transient: true, quota: false, notFound: false }],
    ['connection refused', err('Error', { code: 'ECONNREFUSED' }), { transient: true, quota: false, notFound: false }],
    ['ServiceQuotaExceededException', err('ServiceQuotaExceededException', { $metadata: { httpStatusCode: 400 } }), { transient: false, quota: true, notFound: false }],
    ['ValidationException', err('ValidationException', { $metadata: { httpStatusCode: 400 } }), { transient: false, quota: false, notFound: false }],
    ['ResourceNotFoundException', err('ResourceNotFoundException', { $metadata: { httpStatusCode: 404 } }), { transient: false, quota: false, notFound: true }],
    ['a string', 'boom', { transient: false, quota: false, notFound: false }],
  ])('%s', (_name, e, expected) => {
    expect({ transient: isTransient(e), quota: isQuotaExceeded(e), notFound: isNotFound(e) }).toEqual(expected);
  });

  it('parses crash point names and refuses others with the list', () => {
    expect(parseCrashPoint('while-waiting')).toBe('while-waiting');
    expect(() => parseCrashPoint('later')).toThrow(/use one of after-upload, after-create-before-ledger, while-waiting/);
  });
});

/** In-memory ports: a create script (errors to throw first), and jobs whose Get answers from a queue. */
function memoryPorts(opts: { createErrors?: Error[]; getErrors?: Error[]; findErrors?: Error[]; putErrors?: Error[]; listErrors?: Error[]; existing?: Record<string, string> } = {}) {
  const objects = new Map<string, Buffer>();
  const jobs = new Map<string, JobView>();
  const calls = { put: 0, create: 0, find: 0 };
  const createErrors = [...(opts.createErrors ?? [])];
  const getErrors = [...(opts.getErrors ?? [])];
  const findErrors = [...(opts.findErrors ?? [])];
  const putErrors = [...(opts.putErrors ?? [])];
  const listErrors = [...(opts.listErrors ?? [])];
  for (const [name, arn] of Object.entries(opts.existing ?? {})) jobs.set(arn, { arn, name, status: 'InProgress', counts: {}, invocationType: 'Converse' });
  const batch: BatchPort = {
    async createJob(req) {
      calls.create++;
      const e = createErrors.shift();
      if (e) throw e;
      const arn = `arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/${String(jobs.size).padStart(12, 'a')}`;
      jobs.set(arn, { arn, name: req.jobName, status: 'Submitted', counts: {}, invocationType: 'Converse' });
      return arn;
    },
    async getJob(arn) {
      const e = getErrors.shift();
      if (e) throw e;
      return jobs.get(arn)!;
    },
    async findJobByName(name) {
      calls.find++;
      const e = findErrors.shift();
      if (e) throw e;
      return [...jobs.values()].find((j) => j.name === name);
    },
    async stopJob() {
      return 'stopping';
    },
  };
  const blobs: BlobPort = {
    async head(uri) {
      const b = objects.get(uri);
      return b ? { size: b.length } : undefined;
    },
    async put(uri, file) {
      const e = putErrors.shift();
      if (e) throw e;
      calls.put++;
      objects.set(uri, fs.readFileSync(file));
    },
    async copy(source, target) {
      const b = objects.get(source);
      if (!b) throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
      objects.set(target, b);
    },
    async list() {
      const e = listErrors.shift();
      if (e) throw e;
      return [];
    },
    async download() { return { bytes: 0, sha256: "" }; },
  };
  return { batch, blobs, jobs, calls };
}

function context(ports: ReturnType<typeof memoryPorts>, crashes: CrashPoint[] = []): { ctx: RunContext; warnings: string[] } {
  const dir = tempDir('stages');
  const configPath = writeProject(dir, 120, { models: [ARITH] });
  const config = resolveConfig({ suite: 'suite.jsonl', models: [ARITH] }, configPath);
  const runDir = path.join(dir, 'reports', 'r1');
  const ledger = planRun(config, loadSuite(config.suite), 'r1', runDir);
  const warnings: string[] = [];
  const ctx: RunContext = {
    config, dir: runDir, ledger, batch: ports.batch, blobs: ports.blobs,
    log: { info: () => {}, warn: (l) => warnings.push(l) },
    clock: { now: () => Date.parse('2026-01-01T00:00:00Z'), sleep: async () => {} },
    crashAt: (p) => crashes.push(p), advice: adviceFor(),
  };
  return { ctx, warnings };
}

describe('submitRound', () => {
  it.each([
    ['ServiceQuotaExceededException', err('ServiceQuotaExceededException')],
    ['throttling that outlasted the SDK retries', err('ThrottlingException')],
  ])('defers the shard on %s, warns once, and creates it on a later round', async (_n, e) => {
    const ports = memoryPorts({ createErrors: [e, e] });
    const { ctx, warnings } = context(ports);
    expect(await submitRound(ctx)).toMatchObject({ created: 0, quotaDeferred: 1 });
    expect(readLedger(ctx.dir).models[0]!.shards[0]!.deferred).toMatch(new RegExp(e.name));
    expect(await submitRound(ctx)).toMatchObject({ created: 0, quotaDeferred: 1 });
    expect(await submitRound(ctx)).toMatchObject({ created: 1, quotaDeferred: 0 });
    expect(warnings).toHaveLength(1);
    expect(ports.calls).toMatchObject({ put: 1, create: 3 });
    const shard = readLedger(ctx.dir).models[0]!.shards[0]!;
    expect(shard.deferred).toBeUndefined();
    expect(shard.jobArn).toBeDefined();
    expect(readLedger(ctx.dir).phase).toBe('submitted');
  });

  it('stops on errors that retrying cannot fix while no job exists, saying whether S3 or Bedrock refused', async () => {
    const { ctx } = context(memoryPorts({ createErrors: [err('AccessDeniedException')] }));
    await expect(submitRound(ctx)).rejects.toThrow(/nothing is billed:\n  arith shard 0 \(beval\.arith-v1\): CreateModelInvocationJob was refused: AccessDeniedException/);
    const upload = context(memoryPorts({ putErrors: [err('AccessDenied', { $metadata: { httpStatusCode: 403 } })] }));
    await expect(submitRound(upload.ctx)).rejects.toThrow(/arith shard 0 \(beval\.arith-v1\): S3 refused the input upload: AccessDenied/);
  });

  it.each([
    ['the upload', { putErrors: [err('SlowDown', { $metadata: { httpStatusCode: 503 } })] }],
    ['the lookup of a create that may have reached Bedrock', { findErrors: [err('ThrottlingException')] }],
  ])('defers the shard when %s is throttled after the SDK retries, instead of failing the run', async (_n, faults) => {
    const ports = memoryPorts(faults);
    const { ctx, warnings } = context(ports);
    ctx.ledger.models[0]!.shards[0]!.createRequestedAt = '2026-01-01T00:00:00.000Z';
    expect(await submitRound(ctx)).toMatchObject({ created: 0, quotaDeferred: 1 });
    expect(warnings[0]).toMatch(/SlowDown|ThrottlingException/);
    expect(await submitRound(ctx)).toMatchObject({ created: 1, quotaDeferred: 0 });
    expect(ports.calls.create).toBe(1);
  });

  it('adopts a job created before a crash instead of creating a second one', async () => {
    const ports = memoryPorts();
    const { ctx } = context(ports);
    const shard = ctx.ledger.models[0]!.shards[0]!;
    shard.createRequestedAt = '2026-01-01T00:00:00.000Z';
    ports.jobs.set('arn:x', { arn: 'arn:x', name: shard.jobName, status: 'InProgress', counts: {} });
    await submitRound(ctx);
    expect(ports.calls.create).toBe(0);
    expect(readLedger(ctx.dir).models[0]!.shards[0]).toMatchObject({ jobArn: 'arn:x', status: 'InProgress' });
  });

  it('calls the crash hook after the upload and after the create, before the ARN is recorded', async () => {
    const crashes: CrashPoint[] = [];
    const ports = memoryPorts();
    const { ctx } = context(ports, crashes);
    let arnOnDiskAtCrash: string | undefined = 'unset';
    ctx.crashAt = (p) => {
      crashes.push(p);
      if (p === 'after-create-before-ledger') arnOnDiskAtCrash = readLedger(ctx.dir).models[0]!.shards[0]!.jobArn;
    };
    await submitRound(ctx);
    expect(crashes).toEqual(['after-upload', 'after-create-before-ledger']);
    expect(arnOnDiskAtCrash).toBeUndefined();
    expect(readLedger(ctx.dir).models[0]!.shards[0]!.createRequestedAt).toBeDefined();
  });

  it('creates nothing for a cancelled run', async () => {
    const ports = memoryPorts();
    const { ctx } = context(ports);
    ctx.ledger.phase = 'cancelled';
    await submitRound(ctx);
    expect(ports.calls).toMatchObject({ put: 0, create: 0 });
  });
});

describe('pollRound', () => {
  it('keeps a job pending through a transient error and reports it next round', async () => {
    const ports = memoryPorts({ getErrors: [err('InternalServerException')] });
    const { ctx, warnings } = context(ports);
    await submitRound(ctx);
    expect(await pollRound(ctx)).toEqual({ pending: 1, changed: 0 });
    expect(warnings[0]).toMatch(/could not poll \(InternalServerException/);
    const arn = ctx.ledger.models[0]!.shards[0]!.jobArn!;
    ports.jobs.set(arn, { arn, status: 'Completed', counts: { total: 120, processed: 120 }, invocationType: 'Converse' });
    expect(await pollRound(ctx)).toEqual({ pending: 0, changed: 1 });
  });

  it.each([
    ['InvokeModel', 'reports modelInvocationType InvokeModel, not Converse'],
    [undefined, 'reports no modelInvocationType (the default, InvokeModel), not Converse'],
  ])('stops a job whose type is %s at the first poll, and the run with how to find the old SDK', async (type, said) => {
    const ports = memoryPorts();
    const stopped: string[] = [];
    ports.batch.stopJob = async (arn) => {
      stopped.push(arn);
      return 'stopping';
    };
    const { ctx } = context(ports);
    await submitRound(ctx);
    const arn = ctx.ledger.models[0]!.shards[0]!.jobArn!;
    ports.jobs.set(arn, { arn, status: 'Submitted', counts: {}, ...(type ? { invocationType: type } : {}) });
    const e = await pollRound(ctx).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BevalError);
    expect((e as Error).message).toContain(said);
    expect((e as Error).message).toContain('it was stopped. The @aws-sdk/client-bedrock that beval loaded is probably older than 3.1000.0');
    expect(stopped).toEqual([arn]);
  });

  it('stops with a BevalError when the job no longer exists', async () => {
    const ports = memoryPorts({ getErrors: [err('ResourceNotFoundException')] });
    const { ctx } = context(ports);
    await submitRound(ctx);
    await expect(pollRound(ctx)).rejects.toBeInstanceOf(BevalError);
  });
});

it('forgetRemoteState keeps the plan and drops everything the target did', () => {
  const { ctx } = context(memoryPorts());
  const shard = ctx.ledger.models[0]!.shards[0]!;
  const plan = JSON.stringify(shard);
  Object.assign(shard, { jobArn: 'a', status: 'Completed', createRequestedAt: 't', counts: { total: 1 }, downloaded: ['x'], manifest: 'm' });
  shard.files[0]!.uploaded = true;
  forgetRemoteState(shard);
  expect(JSON.stringify(shard)).toBe(plan);
  expect(fs.existsSync(path.join(ctx.dir, shard.files[0]!.local))).toBe(true);
});

describe('downloadOutputs', () => {
  it('fails naming the job whose listing stayed throttled, leaving it not downloaded for the next collect', async () => {
    const ports = memoryPorts({ listErrors: [err('ThrottlingException')] });
    const { ctx } = context(ports);
    Object.assign(ctx.ledger.models[0]!.shards[0]!, { jobArn: 'arn:aws:bedrock:us-east-1:1:model-invocation-job/abcdefabcdef', status: 'Completed' });
    const failure = await downloadOutputs(ctx).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(BevalError);
    expect((failure as Error).message).toMatch(/Could not download the outputs of 1 job\(s\):\n  arith shard 0: ThrottlingException[\s\S]*Run `beval collect r1` again/);
    expect(ctx.ledger.models[0]!.shards[0]!.downloaded).toBeUndefined();
    await downloadOutputs(ctx);
    expect(ctx.ledger.models[0]!.shards[0]!.downloaded).toEqual([]);
  });
});
