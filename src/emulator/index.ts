// Public entry of the local Bedrock emulator: one loopback HTTP server speaking Bedrock control plane, runtime Converse and
// S3, plus the read-only STS, IAM and Service Quotas calls of `beval doctor`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handleBedrock, type BedrockContext } from './bedrock-handler.ts';
import type { IdempotencyMismatch, StopBeforeScheduled } from './control-plane.ts';
import { FaultPlan, type FaultSpec } from './faults.ts';
import { redactedSearch, signingService } from './http-util.ts';
import { JobRunner } from './job-runner.ts';
import { listenDual } from './listener.ts';
import { jobView, type EmulatorJobView, type Job } from './jobs.ts';
import { ModelRegistry } from './model-registry.ts';
import { ObjectStore } from './object-store.ts';
import { handleS3, type BucketSettings } from './s3-handler.ts';
import { handleSts } from './sts-handler.ts';
import { handleIam } from './iam-handler.ts';
import { handleServiceQuotas, type ServiceQuotasOperation } from './service-quotas-handler.ts';
import { EMULATOR_MODELS } from './models.ts';
import { MultipartUploads } from './multipart.ts';
import { parseS3Uri, type CreateJobRequest } from './validate-create.ts';
import { DEFAULT_QUOTAS, type EmulatorQuotas } from './quotas.ts';

export { EMULATOR_MODELS, type EmulatorModel, type EmulatorModelId } from './models.ts';
export { WORD_PROBLEMS, solvePrompt } from './arithmetic.ts';
export type { FaultSpec, EmulatorOp } from './faults.ts';
export type { EmulatorJobView, JobStatus } from './jobs.ts';
export type { Recording } from './replay.ts';
export type { EmulatorQuotas } from './quotas.ts';
export type { BucketSettings } from './s3-handler.ts';

export interface EmulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Region and account used in job ARNs. Defaults 'us-east-1', '123456789012'. */
  region?: string;
  accountId?: string;
  /** Folder for S3 object bytes (so GB-sized outputs don't live in memory). Default: a fresh temp dir, removed on close. */
  dataDir?: string;
  /**
   * Buckets that exist at start. When given, S3 is strict: PutObject to any other bucket answers NoSuchBucket (until
   * CreateBucket makes it) and a job whose output bucket is missing fails in Validating. When omitted, a bucket is
   * created by its first write, which AWS never does.
   */
  buckets?: string[];
  /**
   * Buckets that differ from a plain one: in another Region (requests signed for the emulator's Region get S3's 301),
   * owned by another account (a mismatching ExpectedBucketOwner gets 403), or KMS-only (a PutObject without SSE-KMS
   * gets 403). They exist from the start, as `buckets` do.
   */
  bucketSettings?: Record<string, BucketSettings>;
  /** Minimum records per job, validated during `Validating` (AWS default 100). @default 100 */
  minRecordsPerJob?: number;
  /**
   * A repeated `clientRequestToken` whose other parameters differ: `ignore` returns the original job (the documented
   * "ignores the request"), `conflict` answers ConflictException. AWS's behaviour is unconfirmed. @default 'ignore'
   */
  idempotencyMismatch?: IdempotencyMismatch;
  /**
   * Stop on a job still `Submitted`/`Validating`: `stop` stops it, `refuse` answers ValidationException "… State was:
   * Validating" and lets it run on (AWS's answer is undocumented; bedrock-batch.md). @default 'stop'
   */
  stopBeforeScheduled?: StopBeforeScheduled;
  /** Per-model batch quotas beyond the minimum (see EmulatorQuotas for each default). */
  quotas?: Partial<EmulatorQuotas>;
  /**
   * Job pacing: `stepMs` per state transition (Submitted→Validating→Scheduled→InProgress, and Stopping→Stopped),
   * `recordsPerSecond` while InProgress. @default { stepMs: 150, recordsPerSecond: 300 }
   */
  timing?: { stepMs?: number; recordsPerSecond?: number };
  /** modelId -> path of a recording JSONL file; those model ids answer by replay. */
  replay?: Record<string, string>;
  /** Fault injection, off by default (see docs/emulator.md). */
  faults?: FaultSpec[];
  /**
   * Role ARNs the emulator's principal may not pass: IAM SimulatePrincipalPolicy answers `implicitDeny` for
   * `iam:PassRole` on them (every other action, and PassRole to Bedrock on any other role, is `allowed`).
   */
  denyPassRole?: string[];
  /**
   * Read-only calls `beval doctor` makes that answer AccessDenied, as for a caller without the permission:
   * IAM `SimulatePrincipalPolicy`, Service Quotas `ListServiceQuotas` and `ListAWSDefaultServiceQuotas`.
   */
  refuse?: ('SimulatePrincipalPolicy' | ServiceQuotasOperation)[];
  /**
   * Models whose batch quotas have no applied value: Service Quotas `ListServiceQuotas` leaves them out, as AWS
   * documents for such quotas, and only `ListAWSDefaultServiceQuotas` lists them (with AWS's defaults).
   */
  quotasNotApplied?: string[];
  /** Seed for shuffling output order and any other randomness (deterministic given the seed + job id). @default 1 */
  seed?: number;
  /** Largest object a single PutObject may upload; larger ones get EntityTooLarge, as on S3. @default 5 GiB */
  maxUploadBytes?: number;
  /** Optional log sink for one line per request / state change. */
  log?: (line: string) => void;
}

