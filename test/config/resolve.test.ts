import { describe, expect, it } from 'vitest';
import { modelKey, resolveConfig } from '../../src/config/resolve.ts';

const base = { suite: 'suites/s.jsonl', models: [{ id: 'beval.arith-v1', label: 'Arith Model' }] };

describe('resolveConfig', () => {
  it('fills every default for the emulator target', () => {
    const c = resolveConfig(base, '/proj/eval.config.ts');
    expect(c.suite).toBe('/proj/suites/s.jsonl');
    expect(c.outDir).toBe('/proj/reports');
    expect(c.target.kind).toBe('emulator');
    expect(c.s3).toEqual({ bucket: 'beval-local', prefix: 'beval/' });
    expect(c.quotas.minRecordsPerJob).toBe(100);
    expect(c.quotas.maxRecordsPerJob).toBe(50_000);
    expect(c.jobTimeoutHours).toBe(24);
    expect(c.models[0]!.key).toBe('arith-model');
    expect(c.baseline).toBe('arith-model');
    expect(c.scorers).toEqual(['equals']);
    expect(c.csv).toEqual({ neutraliseFormulas: true, bom: false });
  });

  it('merges a string system prompt into a content block and keeps overrides', () => {
    const c = resolveConfig({ ...base, models: [{ id: 'x.y', system: 'Be brief', inferenceConfig: { maxTokens: 5 } }] }, '/p/c.ts');
    expect(c.models[0]!.system).toEqual([{ text: 'Be brief' }]);
    expect(c.models[0]!.inferenceConfig).toEqual({ maxTokens: 5 });
  });

  it('gives duplicate labels distinct keys', () => {
    const c = resolveConfig({ ...base, models: [{ id: 'a.b' , label: 'm' }, { id: 'a.c', label: 'M' }] }, '/p/c.ts');
    expect(c.models.map((m) => m.key)).toEqual(['m', 'm-2']);
  });

  it('uses slower polling against AWS', () => {
    const c = resolveConfig({ ...base, target: { kind: 'aws', region: 'us-east-1' }, s3: { bucket: 'my-bucket' }, roleArn: 'arn:aws:iam::123456789012:role/R' }, '/p/c.ts');
    expect(c.polling.initialMs).toBe(30_000);
    expect(c.s3?.prefix).toBe('beval/');
  });

  it.each([
    [{ ...base, models: [] }, 'models'],
    [{ ...base, models: [{ label: 'x' }] }, 'models[0].id'],
    [{ ...base, target: { kind: 'gcp' } }, 'target.kind'],
    [{ ...base, target: { kind: 'aws', region: 'us-east-1' }, s3: { bucket: 'b-b' }, roleArn: 'not-an-arn' }, 'roleArn'],
    [{ ...base, target: { kind: 'aws', region: 'Virginia' } }, 'target.region'],
    [{ ...base, s3: { bucket: 'Bad_Bucket' } }, 's3.bucket'],
    [{ ...base, s3: { bucket: 'ok-bucket', prefix: 'runs:2026/' } }, 's3.prefix'],
    [{ ...base, jobTimeoutHours: 12 }, 'jobTimeoutHours'],
    [{ ...base, baseline: 'nope' }, 'baseline'],
    [{ ...base, quotas: { maxRecordsPerJob: 0 } }, 'quotas.maxRecordsPerJob'],
    [{ ...base, quotas: { maxBytesPerFile: 6 * 1024 ** 3 } }, 'quotas.maxBytesPerFile'],
    [{ ...base, suite: 3 }, 'suite'],
  ])('names the bad field (%#)', (config, field) => {
    expect(() => resolveConfig(config, '/p/c.ts')).toThrow(new RegExp(`Invalid config: ${field.replace(/[[\].]/g, '\\$&')}:`));
  });
});

describe('modelKey', () => {
  it.each([
    ['Claude Haiku 4.5', 'claude-haiku-4-5'],
    ['us.anthropic.claude-haiku-4-5-20251001-v1:0', 'us-anthropic-claude-haik'],
    ['!!!', 'model'],
  ])('%s → %s', (label, key) => expect(modelKey(label)).toBe(key));
});
