// resolveConfig: one pure function from what the user wrote to a fully-filled, validated config.
import path from 'node:path';
import { BevalError } from '../errors.ts';
import { pricingProblem } from '../pricing/pricing-check.ts';
import type { ContentBlock } from '../types/suite.ts';
import type { EvalConfig, ModelConfig, ResolvedConfig, ResolvedModel, VpcConfig } from '../types/config.ts';
import type { GateConfig } from '../types/gate.ts';
import type { UnansweredPolicy } from '../types/config.ts';
import { ruleLimitProblem } from '../gate/rule-limits.ts';
import { resolveJudges } from '../judge/resolve-judges.ts';
import { checkBlocks, checkInferenceConfig } from '../suite/validate-record.ts';
import { unknownConfigField } from './known-keys.ts';
import { checkGateMetrics, checkScorers } from './scorer-check.ts';
import { metricNames } from '../scorers/metric-names.ts';

export const EMULATOR_DEFAULTS = {
  bucket: 'beval-local',
  prefix: 'beval/',
  roleArn: 'arn:aws:iam::123456789012:role/beval-emulator',
} as const;

/** The largest object one S3 PutObject accepts. */
const S3_SINGLE_PUT_BYTES = 5 * 1024 ** 3;

export const QUOTA_DEFAULTS = {
  minRecordsPerJob: 100,
  maxRecordsPerJob: 50_000,
  maxRecordsPerFile: 50_000,
  maxBytesPerFile: 1_000_000_000,
  maxBytesPerJob: 5_000_000_000,
  maxConcurrentJobsPerModel: 10,
} as const;

