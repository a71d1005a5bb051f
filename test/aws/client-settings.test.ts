// The SDK conventions beval's clients follow: retry settings from the environment, the Region chain, any Region name,
// one credential provider, a user agent naming beval, timeouts, SigV4 (never the user's API key) for the emulator, and
// request ids on every error beval prints.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ListModelInvocationJobsCommand } from '@aws-sdk/client-bedrock';
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { bedrockClient, bedrockRuntimeClient, s3Client, TIMEOUTS, USER_AGENT, type ClientTarget } from '../../src/aws/clients.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { resolveConfig } from '../../src/config/resolve.ts';
import { describeError } from '../../src/run/service-errors.ts';
import { main } from '../../src/cli/main.ts';
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

describe('retry settings', () => {
  it('AWS_MAX_ATTEMPTS wins over beval\'s default of 6 attempts', async () => {
    emu = await startEmulator({ faults: [{ kind: 'throttle', n: 2, op: 'ListModelInvocationJobs' }] });
    const t: ClientTarget = { region: 'us-east-1', endpoint: emu.endpoint, local: true };
    // The default (6 attempts) rides out two throttles...
    const client = bedrockClient(t);
    const ok = await client.send(new ListModelInvocationJobsCommand({}));
    expect(ok.$metadata.attempts).toBe(3);
    client.destroy();
    // ...and a user's AWS_MAX_ATTEMPTS=1 is honoured: the first throttle is final.
    await emu.close();
    emu = await startEmulator({ faults: [{ kind: 'throttle', n: 2, op: 'ListModelInvocationJobs' }] });
    process.env.AWS_MAX_ATTEMPTS = '1';
    process.env.AWS_RETRY_MODE = 'standard';
    const strict = bedrockClient({ region: 'us-east-1', endpoint: emu.endpoint, local: true });
    await expect((strict.config.retryMode as () => Promise<string>)()).resolves.toBe('standard');
    const err = await strict.send(new ListModelInvocationJobsCommand({})).catch((e: unknown) => e);
    expect((err as Error).name).toBe('ThrottlingException');
    expect((err as { $metadata: { attempts: number } }).$metadata.attempts).toBe(1);
    strict.destroy();
  });
});

describe('Region', () => {
  it('accepts any Region name the SDK accepts, and none at all (the SDK chain decides)', () => {
    const base = { suite: 's.jsonl', models: [{ id: 'm.x-v1:0' }], s3: { bucket: 'my-bucket' }, roleArn: 'arn:aws:iam::123456789012:role/R' };
    expect(resolveConfig({ ...base, target: { kind: 'aws', region: 'eusc-de-east-1' } }, '/p/c.ts').target).toMatchObject({ region: 'eusc-de-east-1' });
    expect(resolveConfig({ ...base, target: { kind: 'aws' } }, '/p/c.ts').target).toEqual({ kind: 'aws' });
    expect(() => resolveConfig({ ...base, target: { kind: 'aws', region: 'US East' } }, '/p/c.ts')).toThrow(/target\.region/);
  });

  it('without target.region, the clients take AWS_REGION', async () => {
    process.env.AWS_REGION = 'eusc-de-east-1';
    const c = bedrockClient({ local: false });
    await expect(c.config.region()).resolves.toBe('eusc-de-east-1');
    c.destroy();
  });
});

