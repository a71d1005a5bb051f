// EvalConfig: what users write in eval.config.ts, documented field by field; ResolvedConfig: the fully-filled form.
import type { ContentBlock, ConverseInput } from './suite.ts';
import type { ScorerSpec } from '../scorers/catalogue.ts';
import type { GateConfig } from './gate.ts';
import type { EmulatorOptions } from '../emulator/index.ts';
import type { JudgeConfig, JudgeStageConfig, ResolvedJudge, ResolvedJudgeStage } from './judge.ts';
import type { ModelPricing } from './pricing.ts';

/**
 * How a record a model did not answer counts (src/stats/answer-policy.ts): `fail` (a failure in binary scores and paired
 * comparisons) or `exclude` (answered records only).
 */
export type UnansweredPolicy = 'fail' | 'exclude';

export interface ModelConfig {
  /** Bedrock model ID, inference-profile ID or ARN (for the emulator: a built-in or replay model id). */
  id: string;
  /** Display name in reports; also the basis of the model's key in file names. @default id */
  label?: string;
  /** Merged over each record's `inferenceConfig` (model's values win). */
  inferenceConfig?: ConverseInput['inferenceConfig'];
  /** Merged over each record's `additionalModelRequestFields` (model's values win). */
  additionalModelRequestFields?: Record<string, unknown>;
  /** System prompt for this model; replaces the record's `system` when set. A string becomes one text block. */
  system?: string | ContentBlock[];
  /** Price override for this model (otherwise the built-in table, if it knows the id). */
  pricing?: ModelPricing;
  /** A fixed realtime timeout per Converse attempt for this model, over `realtime.timeoutMs` and the maxTokens scaling. */
  realtimeTimeoutMs?: number;
}

/** Run against the embedded emulator (the default): started in-process unless `endpoint` points at a running one. */
export interface EmulatorTarget {
  kind: 'emulator';
  /** URL of an already running emulator (`beval emulator`); omit to start one in-process for the run. */
  endpoint?: string;
  /** modelId → recording JSONL for the emulator's replay models (paths relative to the config file). */
  replay?: Record<string, string>;
  /** Fault injection for tests and drills; off by default. */
  faults?: EmulatorOptions['faults'];
  /** Emulator's minimum records per job. @default 100 */
  minRecordsPerJob?: number;
  /** Emulator job pacing. */
  timing?: EmulatorOptions['timing'];
}

/** Run against Amazon Bedrock. */
export interface AwsTarget {
  kind: 'aws';
  /**
   * AWS Region, e.g. `us-east-1` (any name the SDK accepts, `eusc-de-east-1` included). Omit it to use the SDK's Region
   * chain: `AWS_REGION`, then the profile's `region`.
   */
  region?: string;
  /** Named profile from ~/.aws/config; omit to use the default credential chain. */
  profile?: string;
  /**
   * Endpoint override for the Bedrock control plane (batch jobs), e.g. a VPC endpoint. It is not used for S3 or for
   * Converse calls: `bedrock` and `bedrock-runtime` are separate services with separate endpoints.
   */
  endpoint?: string;
  /** Endpoint override for `bedrock-runtime` (realtime mode and realtime judges), e.g. its own VPC endpoint. */
  runtimeEndpoint?: string;
}

export type TargetConfig = EmulatorTarget | AwsTarget;

/** Where batch inputs and outputs go, and how they are written. */
export interface S3Config {
  bucket: string;
  /** Key prefix; a missing trailing `/` is added. @default 'beval/' */
  prefix?: string;
  /**
   * KMS key (key id, key ARN, alias name or alias ARN) for SSE-KMS: every PutObject and CopyObject sends
   * `ServerSideEncryption: aws:kms` with it, and jobs write their outputs with it (`s3EncryptionKeyId`). Needed when the
   * bucket policy refuses writes without SSE-KMS. @default none (the bucket's default encryption)
   */
  kmsKeyId?: string;
  /**
   * The 12-digit account id that owns the bucket, for a bucket in another account: every S3 call sends it as
   * `ExpectedBucketOwner` and jobs send it as `s3BucketOwner` on input and output. @default none (your own bucket)
   */
  bucketOwner?: string;
  /**
   * When set, every collected run also uploads its results.parquet to
   * `s3://<bucket>/<resultsPrefix>suite=<suite>/run_date=<YYYY-MM-DD>/run_id=<runId>/results.parquet` (Hive-style
   * partitions: one Athena table over every run, docs/results-schema.md). @default no upload
   */
  resultsPrefix?: string;
}

