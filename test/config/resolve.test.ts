import { describe, expect, it } from 'vitest';
import { modelKey, resolveConfig } from '../../src/config/resolve.ts';
import type { EvalConfig } from '../../src/types/config.ts';

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
    // Prices a budget check would otherwise multiply into NaN or a negative cost and pass blindly.
    [{ ...base, models: [{ id: 'x', pricing: { inputPer1k: 3, outputPer1K: 15 } }] }, 'models[0].pricing.outputPer1K'],
    [{ ...base, models: [{ id: 'x', pricing: { inputPer1k: 3 } }] }, 'models[0].pricing.outputPer1k'],
    [{ ...base, models: [{ id: 'x', pricing: { inputPer1k: -1, outputPer1k: 1 } }] }, 'models[0].pricing.inputPer1k'],
    [{ ...base, models: [{ id: 'x', pricing: { inputPer1k: 1, outputPer1k: 1, batchDiscount: 50 } }] }, 'models[0].pricing.batchDiscount'],
    [{ ...base, judges: [{ kind: 'rubric', model: 'beval.judge-v1', rubric: 'r', pricing: { inputPer1k: '1', outputPer1k: 1 } }] }, 'judges[0].pricing.inputPer1k'],
  ])('names the bad field (%#)', (config, field) => {
    expect(() => resolveConfig(config, '/p/c.ts')).toThrow(new RegExp(`^Invalid config /p/c\\.ts: ${field.replace(/[[\].]/g, '\\$&')}:`));
  });

  it('names the config file in every message, judges included', () => {
    const file = '/home/me/proj/eval.config.ts';
    expect(() => resolveConfig({ ...base, jobTimeoutHours: 12 }, file)).toThrow(`Invalid config ${file}: jobTimeoutHours: Bedrock accepts an integer from 24 to 168`);
    expect(() => resolveConfig({ ...base, judges: [{ kind: 'vibes', model: 'beval.judge-v1' }] }, file)).toThrow(`Invalid config ${file}: judges[0].kind: expected one of`);
    expect(() => resolveConfig(7, file)).toThrow(`Invalid config ${file}: (root):`);
  });
});

describe('resolveConfig: a model\'s inferenceConfig and system get the suite\'s checks', () => {
  const model = (extra: Record<string, unknown>) => ({ ...base, models: [{ id: 'beval.arith-v1' }, { id: 'x.y', ...extra }] });
  const refuse = (extra: Record<string, unknown>) => {
    try {
      resolveConfig(model(extra), '/p/c.ts');
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('accepted');
  };

  it('refuses out-of-range and unknown inferenceConfig fields, naming each', () => {
    expect(refuse({ inferenceConfig: { temperature: 1.5, topP: 7, max_tokens: 5 } })).toBe(
      'Invalid config /p/c.ts: models[1].inferenceConfig.temperature: expected a number from 0 to 1; '
      + 'models[1].inferenceConfig.topP: expected a number from 0 to 1; '
      + 'models[1].inferenceConfig.max_tokens: unknown field (did you mean "maxTokens"?); model-specific parameters go in models[1].additionalModelRequestFields',
    );
  });

  it.each([
    [{ inferenceConfig: { maxTokens: 0 } }, 'models[1].inferenceConfig.maxTokens: expected an integer ≥ 1'],
    [{ inferenceConfig: { stopSequences: 'END' } }, 'models[1].inferenceConfig.stopSequences: expected an array of strings'],
    [{ inferenceConfig: 'hot' }, 'models[1].inferenceConfig: expected an object'],
    [{ system: '' }, 'models[1].system: Converse rejects empty text blocks'],
    [{ system: [] }, 'models[1].system: expected a non-empty array of content blocks'],
    [{ system: [{ text: 'ok' }, { text: '' }] }, 'models[1].system[1].text: Converse rejects empty text blocks'],
    [{ system: [{ prompt: 'hi' }] }, 'models[1].system[0].prompt: unknown content block type'],
    [{ system: 42 }, 'models[1].system: expected a string or an array of content blocks'],
  ])('refuses %o', (extra, message) => {
    expect(refuse(extra)).toContain(`Invalid config /p/c.ts: ${message}`);
  });

  it('accepts what a suite line accepts', () => {
    const c = resolveConfig(model({ inferenceConfig: { maxTokens: 64, temperature: 0, topP: 1, stopSequences: ['END'] }, system: [{ text: 'Be brief' }, { cachePoint: { type: 'default' } }] }), '/p/c.ts');
    expect(c.models[1]!.inferenceConfig).toEqual({ maxTokens: 64, temperature: 0, topP: 1, stopSequences: ['END'] });
    expect(c.models[1]!.system).toHaveLength(2);
  });
});

describe('resolveConfig: tags as Bedrock takes them on a job', () => {
  const withTags = (tags: unknown) => resolveConfig({ ...base, tags }, '/p/c.ts');

  it('keeps valid tags', () => {
    const tags = { team: 'search', 'cost center': 'R-and-D 42', 'a.b_c:d/e=f+g@h-i': '', [`k${'x'.repeat(127)}`]: 'v'.repeat(256) };
    expect(withTags(tags).tags).toEqual(tags);
    expect(withTags(undefined).tags).toEqual({});
  });

  it('takes 197 tags (Bedrock allows 200 per job; beval adds 3) and refuses 198', () => {
    const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, 'v']));
    expect(Object.keys(withTags(many(197)).tags)).toHaveLength(197);
    expect(() => withTags(many(198))).toThrow(/^Invalid config \/p\/c\.ts: tags: at most 197 tags, got 198/);
  });

  it.each([
    [{ 'cost center': 'R&D €' }, 'tags.cost center: a tag value may contain only ASCII letters, digits, whitespace and . _ : / = + @ -; found "&", "€"'],
    [{ 'team#1': 'x' }, 'tags.team#1: a tag key may contain only'],
    [{ 'aws:owner': 'x' }, 'tags.aws:owner: the aws: key prefix is reserved for AWS'],
    [{ 'AWS:owner': 'x' }, 'tags.AWS:owner: the aws: key prefix is reserved for AWS'],
    [{ 'beval:run': 'x' }, 'tags.beval:run: beval sets this tag on every job itself'],
    [{ [`k${'x'.repeat(128)}`]: 'v' }, `tags.k${'x'.repeat(128)}: a tag key has 1 to 128 characters, this one 129`],
    [{ '': 'v' }, 'tags[""]: a tag key has 1 to 128 characters, this one 0'],
    [{ long: 'v'.repeat(257) }, 'tags.long: a tag value has at most 256 characters, this one 257'],
    [{ n: 3 }, 'tags.n: expected a string value'],
    ['team=search', 'tags: expected an object of string values'],
  ])('refuses %o', (tags, message) => {
    expect(() => withTags(tags)).toThrow(`Invalid config /p/c.ts: ${message}`);
  });
});