export interface EmulatorCounters {
  /** CreateModelInvocationJob requests received (incl. idempotent replays and faulted ones). */
  createCalls: number;
  /** Distinct jobs actually created. */
  jobsCreated: number;
  jobsByModel: Record<string, number>;
  /** S3 PutObject requests. */
  putObjectCalls: number;
  /** S3 CopyObject requests that copied an object. */
  copyObjectCalls: number;
  /** Runtime Converse requests by modelId (as it appeared in the path). */
  converseCalls: Record<string, number>;
  /** Requests by the scheme of their Authorization header (`AWS4-HMAC-SHA256`, `Bearer`), so tests see how clients sign. */
  authSchemes: Record<string, number>;
}

export interface RunningEmulator {
  /** e.g. 'http://127.0.0.1:43123' */
  endpoint: string;
  port: number;
  counters(): EmulatorCounters;
  /** Snapshot of all jobs (for tests), in creation order. */
  jobs(): EmulatorJobView[];
  close(): Promise<void>;
}

/** The scheme word of an Authorization header; never the credential after it. */
function authScheme(header: string): string {
  return /^[A-Za-z0-9-]+/.exec(header)?.[0] ?? 'other';
}

/**
 * What Bedrock's Validating step meets in S3 for a job whose configs ignore a bucket's rules: a bucket of another
 * account read or written without `s3BucketOwner` naming it, and a KMS-only bucket written without
 * `s3EncryptionKeyId` (its policy denies the role's unencrypted PutObject).
 */
function bucketRefusal(request: CreateJobRequest, settings: Record<string, BucketSettings>, accountId: string): string | undefined {
  const input = request.inputDataConfig.s3InputDataConfig;
  const output = request.outputDataConfig.s3OutputDataConfig;
  for (const [what, cfg] of [['input', input], ['output', output]] as const) {
    const bucket = parseS3Uri(cfg.s3Uri).bucket;
    const owner = Object.hasOwn(settings, bucket) ? settings[bucket]!.owner : undefined;
    if (owner !== undefined && owner !== accountId && cfg.s3BucketOwner !== owner) {
      return `Unable to access the ${what} S3 location ${cfg.s3Uri}: the bucket belongs to account ${owner}. Set s3BucketOwner to the bucket owner's account id.`;
    }
  }
  const outBucket = parseS3Uri(output.s3Uri).bucket;
  if (Object.hasOwn(settings, outBucket) && settings[outBucket]!.kmsKeyId !== undefined && output.s3EncryptionKeyId === undefined) {
    return `Unable to write to the output S3 location ${output.s3Uri}: access denied by the bucket policy, which requires SSE-KMS. Set s3EncryptionKeyId.`;
  }
  return undefined;
}

export const DEFAULT_TIMING = { stepMs: 150, recordsPerSecond: 300 } as const;

/** S3 refuses a single PutObject over 5 GB (larger objects need a multipart upload). */
export const MAX_UPLOAD_BYTES = 5 * 1024 ** 3;

/** The request target as a URL, or undefined when it cannot be one (`//[`, `http://[`). */
function parseTarget(target: string | undefined): URL | undefined {
  try {
    return new URL(target ?? '/', 'http://127.0.0.1');
  } catch {
    return undefined;
  }
}