const ROLE_ARN = /^arn:aws(-[^:]+)?:iam::([0-9]{12})?:role\/.+$/;
const BUCKET = /^[a-z0-9][-.a-z0-9]{1,61}[a-z0-9]$/;
/** What the SDK accepts as a Region: a host label (lowercase here, as every AWS Region is). */
const REGION = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** CreateModelInvocationJob's KmsKeyId: 1–2048 characters (a key id, key ARN, alias name or alias ARN). */
const KMS_KEY = /^(arn:aws(-[^:]+)?:kms:[a-zA-Z0-9-]*:[0-9]{12}:((key\/[a-zA-Z0-9-]{36})|(alias\/[a-zA-Z0-9_/-]+))|([a-zA-Z0-9-]{36})|(alias\/[a-zA-Z0-9_/-]+))$/;
const ACCOUNT = /^[0-9]{12}$/;
/** The VPC id patterns of CreateModelInvocationJob (bedrock-batch.md §1.3). */
const VPC_ID = /^[-0-9a-zA-Z]{1,32}$/;
// Key segments Bedrock accepts in an S3 URI (bedrock-batch.md §1.3): no ':', '=', '+', spaces.
const PREFIX = /^([-!_*'().a-zA-Z0-9]+\/)*$/;

/** The tags src/run/submit.ts adds to every job. */
const HARNESS_TAGS = ['beval:run', 'beval:model', 'beval:shard'];
/** CreateModelInvocationJob takes at most 200 tags (bedrock-batch.md §1.3). */
const MAX_JOB_TAGS = 200;
/** The character set of Bedrock tag keys and values (bedrock-batch.md §1.3). */
const TAG_CHAR = /[a-zA-Z0-9\s._:/=+@-]/;

// resolveConfig puts the config file's path into these messages (and resolveJudges' ones) on the way out.
const UNNAMED = 'Invalid config: ';

function fail(field: string, message: string): never {
  throw new BevalError('CONFIG', `${UNNAMED}${field}: ${message}`);
}

/**
 * Runs one of the suite's checks (suite/validate-record.ts) over a model's value from the config and fails with every
 * problem found. The suite's checks name fields and hints under `modelInput.`; here they live on the model (`where`).
 */
function checkLikeSuite(where: string, check: (report: (field: string, message: string) => void) => void): void {
  const found: { field: string; message: string }[] = [];
  check((field, message) => found.push({ field: field.replace(/^modelInput\./, `${where}.`), message: message.replaceAll('modelInput.', `${where}.`) }));
  const [first, ...more] = found;
  if (first) fail(first.field, [first.message, ...more.map((p) => `${p.field}: ${p.message}`)].join('; '));
}

/** Turns a label into a key safe for S3 keys and job names. */
export function modelKey(label: string): string {
  const key = label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 24).replace(/-+$/, '');
  return key || 'model';
}

function toBlocks(system: string | ContentBlock[] | undefined): ContentBlock[] | undefined {
  if (system === undefined) return undefined;
  return typeof system === 'string' ? [{ text: system }] : system;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function resolveModels(models: unknown): ResolvedModel[] {
  if (!Array.isArray(models) || models.length === 0) fail('models', 'expected a non-empty array of { id, label? }');
  const keys = new Set<string>();
  return models.map((m: unknown, i): ResolvedModel => {
    const where = `models[${i}]`;
    if (!isRecord(m)) fail(where, 'expected an object like { id: "amazon.nova-micro-v1:0" }');
    const model = m as unknown as ModelConfig;
    if (typeof model.id !== 'string' || model.id.trim() === '') fail(`${where}.id`, 'expected a non-empty model ID string');
    if (model.label !== undefined && typeof model.label !== 'string') fail(`${where}.label`, 'expected a string');
    if (model.additionalModelRequestFields !== undefined && !isRecord(model.additionalModelRequestFields)) fail(`${where}.additionalModelRequestFields`, 'expected an object');
    // Merged into every batch line, so held to the rules a suite line's own values are.
    checkLikeSuite(where, (report) => checkInferenceConfig(model.inferenceConfig, report));
    if (model.pricing !== undefined) {
      const problem = pricingProblem(model.pricing, `${where}.pricing`);
      if (problem) fail(...problem);
    }
    const system: unknown = model.system;
    if (typeof system === 'string') checkLikeSuite(where, (report) => checkBlocks([{ text: system }], `${where}.system`, (_f, m) => report(`${where}.system`, m)));
    else if (Array.isArray(system)) checkLikeSuite(where, (report) => checkBlocks(system, `${where}.system`, report));
    else if (system !== undefined) fail(`${where}.system`, 'expected a string or an array of content blocks');
    const label = model.label ?? model.id;
    let key = modelKey(label);
    for (let n = 2; keys.has(key); n++) key = `${modelKey(label).slice(0, 21)}-${n}`;
    keys.add(key);
    return {
      id: model.id,
      label,
      key,
      ...(model.inferenceConfig ? { inferenceConfig: model.inferenceConfig } : {}),
      ...(model.additionalModelRequestFields ? { additionalModelRequestFields: model.additionalModelRequestFields } : {}),
      ...(model.system !== undefined ? { system: toBlocks(model.system) } : {}),
      ...(model.pricing ? { pricing: model.pricing } : {}),
      ...(model.realtimeTimeoutMs !== undefined ? { realtimeTimeoutMs: positiveInt(model.realtimeTimeoutMs, `${where}.realtimeTimeoutMs`, 0) } : {}),
    };
  });
}

function keyOf(models: ResolvedModel[], name: string, field: string): string {
  const m = models.find((x) => x.label === name || x.id === name || x.key === name);
  if (!m) fail(field, `expected the label or id of a configured model (${models.map((x) => x.label).join(', ')}), got ${JSON.stringify(name)}`);
  return m.key;
}

/** Gate models may be written as labels or ids; the gate works on keys. The baseline defaults to the run's baseline. */
function resolveGate(gate: unknown, models: ResolvedModel[], baseline: string): GateConfig & { baselineRun?: string } {
  if (!isRecord(gate)) fail('gate', 'expected { baseline?, candidates?, rules: [{ metric, margin }] }');
  const g = gate as Partial<GateConfig> & { baselineRun?: unknown };
  if (g.baselineRun !== undefined && typeof g.baselineRun !== 'string') fail('gate.baselineRun', 'expected a run id or the path of a results.json');
  if (g.coverageTolerance !== undefined && !(typeof g.coverageTolerance === 'number' && g.coverageTolerance >= 0 && g.coverageTolerance <= 1)) {
    fail('gate.coverageTolerance', `expected a share from 0 to 1 (0.01 = one point of answered share), got ${JSON.stringify(g.coverageTolerance)}`);
  }
  if (g.allowSubset !== undefined && typeof g.allowSubset !== 'boolean') fail('gate.allowSubset', `expected true or false, got ${JSON.stringify(g.allowSubset)}`);
  const extra = { ...(g.coverageTolerance !== undefined ? { coverageTolerance: g.coverageTolerance } : {}), ...(g.allowSubset !== undefined ? { allowSubset: g.allowSubset } : {}) };
  if (!Array.isArray(g.rules) || g.rules.length === 0) fail('gate.rules', 'expected a non-empty array like [{ metric: "numeric", margin: 0.02 }]');
  g.rules.forEach((r, i) => {
    if (!isRecord(r) || typeof r.metric !== 'string') fail(`gate.rules[${i}].metric`, 'expected a metric (scorer) name');
    // Checked here, not only when the gate runs: `run --gate` would otherwise fail after every job was paid for.
    const problem = ruleLimitProblem(r);
    if (problem) fail(`gate.rules[${i}].${problem.field}`, problem.message);
  });
  if (g.baselineRun !== undefined) {
    // The baseline lives in another run; it is checked against that run's models when the gate runs.
    return { baseline: g.baseline ?? baseline, baselineRun: g.baselineRun, ...(g.candidates ? { candidates: g.candidates.map((c, i) => keyOf(models, c, `gate.candidates[${i}]`)) } : {}), rules: g.rules, ...extra };
  }
  return {
    baseline: keyOf(models, g.baseline ?? baseline, 'gate.baseline'),
    ...(g.candidates ? { candidates: g.candidates.map((c, i) => keyOf(models, c, `gate.candidates[${i}]`)) } : {}),
    rules: g.rules,
    ...extra,
  };
}

function resolveUnanswered(v: unknown): UnansweredPolicy {
  if (v === undefined) return 'fail';
  if (v !== 'fail' && v !== 'exclude') fail('unanswered', `expected 'fail' (unanswered records count as failures) or 'exclude' (answered records only), got ${JSON.stringify(v)}`);
  return v;
}

/** A margin for every metric, or per metric name (each a known metric). */
function resolveMargin(v: unknown, metrics: string[]): number | Record<string, number> {
  const ok = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0;
  if (ok(v)) return v;
  if (!isRecord(v)) fail('equivalenceMargin', `expected a number above 0 in the metric's units, or { metric: margin }, got ${JSON.stringify(v)}`);
  const out: Record<string, number> = {};
  for (const [name, m] of Object.entries(v)) {
    if (!metrics.includes(name)) fail(`equivalenceMargin.${name}`, `unknown metric; metrics: ${metrics.join(', ')}`);
    if (!ok(m)) fail(`equivalenceMargin.${name}`, `expected a number above 0 in the metric's units, got ${JSON.stringify(m)}`);
    out[name] = m;
  }
  return out;
}

/** `reuse`: a run id or directory, or a list of them. */
function reuseSources(v: unknown): string[] {
  if (v === undefined) return [];
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || !list.every((s) => typeof s === 'string' && s.trim() !== '')) fail('reuse', 'expected a run id or run directory, or a list of them');
  return list as string[];
}

function positiveInt(v: unknown, field: string, fallback: number, min = 1): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(field, `expected an integer ≥ ${min}, got ${JSON.stringify(v)}`);
  return v;
}