describe('every client', () => {
  it('runs a profile\'s credential_process once for all three clients', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-creds-'));
    const count = path.join(dir, 'runs');
    const script = path.join(dir, 'creds.sh');
    fs.writeFileSync(script, `#!/bin/sh\necho run >> ${count}\necho '{"Version":1,"AccessKeyId":"AKIDPROCESS","SecretAccessKey":"not-a-secret"}'\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'config'), `[profile cp]\ncredential_process = ${script}\nregion = us-east-1\n`);
    Object.assign(process.env, { AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none'), AWS_EC2_METADATA_DISABLED: 'true' });
    for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete process.env[k];
    try {
      const t: ClientTarget = { region: 'us-east-1', local: false, profile: 'cp' };
      const clients = [bedrockClient(t), bedrockRuntimeClient(t), s3Client(t)];
      for (const c of clients) expect((await c.config.credentials()).accessKeyId).toBe('AKIDPROCESS');
      for (const c of clients) c.destroy();
      expect(fs.readFileSync(count, 'utf8')).toBe('run\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names beval in its user agent and has connection and request timeouts', async () => {
    emu = await startEmulator({});
    const t: ClientTarget = { region: 'us-east-1', endpoint: emu.endpoint, local: true };
    const b = bedrockClient(t);
    const r = bedrockRuntimeClient(t);
    const s = s3Client(t);
    // The handlers read their options on the first request.
    await b.send(new ListModelInvocationJobsCommand({}));
    await r.send(new ConverseCommand({ modelId: 'beval.arith-v1', messages: [{ role: 'user', content: [{ text: '1 + 1' }] }] }));
    await s.send(new ListObjectsV2Command({ Bucket: 'b' })).catch(() => undefined);
    const timeouts = (c: { config: { requestHandler: unknown } }) => (c.config.requestHandler as { httpHandlerConfigs(): { connectionTimeout?: number; requestTimeout?: number } }).httpHandlerConfigs();
    expect(timeouts(b)).toMatchObject({ connectionTimeout: TIMEOUTS.connectionTimeout, requestTimeout: TIMEOUTS.requestTimeout });
    expect(timeouts(s)).toMatchObject({ connectionTimeout: TIMEOUTS.connectionTimeout, requestTimeout: TIMEOUTS.requestTimeout });
    expect(timeouts(r)).toMatchObject({ requestTimeout: TIMEOUTS.runtimeRequestTimeout });
    for (const c of [b, r, s]) {
      expect(c.config.customUserAgent).toEqual([[USER_AGENT]]);
      c.destroy();
    }
    expect(USER_AGENT).toMatch(/^beval\/\d+\.\d+\.\d+/);
  });

  it('sends beval/<version> in the user agent to the emulator', async () => {
    const seen: string[] = [];
    emu = await startEmulator({ log: () => undefined });
    const c = s3Client({ region: 'us-east-1', endpoint: emu.endpoint, local: true });
    c.middlewareStack.add((next) => async (args) => {
      seen.push(String((args.request as { headers: Record<string, string> }).headers['user-agent'] ?? ''));
      return next(args);
    }, { step: 'finalizeRequest', priority: 'low' });
    await c.send(new ListObjectsV2Command({ Bucket: 'b' })).catch(() => undefined);
    c.destroy();
    expect(seen[0]).toContain(USER_AGENT);
  });
});

describe('the emulator target never receives the Bedrock API key', () => {
  it('with AWS_BEARER_TOKEN_BEDROCK set, both Bedrock clients still sign with SigV4', async () => {
    process.env.AWS_BEARER_TOKEN_BEDROCK = 'bedrock-api-key-that-must-stay-home';
    emu = await startEmulator({});
    const t: ClientTarget = { region: 'us-east-1', endpoint: emu.endpoint, local: true };
    const b = bedrockClient(t);
    const r = bedrockRuntimeClient(t);
    await b.send(new ListModelInvocationJobsCommand({}));
    await r.send(new ConverseCommand({ modelId: 'beval.arith-v1', messages: [{ role: 'user', content: [{ text: 'What is 1 + 1?' }] }] }));
    b.destroy();
    r.destroy();
    expect(emu.counters().authSchemes).toEqual({ 'AWS4-HMAC-SHA256': 2 });
  });

  it('a whole `beval run` on the emulator with the variable set sends no Bearer header', async () => {
    process.env.AWS_BEARER_TOKEN_BEDROCK = 'bedrock-api-key-that-must-stay-home';
    emu = await startEmulator({ timing: FAST });
    project = tempProject({ models: [{ id: 'beval.arith-v1', label: 'arith' }], target: { kind: 'emulator', endpoint: emu.endpoint } }, arithmeticSuite(100));
    const io = captureIo(project.dir);
    expect(await main(['run', '-c', project.config], io)).toBe(0);
    expect(Object.keys(emu.counters().authSchemes)).toEqual(['AWS4-HMAC-SHA256']);
  }, 60_000);
});

describe('errors beval prints', () => {
  it('carry the request id', async () => {
    emu = await startEmulator({ faults: [{ kind: 'access-denied', n: 1, op: 'ListModelInvocationJobs' }] });
    const c = bedrockClient({ region: 'us-east-1', endpoint: emu.endpoint, local: true });
    const err = await c.send(new ListModelInvocationJobsCommand({})).catch((e: unknown) => e);
    c.destroy();
    expect(describeError(err)).toMatch(/^AccessDeniedException: .+ \(request id [0-9a-f-]{36}\)$/);
  });
});
