// On AWS, s3 and roleArn are needed for batch jobs and judges only: a realtime-only run plans without them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.ts';
import { batchSetup } from '../../src/run/batch-setup.ts';
import { loadSuite } from '../../src/suite/load-suite.ts';
import { planRun } from '../../src/run/plan.ts';
import { arithmeticSuite } from '../helpers/project.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-batch-setup-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const suiteFile = path.join(dir, 'suite.jsonl');
fs.writeFileSync(suiteFile, arithmeticSuite(120));
const aws = { suite: 'suite.jsonl', models: [{ id: 'anthropic.claude-haiku', label: 'haiku' }], target: { kind: 'aws', region: 'us-east-1' } };
const configPath = path.join(dir, 'eval.config.ts');

describe('batch setup on AWS', () => {
  it('resolves an AWS config without s3 or roleArn, and names both when batch jobs need them', () => {
    const c = resolveConfig(aws, configPath);
    expect(c.s3).toBeUndefined();
    expect(c.roleArn).toBeUndefined();
    expect(() => batchSetup(c, 'batch jobs')).toThrow(new RegExp(`Invalid config ${configPath}: s3 and roleArn: required on AWS for batch jobs\\..*--realtime`));
    const withBucket = resolveConfig({ ...aws, s3: { bucket: 'my-bucket' } }, configPath);
    expect(() => batchSetup(withBucket, 'batch jobs')).toThrow(`Invalid config ${configPath}: roleArn: required`);
    const full = resolveConfig({ ...aws, s3: { bucket: 'my-bucket' }, roleArn: 'arn:aws:iam::123456789012:role/R' }, configPath);
    expect(batchSetup(full, 'batch jobs')).toEqual({ s3: { bucket: 'my-bucket', prefix: 'beval/' }, roleArn: 'arn:aws:iam::123456789012:role/R' });
    // The emulator always has its defaults.
    expect(batchSetup(resolveConfig({ suite: 'suite.jsonl', models: aws.models }, configPath), 'batch jobs').s3.bucket).toBe('beval-local');
  });

  it('plans a realtime-only run without an S3 location: no URIs, no s3 in the ledger', () => {
    const c = resolveConfig({ ...aws, mode: 'realtime' }, configPath);
    const runDir = path.join(dir, 'rt');
    const ledger = planRun(c, loadSuite(suiteFile), 'rt', runDir);
    expect(ledger.s3).toBeUndefined();
    const shard = ledger.models[0]!.shards[0]!;
    expect(shard.mode).toBe('realtime');
    expect([shard.inputUri, shard.outputUri, shard.files[0]!.uri]).toEqual(['', '', '']);
    expect(fs.existsSync(path.join(runDir, shard.files[0]!.local))).toBe(true);
  });

  it('refuses to plan batch jobs, or judges, without them, before writing anything', () => {
    const batch = resolveConfig(aws, configPath);
    expect(() => planRun(batch, loadSuite(suiteFile), 'b', path.join(dir, 'b'))).toThrow(/s3 and roleArn: required on AWS for batch jobs/);
    expect(fs.existsSync(path.join(dir, 'b'))).toBe(false);
    const judged = resolveConfig({ ...aws, mode: 'realtime', judges: [{ kind: 'rubric', model: 'anthropic.claude-haiku', rubric: 'Correct.' }] }, configPath);
    expect(() => planRun(judged, loadSuite(suiteFile), 'j', path.join(dir, 'j'))).toThrow(/required on AWS for the judge stage/);
    expect(fs.existsSync(path.join(dir, 'j'))).toBe(false);
  });
});