/** Checks `tags` as CreateModelInvocationJob would once beval has added its own (bedrock-batch.md §1.3). */
function resolveTags(raw: unknown): Record<string, string> {
  if (raw === undefined) return {};
  if (!isRecord(raw)) fail('tags', "expected an object of string values, like { team: 'search' }");
  const entries = Object.entries(raw);
  const room = MAX_JOB_TAGS - HARNESS_TAGS.length;
  if (entries.length > room) fail('tags', `at most ${room} tags, got ${entries.length}: a Bedrock job takes ${MAX_JOB_TAGS} and beval adds ${HARNESS_TAGS.join(', ')}`);
  const badChars = (s: string) => [...new Set([...s].filter((ch) => !TAG_CHAR.test(ch)))].map((ch) => JSON.stringify(ch)).join(', ');
  const allowed = 'ASCII letters, digits, whitespace and . _ : / = + @ -';
  for (const [k, v] of entries) {
    const field = k === '' ? 'tags[""]' : `tags.${k}`;
    if (typeof v !== 'string') fail(field, 'expected a string value');
    if (k.length < 1 || k.length > 128) fail(field, `a tag key has 1 to 128 characters, this one ${k.length}`);
    if (badChars(k)) fail(field, `a tag key may contain only ${allowed}; found ${badChars(k)}`);
    if (k.toLowerCase().startsWith('aws:')) fail(field, 'the aws: key prefix is reserved for AWS');
    if (HARNESS_TAGS.includes(k)) fail(field, 'beval sets this tag on every job itself');
    if (v.length > 256) fail(field, `a tag value has at most 256 characters, this one ${v.length}`);
    if (badChars(v)) fail(field, `a tag value may contain only ${allowed}; found ${badChars(v)}`);
  }
  return { ...raw } as Record<string, string>;
}