/** A batch job's VPC (both lists required, as in CreateModelInvocationJob). */
export interface VpcConfig {
  /** 1–16 subnet ids (`subnet-…`). */
  subnetIds: string[];
  /** 1–5 security group ids (`sg-…`). */
  securityGroupIds: string[];
}

/** Batch quotas per model; AWS's published defaults unless overridden. */
export interface QuotaConfig {
  /** @default 100 */
  minRecordsPerJob?: number;
  /** @default 50000 */
  maxRecordsPerJob?: number;
  /** @default 50000 */
  maxRecordsPerFile?: number;
  /** @default 1 GB (1_000_000_000 bytes) */
  maxBytesPerFile?: number;
  /** @default 5 GB */
  maxBytesPerJob?: number;
  /** Cap on this run's submitted + in-progress jobs per model. @default 10 */
  maxConcurrentJobsPerModel?: number;
}

/** How a run's records reach each model. */
export type RunMode = 'batch' | 'realtime' | 'auto';

/** Realtime (Converse API) execution settings. */
export interface RealtimeConfig {
  /** Converse requests in flight at once, per model. @default 4 */
  concurrency?: number;
  /**
   * A fixed timeout per Converse attempt (the SDK's waits between retries are not counted), for every model. Unset
   * (the default), each request's timeout scales with the most it may write: 30 s + maxTokens × `msPerOutputToken`.
   * A timed-out request writes no line and is sent again (docs/realtime.md).
   */
  timeoutMs?: number;
  /** Time allowed per output token when the timeout scales with maxTokens. @default 50 */
  msPerOutputToken?: number;
  /**
   * Attempts per record for throttling, 5xx and timeouts that outlast the SDK's own retries; the last one's failure is
   * written as the record's error line. @default 3
   */
  maxAttempts?: number;
}

/** Resolved realtime settings: `timeoutMs` stays undefined unless set, so timeouts scale with maxTokens. */
export interface ResolvedRealtime {
  concurrency: number;
  timeoutMs?: number;
  msPerOutputToken: number;
  maxAttempts: number;
}

export interface EvalConfig {
  /** Path of the Converse JSONL suite, relative to the config file. */
  suite: string;
  /** The models to compare; one batch job (or more, when sharded) per model. */
  models: ModelConfig[];
  /** Where jobs run. @default { kind: 'emulator' } */
  target?: TargetConfig;
  /**
   * `batch`: one batch job per model (shard). `realtime`: one Converse call per record, outputs written in the batch
   * output shape. `auto`: realtime for a model whose records are under `quotas.minRecordsPerJob`, batch otherwise.
   * `beval run --realtime` / `--mode` override it. @default 'batch'
   */
  mode?: RunMode;
  /** Realtime execution settings (docs/realtime.md). */
  realtime?: RealtimeConfig;
  /**
   * S3 location for batch inputs and outputs. @default { bucket: 'beval-local', prefix: 'beval/' } on the emulator;
   * required on AWS for batch jobs (and judges), not for a run whose every model goes realtime
   */
  s3?: S3Config;
  /**
   * Bedrock batch jobs in a VPC: the subnets and security groups the job's S3 access goes through (sent as the job's
   * `vpcConfig`). Only for accounts whose buckets are reachable from a VPC alone.
   */
  vpcConfig?: VpcConfig;
  /** IAM service role Bedrock assumes to read and write S3. Required on AWS for batch jobs (and judges), as `s3`. */
  roleArn?: string;
  /** Suite-wide scorers: a name or `[name, options]` or a custom `{ name, score }`. @default ['equals'] */
  scorers?: ScorerSpec[];
  /** Where run directories go, relative to the config file. @default 'reports' */
  outDir?: string;
  /** Model label or id that others are compared with. @default the first model */
  baseline?: string;
  /** Regression gate for CI (see docs/statistics.md). Models may be named by label or id; baseline defaults to `baseline`. */
  gate?: Omit<GateConfig, 'baseline'> & {
    baseline?: string;
    /** Take the baseline model from an earlier run (run id or path to its results.json), paired by recordId. */
    baselineRun?: string;
  };
  /** Quotas and sharding. */
  quotas?: QuotaConfig;
  /** Job timeout passed to Bedrock, 24–168 hours. @default 24 */
  jobTimeoutHours?: number;
  /** Polling cadence; defaults depend on the target (200 ms→2 s on the emulator, 30 s→5 min on AWS). */
  /**
   * Backoff between polls, from initialMs up to maxMs, and how long every poll may find no endpoint at all (connection
   * refused, DNS failure) before the command stops waiting with a resume command. @default unreachableMs 15 min on AWS, 30 s on the emulator
   */
  polling?: { initialMs?: number; maxMs?: number; unreachableMs?: number };
  /** Tags added to every job. `beval:run`, `beval:model` and `beval:shard` are always added (and reserved). */
  tags?: Record<string, string>;
  /** Refuse to submit when the estimated cost exceeds this many USD (override with --yes). */
  budgetUsd?: number;
  /**
   * Earlier runs (ids under outDir, or run directories) whose answers a new run takes for unchanged requests instead
   * of sending them (same as `beval run --reuse`; `--no-reuse` ignores it). Off when absent (docs/runs.md).
   */
  reuse?: string | string[];
  /** Seed for bootstrap intervals and any sampling. @default 1 */
  seed?: number;
  /**
   * Records a model did not answer (an error, a missing output line): `fail` counts them as failures in a binary
   * metric's headline and in paired comparisons; `exclude` compares answered records only (docs/statistics.md).
   * @default 'fail'
   */
  unanswered?: UnansweredPolicy;
  /**
   * Equivalence margin, in the metric's units (0.02 = two points of pass rate), for all metrics or per metric
   * (`{ numeric: 0.02 }`): a comparison whose 95% interval lies inside ±margin reads `equivalent`. Without one, never.
   */
  equivalenceMargin?: number | Record<string, number>;
  /** CSV output options. */
  csv?: CsvOptions;
  /** LLM judges run as batch jobs after generation (docs/judges.md): rubric, reference or pairwise. @default [] */
  judges?: JudgeConfig[];
  /** Judge-stage options: below-minimum handling and the verdict cache folder. */
  judge?: JudgeStageConfig;
}

