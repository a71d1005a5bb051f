// The fields eval.config.ts may set, section by section, so a typo (`modles`, `endpont`) is an error, not a silent default.
import type { AwsTarget, EmulatorTarget, EvalConfig, ModelConfig, QuotaConfig, RealtimeConfig, S3Config, VpcConfig } from '../types/config.ts';
import type { CsvOptions } from '../report/csv-options.ts';
import type { GateRule } from '../types/gate.ts';
import type { JudgeConfig, JudgeStageConfig } from '../types/judge.ts';
import { didYouMean } from '../did-you-mean.ts';

// `satisfies Record<keyof T, true>` makes the typecheck fail when a documented field is added but not listed here.
const ROOT = {
  suite: true, models: true, target: true, mode: true, realtime: true, s3: true, roleArn: true, scorers: true, outDir: true,
  baseline: true, gate: true, quotas: true, jobTimeoutHours: true, polling: true, tags: true, budgetUsd: true, seed: true,
  unanswered: true, equivalenceMargin: true, csv: true, judges: true, judge: true, vpcConfig: true, reuse: true,
} satisfies Record<keyof EvalConfig, true>;
const MODEL = { id: true, label: true, inferenceConfig: true, additionalModelRequestFields: true, system: true, pricing: true, realtimeTimeoutMs: true } satisfies Record<keyof ModelConfig, true>;
const EMULATOR = { kind: true, endpoint: true, replay: true, faults: true, minRecordsPerJob: true, timing: true } satisfies Record<keyof EmulatorTarget, true>;
const AWS = { kind: true, region: true, profile: true, endpoint: true, runtimeEndpoint: true } satisfies Record<keyof AwsTarget, true>;
const QUOTAS = {
  minRecordsPerJob: true, maxRecordsPerJob: true, maxRecordsPerFile: true, maxBytesPerFile: true, maxBytesPerJob: true, maxConcurrentJobsPerModel: true,
} satisfies Record<keyof QuotaConfig, true>;
const S3 = { bucket: true, prefix: true, kmsKeyId: true, bucketOwner: true, resultsPrefix: true } satisfies Record<keyof S3Config, true>;
const VPC = { subnetIds: true, securityGroupIds: true } satisfies Record<keyof VpcConfig, true>;
const REALTIME = { concurrency: true, timeoutMs: true, msPerOutputToken: true, maxAttempts: true } satisfies Record<keyof RealtimeConfig, true>;
const CSV = { neutraliseFormulas: true, bom: true } satisfies Record<keyof CsvOptions, true>;
const GATE = { baseline: true, baselineRun: true, candidates: true, rules: true, coverageTolerance: true, allowSubset: true } satisfies Record<keyof NonNullable<EvalConfig['gate']>, true>;
const RULE = { metric: true, margin: true, minCoverage: true, maxCostRatio: true, maxLatencyRatio: true } satisfies Record<keyof GateRule, true>;
const JUDGE = { kind: true, model: true, name: true, rubric: true, scale: true, template: true, maxTokens: true, pricing: true } satisfies Record<keyof JudgeConfig, true>;
const JUDGE_STAGE = { belowMinimum: true, cacheDir: true } satisfies Record<keyof JudgeStageConfig, true>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** [field, message] for the first key of `obj` not in `known`, naming the closest known one. */
function firstUnknown(obj: unknown, known: Record<string, true>, where: string): [string, string] | undefined {
  if (!isRecord(obj)) return undefined;
  const names = Object.keys(known);
  const bad = Object.keys(obj).find((k) => !Object.hasOwn(known, k));
  if (bad === undefined) return undefined;
  const field = where ? `${where}.${bad}` : bad;
  return [field, `unknown field${didYouMean(bad, names)}; ${where || 'the config'} takes ${names.join(', ')}`];
}

/** firstUnknown over each element of `list` (`models[0]`, `models[1]`, …), when it is an array. */
function firstUnknownIn(list: unknown, known: Record<string, true>, where: string): [string, string] | undefined {
  if (!Array.isArray(list)) return undefined;
  for (const [i, item] of list.entries()) {
    const found = firstUnknown(item, known, `${where}[${i}]`);
    if (found) return found;
  }
  return undefined;
}

/**
 * The first field of the config that beval does not know, with a suggestion, or undefined. Sections of the wrong type
 * are left to resolveConfig's own checks. Emulator `faults` and `timing` are test drills and are not checked here.
 */
export function unknownConfigField(config: Record<string, unknown>): [string, string] | undefined {
  const { target, gate } = config;
  const kind = isRecord(target) ? target.kind : undefined;
  return firstUnknown(config, ROOT, '')
    ?? firstUnknownIn(config.models, MODEL, 'models')
    ?? (kind === 'aws' ? firstUnknown(target, AWS, 'target') : kind === 'emulator' ? firstUnknown(target, EMULATOR, 'target') : undefined)
    ?? firstUnknown(config.s3, S3, 's3')
    ?? firstUnknown(config.vpcConfig, VPC, 'vpcConfig')
    ?? firstUnknown(config.quotas, QUOTAS, 'quotas')
    ?? firstUnknown(config.polling, { initialMs: true, maxMs: true, unreachableMs: true }, 'polling')
    ?? firstUnknown(config.realtime, REALTIME, 'realtime')
    ?? firstUnknown(config.csv, CSV, 'csv')
    ?? firstUnknown(gate, GATE, 'gate')
    ?? (isRecord(gate) ? firstUnknownIn(gate.rules, RULE, 'gate.rules') : undefined)
    ?? firstUnknownIn(config.judges, JUDGE, 'judges')
    ?? firstUnknown(config.judge, JUDGE_STAGE, 'judge');
}