/**
 * Validates and fills every default. Pure: no file system, no environment.
 * @param config what eval.config.ts exported
 * @param configPath absolute path of that file; relative paths in the config resolve against its folder
 * @throws BevalError `Invalid config <configPath>: <field>: <what is allowed>`
 */
export function resolveConfig(config: unknown, configPath: string): ResolvedConfig {
  try {
    return resolveWithoutFileName(config, configPath);
  } catch (e) {
    if (e instanceof BevalError && e.code === 'CONFIG' && e.message.startsWith(UNNAMED)) {
      throw new BevalError('CONFIG', `Invalid config ${configPath}: ${e.message.slice(UNNAMED.length)}`, { cause: e.cause });
    }
    throw e;
  }
}

/** `vpcConfig`: both lists, within CreateModelInvocationJob's counts and id pattern. */
function resolveVpc(v: unknown): VpcConfig | undefined {
  if (v === undefined) return undefined;
  if (!isRecord(v)) fail('vpcConfig', 'expected { subnetIds: [...], securityGroupIds: [...] }');
  const list = (value: unknown, field: string, max: number): string[] => {
    if (!Array.isArray(value) || value.length < 1 || value.length > max || !value.every((x) => typeof x === 'string' && VPC_ID.test(x))) {
      fail(`vpcConfig.${field}`, `expected 1 to ${max} ids of letters, digits and '-' (at most 32 characters each)`);
    }
    return value as string[];
  };
  return { subnetIds: list(v.subnetIds, 'subnetIds', 16), securityGroupIds: list(v.securityGroupIds, 'securityGroupIds', 5) };
}