describe('modelKey', () => {
  it.each([
    ['Claude Haiku 4.5', 'claude-haiku-4-5'],
    ['us.anthropic.claude-haiku-4-5-20251001-v1:0', 'us-anthropic-claude-haik'],
    ['!!!', 'model'],
  ])('%s → %s', (label, key) => expect(modelKey(label)).toBe(key));

  it('resolves the verdict policy: unanswered defaults to fail; margins and the gate tolerance are checked', () => {
    const base = { suite: 's.jsonl', models: [{ id: 'beval.arith-v1', label: 'a' }, { id: 'beval.arith-v1', label: 'b' }], scorers: ['numeric'] };
    expect(resolveConfig(base as EvalConfig, '/tmp/eval.config.ts').unanswered).toBe('fail');
    const r = resolveConfig({ ...base, unanswered: 'exclude', equivalenceMargin: { numeric: 0.02 }, gate: { rules: [{ metric: 'numeric', margin: 0.02 }], coverageTolerance: 0.05, allowSubset: true } } as EvalConfig, '/tmp/eval.config.ts');
    expect(r).toMatchObject({ unanswered: 'exclude', equivalenceMargin: { numeric: 0.02 }, gate: { coverageTolerance: 0.05, allowSubset: true } });
    expect(() => resolveConfig({ ...base, unanswered: 'skip' } as unknown as EvalConfig, '/tmp/eval.config.ts')).toThrow(/unanswered: expected 'fail'/);
    expect(() => resolveConfig({ ...base, equivalenceMargin: { bleu: 1 } } as EvalConfig, '/tmp/eval.config.ts')).toThrow(/equivalenceMargin\.bleu: unknown metric; metrics: numeric/);
    expect(() => resolveConfig({ ...base, equivalenceMargin: -1 } as EvalConfig, '/tmp/eval.config.ts')).toThrow(/equivalenceMargin: expected a number above 0/);
    expect(() => resolveConfig({ ...base, gate: { rules: [{ metric: 'numeric', margin: 0 }], coverageTolerance: 2 } } as EvalConfig, '/tmp/eval.config.ts')).toThrow(/gate\.coverageTolerance: expected a share from 0 to 1/);
  });
});