const BEDROCK_PATH = /^\/(model-invocation-job|model-invocation-jobs|model|foundation-models|inference-profiles)(\/|$)/;

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'beval-emulator-')));
  const store = new ObjectStore(dataDir, options.buckets === undefined);
  await store.init();
  for (const bucket of [...(options.buckets ?? []), ...Object.keys(options.bucketSettings ?? {})]) store.createBucket(bucket);
  const log = options.log ?? (() => {});
  const seed = options.seed ?? 1;
  const plan = new FaultPlan(options.faults ?? [], seed);
  const models = new ModelRegistry(options.replay ?? {});
  const quotas: EmulatorQuotas = { ...DEFAULT_QUOTAS, ...options.quotas };
  const runner = new JobRunner({
    store,
    plan,
    seed,
    minRecordsPerJob: options.minRecordsPerJob ?? 100,
    quotas,
    timing: { ...DEFAULT_TIMING, ...options.timing },
    resolveModel: (id) => models.forJob(id),
    bucketRefusal: (request) => bucketRefusal(request, options.bucketSettings ?? {}, options.accountId ?? '123456789012'),
    log,
  });
  let putObjectCalls = 0;
  let copyObjectCalls = 0;
  const authSchemes: Record<string, number> = {};
  const jobs = new Map<string, Job>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  const ctx: BedrockContext = {
    control: {
      region: options.region ?? 'us-east-1',
      accountId: options.accountId ?? '123456789012',
      seed,
      jobs,
      byToken: new Map(),
      runner,
      plan,
      maxConcurrentJobsPerModel: quotas.maxConcurrentJobsPerModel,
      idempotencyMismatch: options.idempotencyMismatch ?? 'ignore',
      stopBeforeScheduled: options.stopBeforeScheduled ?? 'stop',
      supportedModel: (id) => models.resolve(id),
      counters: { createCalls: 0, jobsCreated: 0, jobsByModel: Object.create(null) as Record<string, number> },
    },
    runtime: {
      models,
      plan,
      delay: (ms) => new Promise((resolve, reject) => {
        if (closed) return reject(new Error('emulator closed'));
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, ms);
        timer.unref();
        timers.add(timer);
      }),
    },
    catalog: { region: options.region ?? 'us-east-1', accountId: options.accountId ?? '123456789012', replayIds: Object.keys(options.replay ?? {}) },
    // Keyed by model ids from request paths and bodies: no prototype for `__proto__` to reach.
    converseCalls: Object.create(null) as Record<string, number>,
  };

  const s3 = {
    store, onPutObject: () => putObjectCalls++, onCopyObject: () => copyObjectCalls++, maxUploadBytes: options.maxUploadBytes ?? MAX_UPLOAD_BYTES,
    region: ctx.control.region, accountId: ctx.control.accountId, buckets: { ...options.bucketSettings },
    uploads: new MultipartUploads(store),
  };
  const refuse = new Set(options.refuse ?? []);
  const iam = { accountId: ctx.control.accountId, denyPassRole: [...(options.denyPassRole ?? [])], refuse: refuse.has('SimulatePrincipalPolicy') };
  const serviceQuotas = {
    region: ctx.control.region, accountId: ctx.control.accountId, quotas, minRecordsPerJob: options.minRecordsPerJob ?? 100,
    modelIds: () => [...Object.keys(EMULATOR_MODELS), ...Object.keys(options.replay ?? {})],
    notApplied: new Set(options.quotasNotApplied ?? []),
    refuse: new Set([...refuse].filter((r): r is ServiceQuotasOperation => r !== 'SimulatePrincipalPolicy')),
  };
  const listener = await listenDual((req, res) => {
    // Nothing a client sends may end the process: a request target the URL parser refuses (`GET //[`) threw here,
    // outside any handler's error handling, and took every job of the emulator (and an in-process `beval run`) down.
    try {
      const url = parseTarget(req.url);
      if (!url) {
        res.writeHead(400, { 'Content-Type': 'text/plain', 'Content-Length': '24', Connection: 'close' });
        res.end('The request target is bad');
        return;
      }
      res.on('finish', () => log(`${req.method} ${url.pathname}${redactedSearch(url)} -> ${res.statusCode}`));
      const service = signingService(req);
      const bedrock = service === 'bedrock' || (service !== 's3' && BEDROCK_PATH.test(url.pathname));
      if (req.headers.authorization) authSchemes[authScheme(req.headers.authorization)] = (authSchemes[authScheme(req.headers.authorization)] ?? 0) + 1;
      const handled = service === 'sts'
        ? handleSts({ accountId: ctx.control.accountId }, req, res)
        : service === 'iam'
          ? handleIam(iam, req, res)
          : service === 'servicequotas'
            ? handleServiceQuotas(serviceQuotas, req, res)
            : bedrock
              ? handleBedrock(ctx, req, res, url)
              : handleS3(s3, req, res, url);
      handled.catch(() => res.destroy());
    } catch {
      res.destroy();
    }
  }, options.port ?? 0);
  const port = listener.port;
  log(`emulator listening on http://127.0.0.1:${port} (data in ${dataDir})`);

  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    counters: () => ({
      createCalls: ctx.control.counters.createCalls,
      jobsCreated: ctx.control.counters.jobsCreated,
      jobsByModel: { ...ctx.control.counters.jobsByModel },
      putObjectCalls,
      copyObjectCalls,
      converseCalls: { ...ctx.converseCalls },
      authSchemes: { ...authSchemes },
    }),
    jobs: () => [...jobs.values()].map(jobView),
    close: async () => {
      if (closed) return;
      closed = true;
      runner.close();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await listener.close();
      if (ownDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