/** resolveConfig without the file name in its messages. */
function resolveWithoutFileName(config: unknown, configPath: string): ResolvedConfig {
  if (!isRecord(config)) fail('(root)', 'the config must export an object (use `export default defineConfig({...})`)');
  const unknown = unknownConfigField(config);
  if (unknown) fail(...unknown);
  const c = config as unknown as EvalConfig;
  const baseDir = path.dirname(configPath);
  if (typeof c.suite !== 'string' || c.suite === '') fail('suite', 'expected the path of a .jsonl suite file');
  const models = resolveModels(c.models);

  const t = c.target ?? { kind: 'emulator' as const };
  if (!isRecord(t) || (t.kind !== 'emulator' && t.kind !== 'aws')) fail('target.kind', "expected 'emulator' or 'aws'");
  let target: ResolvedConfig['target'];
  if (t.kind === 'aws') {
    // Any name the SDK accepts (a DNS label: `eusc-de-east-1` too); absent: the SDK's Region chain decides.
    if (t.region !== undefined && (typeof t.region !== 'string' || !REGION.test(t.region))) fail('target.region', `expected an AWS Region like 'us-east-1' (or leave it out to use AWS_REGION or the profile's region), got ${JSON.stringify(t.region)}`);
    // s3 and roleArn are checked when a run plans batch jobs or judges (batchSetup): a realtime run needs neither.
    target = t;
  } else {
    const replay: Record<string, string> = {};
    for (const [id, file] of Object.entries(t.replay ?? {})) {
      if (typeof file !== 'string') fail(`target.replay.${id}`, 'expected a file path');
      replay[id] = path.resolve(baseDir, file);
    }
    target = { ...t, replay };
  }

  const givenS3 = c.s3 ?? (t.kind === 'emulator' ? { bucket: EMULATOR_DEFAULTS.bucket, prefix: EMULATOR_DEFAULTS.prefix } : undefined);
  let s3: ResolvedConfig['s3'];
  if (givenS3 !== undefined) {
    if (!isRecord(givenS3) || typeof givenS3.bucket !== 'string' || !BUCKET.test(givenS3.bucket)) fail('s3.bucket', `expected an S3 bucket name (lowercase letters, digits, '-', '.'), got ${JSON.stringify(isRecord(givenS3) ? givenS3.bucket : givenS3)}`);
    let prefix = givenS3.prefix ?? 'beval/';
    if (prefix !== '' && !prefix.endsWith('/')) prefix += '/';
    if (!PREFIX.test(prefix)) fail('s3.prefix', "may contain only letters, digits and - ! _ * ' ( ) . in '/'-separated segments (Bedrock rejects ':', '=', '+' and spaces in S3 URIs)");
    const { kmsKeyId, bucketOwner } = givenS3 as { kmsKeyId?: unknown; bucketOwner?: unknown };
    if (kmsKeyId !== undefined && (typeof kmsKeyId !== 'string' || !KMS_KEY.test(kmsKeyId))) fail('s3.kmsKeyId', `expected a KMS key id, key ARN, alias/name or alias ARN, got ${JSON.stringify(kmsKeyId)}`);
    if (bucketOwner !== undefined && (typeof bucketOwner !== 'string' || !ACCOUNT.test(bucketOwner))) fail('s3.bucketOwner', `expected the 12-digit account id that owns the bucket, got ${JSON.stringify(bucketOwner)}`);
    const results = (givenS3 as { resultsPrefix?: unknown }).resultsPrefix;
    if (results !== undefined && (typeof results !== 'string' || results === '' || !PREFIX.test(results.endsWith('/') ? results : `${results}/`))) {
      fail('s3.resultsPrefix', "expected a key prefix like 'beval-results/' (letters, digits and - ! _ * ' ( ) . in '/'-separated segments)");
    }
    s3 = {
      bucket: givenS3.bucket, prefix, ...(kmsKeyId !== undefined ? { kmsKeyId } : {}), ...(bucketOwner !== undefined ? { bucketOwner } : {}),
      ...(results !== undefined ? { resultsPrefix: (results as string).endsWith('/') ? results as string : `${results as string}/` } : {}),
    };
  }
  const vpcConfig = resolveVpc(c.vpcConfig);

  const roleArn = c.roleArn ?? (t.kind === 'emulator' ? EMULATOR_DEFAULTS.roleArn : undefined);
  if (roleArn !== undefined && (typeof roleArn !== 'string' || !ROLE_ARN.test(roleArn))) fail('roleArn', 'expected an IAM role ARN like arn:aws:iam::123456789012:role/BedrockBatchRole');

  const jobTimeoutHours = c.jobTimeoutHours ?? 24;
  if (!Number.isInteger(jobTimeoutHours) || jobTimeoutHours < 24 || jobTimeoutHours > 168) fail('jobTimeoutHours', 'Bedrock accepts an integer from 24 to 168');

  const q = c.quotas ?? {};
  const quotas = {
    minRecordsPerJob: positiveInt(q.minRecordsPerJob, 'quotas.minRecordsPerJob', t.kind === 'emulator' ? (t.minRecordsPerJob ?? QUOTA_DEFAULTS.minRecordsPerJob) : QUOTA_DEFAULTS.minRecordsPerJob, 0),
    maxRecordsPerJob: positiveInt(q.maxRecordsPerJob, 'quotas.maxRecordsPerJob', QUOTA_DEFAULTS.maxRecordsPerJob),
    maxRecordsPerFile: positiveInt(q.maxRecordsPerFile, 'quotas.maxRecordsPerFile', QUOTA_DEFAULTS.maxRecordsPerFile),
    maxBytesPerFile: positiveInt(q.maxBytesPerFile, 'quotas.maxBytesPerFile', QUOTA_DEFAULTS.maxBytesPerFile),
    maxBytesPerJob: positiveInt(q.maxBytesPerJob, 'quotas.maxBytesPerJob', QUOTA_DEFAULTS.maxBytesPerJob),
    maxConcurrentJobsPerModel: positiveInt(q.maxConcurrentJobsPerModel, 'quotas.maxConcurrentJobsPerModel', QUOTA_DEFAULTS.maxConcurrentJobsPerModel),
  };
  if (quotas.minRecordsPerJob > quotas.maxRecordsPerJob) fail('quotas.minRecordsPerJob', `must not exceed quotas.maxRecordsPerJob (${quotas.maxRecordsPerJob})`);
  // Input files go up streamed (multipart above 16 MiB), but Bedrock's file quota is 1 GB by default: a value above what
  // one PutObject takes (5 GiB) is almost surely a unit mistake, so it is refused.
  if (quotas.maxBytesPerFile > S3_SINGLE_PUT_BYTES) fail('quotas.maxBytesPerFile', `must not exceed ${S3_SINGLE_PUT_BYTES} bytes (5 GiB), the most one S3 PutObject takes`);

  const onAws = t.kind === 'aws';
  const polling = {
    initialMs: positiveInt(c.polling?.initialMs, 'polling.initialMs', onAws ? 30_000 : 200),
    maxMs: positiveInt(c.polling?.maxMs, 'polling.maxMs', onAws ? 300_000 : 2_000),
    unreachableMs: positiveInt(c.polling?.unreachableMs, 'polling.unreachableMs', onAws ? 900_000 : 30_000),
  };

  if (c.mode !== undefined && c.mode !== 'batch' && c.mode !== 'realtime' && c.mode !== 'auto') fail('mode', `expected 'batch', 'realtime' or 'auto', got ${JSON.stringify(c.mode)}`);
  if (c.realtime !== undefined && !isRecord(c.realtime)) fail('realtime', 'expected { concurrency?, timeoutMs?, msPerOutputToken?, maxAttempts? }');
  const realtime: ResolvedConfig['realtime'] = {
    concurrency: positiveInt(c.realtime?.concurrency, 'realtime.concurrency', 4),
    ...(c.realtime?.timeoutMs !== undefined ? { timeoutMs: positiveInt(c.realtime.timeoutMs, 'realtime.timeoutMs', 0) } : {}),
    msPerOutputToken: positiveInt(c.realtime?.msPerOutputToken, 'realtime.msPerOutputToken', 50),
    maxAttempts: positiveInt(c.realtime?.maxAttempts, 'realtime.maxAttempts', 3),
  };

  const baseline = c.baseline ?? models[0]!.label;
  if (!models.some((m) => m.label === baseline || m.id === baseline || m.key === baseline)) {
    fail('baseline', `expected the label or id of a configured model (${models.map((m) => m.label).join(', ')}), got ${JSON.stringify(baseline)}`);
  }
  if (c.scorers !== undefined && !Array.isArray(c.scorers)) fail('scorers', "expected an array like ['numeric', ['contains', { value: 'Paris' }]]");
  if (c.budgetUsd !== undefined && (typeof c.budgetUsd !== 'number' || c.budgetUsd < 0)) fail('budgetUsd', 'expected a non-negative number of USD');
  const tags = resolveTags(c.tags);

  const outDir = path.resolve(baseDir, c.outDir ?? 'reports');
  const judging = c.judges === undefined && c.judge === undefined ? undefined : resolveJudges(c.judges, c.judge, baseDir, outDir, models.length);
  const scorers = c.scorers ?? ['equals'];
  const metrics = metricNames([...checkScorers(scorers, fail), ...(judging?.judges ?? []).map((j) => j.name)]);
  if (isRecord(c.gate)) checkGateMetrics(c.gate.rules, metrics, fail);

  return {
    configPath,
    suite: path.resolve(baseDir, c.suite),
    models,
    target,
    mode: c.mode ?? 'batch',
    realtime,
    ...(s3 ? { s3 } : {}),
    ...(vpcConfig ? { vpcConfig } : {}),
    ...(roleArn !== undefined ? { roleArn } : {}),
    scorers,
    outDir,
    baseline: models.find((m) => m.label === baseline || m.id === baseline || m.key === baseline)!.key,
    ...(c.gate ? { gate: resolveGate(c.gate, models, baseline) } : {}),
    quotas,
    jobTimeoutHours,
    polling,
    tags,
    ...(c.budgetUsd !== undefined ? { budgetUsd: c.budgetUsd } : {}),
    reuse: reuseSources(c.reuse),
    seed: c.seed ?? 1,
    unanswered: resolveUnanswered(c.unanswered),
    ...(c.equivalenceMargin !== undefined ? { equivalenceMargin: resolveMargin(c.equivalenceMargin, metrics) } : {}),
    csv: { neutraliseFormulas: c.csv?.neutraliseFormulas ?? true, bom: c.csv?.bom ?? false },
    ...(judging ? judging : {}),
  };
}
