// The harness's upload skip against the emulator: an input object already in S3 with the same sha256 user metadata
// and size is not sent again (src/run/submit.ts reads Metadata.sha256 back through HeadObject).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { bedrockClient, s3Client } from '../../src/aws/clients.ts';
import { createBatchPort } from '../../src/aws/batch-port.ts';
import { createBlobPort } from '../../src/aws/blob-port.ts';
import { parseS3Uri } from '../../src/aws/s3-uri.ts';
import { resolveConfig } from '../../src/config/resolve.ts';
import { planRun } from '../../src/run/plan.ts';
import { submitRound } from '../../src/run/submit.ts';
import { allShards, readLedger, writeLedger } from '../../src/run/ledger.ts';
import { loadSuite } from '../../src/suite/load-suite.ts';
import type { RunContext } from '../../src/run/context.ts';
import type { BatchPort } from '../../src/types/ports.ts';
import { ARITH, writeProject } from '../run/helpers.ts';
import { adviceFor } from '../../src/advice.ts';
import { tempDir } from '../helpers/temp-dir.ts';

let emu: RunningEmulator;
let runs = 0;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

/** A run of 120 records in 3 input files; the first create is throttled, so the shard waits with its files uploaded. */
function context(): RunContext {
  const dir = tempDir('upload-skip');
  const target = { kind: 'emulator', endpoint: emu.endpoint } as const;
  const configPath = writeProject(dir, 120, { models: [ARITH], target, quotas: { maxRecordsPerFile: 40 } });
  const config = resolveConfig({ suite: 'suite.jsonl', models: [ARITH], target, quotas: { maxRecordsPerFile: 40 } }, configPath);
  const runDir = path.join(dir, 'reports', `skip${++runs}`);
  const ledger = planRun(config, loadSuite(config.suite), path.basename(runDir), runDir);
  const client = { region: 'us-east-1', endpoint: emu.endpoint, local: true };
  const real = createBatchPort(bedrockClient(client));
  let throttled = false;
  const batch: BatchPort = {
    ...real,
    async createJob(req) {
      if (!throttled) {
        throttled = true;
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } });
      }
      return real.createJob(req);
    },
  };
  return {
    config, dir: runDir, ledger, batch, blobs: createBlobPort(s3Client(client)),
    log: { info: () => {}, warn: () => {} },
    clock: { now: () => Date.now(), sleep: async () => {} }, advice: adviceFor(),
  };
}

describe('input upload skip against the emulator', () => {
  it('does not upload a shard\'s files again when S3 already holds them with the same sha256', async () => {
    const ctx = context();
    const files = allShards(ctx.ledger).flatMap(({ shard }) => shard.files);
    expect(files).toHaveLength(3);
    const puts0 = emu.counters().putObjectCalls;
    expect(await submitRound(ctx)).toMatchObject({ created: 0, quotaDeferred: 1 });
    expect(emu.counters().putObjectCalls - puts0).toBe(3);

    // As if the process had died after each PutObject but before the ledger recorded it.
    for (const f of files) f.uploaded = false;
    writeLedger(ctx.dir, ctx.ledger);
    expect(await submitRound(ctx)).toMatchObject({ created: 1 });
    expect(emu.counters().putObjectCalls - puts0).toBe(3);
    expect(readLedger(ctx.dir).models[0]!.shards[0]!.files.every((f) => f.uploaded)).toBe(true);
  });

  it('uploads again a file whose object lacks the matching sha256', async () => {
    const ctx = context();
    const files = allShards(ctx.ledger).flatMap(({ shard }) => shard.files);
    await submitRound(ctx);
    // Someone replaced one input object (same key, other bytes, no sha256 metadata).
    const { bucket, key } = parseS3Uri(files[1]!.uri);
    await s3Client({ region: 'us-east-1', endpoint: emu.endpoint, local: true }).send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'stale' }));
    const puts0 = emu.counters().putObjectCalls;
    for (const f of files) f.uploaded = false;
    expect(await submitRound(ctx)).toMatchObject({ created: 1 });
    expect(emu.counters().putObjectCalls - puts0).toBe(1);
  });
});