export interface ResolvedModel {
  id: string;
  label: string;
  /** Unique, S3- and job-name-safe key: [a-z0-9-], ≤ 24 chars. */
  key: string;
  inferenceConfig?: ConverseInput['inferenceConfig'];
  additionalModelRequestFields?: Record<string, unknown>;
  system?: ContentBlock[];
  pricing?: ModelPricing;
  realtimeTimeoutMs?: number;
}

export interface ResolvedConfig {
  /** Absolute path of the config file (or '<inline>'). */
  configPath: string;
  /** Absolute suite path. */
  suite: string;
  models: ResolvedModel[];
  target: (EmulatorTarget & { replay: Record<string, string> }) | AwsTarget;
  mode: RunMode;
  realtime: ResolvedRealtime;
  /** Absent only on AWS when eval.config.ts leaves it out: then only realtime runs can plan (see batchSetup). */
  s3?: { bucket: string; prefix: string; kmsKeyId?: string; bucketOwner?: string; resultsPrefix?: string };
  vpcConfig?: VpcConfig;
  /** Absent only on AWS when eval.config.ts leaves it out, as `s3`. */
  roleArn?: string;
  scorers: ScorerSpec[];
  outDir: string;
  baseline: string;
  gate?: GateConfig & { baselineRun?: string };
  quotas: Required<QuotaConfig>;
  jobTimeoutHours: number;
  polling: { initialMs: number; maxMs: number; unreachableMs: number };
  tags: Record<string, string>;
  budgetUsd?: number;
  /** Source runs of the generation cache (empty: reuse off). */
  reuse: string[];
  seed: number;
  unanswered: UnansweredPolicy;
  equivalenceMargin?: number | Record<string, number>;
  csv: Required<CsvOptions>;
  /** Resolved judges (absent or empty: no judge stage). */
  judges?: ResolvedJudge[];
  judgeStage?: ResolvedJudgeStage;
}

/** Options for summary.csv, records.csv and scores.csv. */
export interface CsvOptions {
  /**
   * Prefix `'` to text cells starting with `=`, `+`, `-`, `@`, TAB or CR (and their full-width forms, also after
   * leading spaces or line breaks), so a
   * spreadsheet shows model output as text instead of evaluating it. Numeric columns we format ourselves are never
   * touched, so `-0.5` stays a number.
   * @default true
   */
  neutraliseFormulas?: boolean;
  /**
   * Start the file with a UTF-8 byte order mark so Excel detects the encoding of Japanese or emoji text.
   * @default false
   */
  bom?: boolean;
}

/** CsvOptions with every field filled in. */
export interface ResolvedCsvOptions {
  neutraliseFormulas: boolean;
  bom: boolean;
}
