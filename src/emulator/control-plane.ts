// Bedrock control-plane operations for batch jobs: Create, Get, List, Stop (restJson1, spec §1–§2).
import { randomUUID } from 'node:crypto';
import type { FaultPlan } from './faults.ts';
import { BedrockHttpError, validationError } from './http-util.ts';
import type { JobRunner } from './job-runner.ts';
import { DEFAULT_TIMEOUT_HOURS, JOB_STATUSES, TERMINAL_STATUSES, jobWire, type Job, type JobStatus } from './jobs.ts';
import { JOB_ID_ALPHABET, hashId } from './random.ts';
import { JOB_NAME_PATTERN, validateCreate, type CreateJobRequest } from './validate-create.ts';

export interface ControlPlaneState {
  region: string;
  accountId: string;
  seed: number;
  jobs: Map<string, Job>;
  byToken: Map<string, Job>;
  runner: JobRunner;
  plan: FaultPlan;
  /** What a repeated clientRequestToken with different parameters gets (AWS's answer is unconfirmed). */
  idempotencyMismatch: IdempotencyMismatch;
  /** What Stop answers for a job still `Submitted` or `Validating` (AWS's answer is undocumented). */
  stopBeforeScheduled: StopBeforeScheduled;
  /** Unfinished jobs one model may have; the next Create answers ServiceQuotaExceededException. */
  maxConcurrentJobsPerModel: number;
  /** Resolves a client model id to a supported model key, or undefined when batch is not supported for it. */
  supportedModel(modelId: string): string | undefined;
  counters: { createCalls: number; jobsCreated: number; jobsByModel: Record<string, number> };
}

/**
 * `ignore`: the original job's ARN, whatever else differs (the model's "ignores the request, but does not return an
 * error"). `conflict`: 400 ConflictException when any other parameter differs, as EC2's idempotency (which the model
 * links) answers IdempotentParameterMismatch.
 */
export type IdempotencyMismatch = 'ignore' | 'conflict';

/**
 * Stop on a job that is still `Submitted` or `Validating`: `stop` moves it to Stopping like any unfinished job; `refuse`
 * answers ValidationException "… State was: Validating" and the job keeps running (the spec: undocumented on AWS, and
 * a "State was" refusal does not mean the job ended), so a client must read the state and not count it as done.
 */
export type StopBeforeScheduled = 'stop' | 'refuse';

/** The request without its token, key order fixed, to compare a replay with the original. */
function requestKey(request: CreateJobRequest): string {
  const { clientRequestToken: _token, ...rest } = request;
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])]));
    return v;
  };
  return JSON.stringify(sorted(rest));
}

const JOB_IDENTIFIER = /^(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:model-invocation-job\/)?([a-z0-9]{12})$/;

export function createJob(state: ControlPlaneState, body: unknown): { jobArn: string } {
  const request = validateCreate(body);
  const existing = request.clientRequestToken ? state.byToken.get(request.clientRequestToken) : undefined;
  // Idempotent replay: AWS "ignores the request but does not return an error"; we return the original job's ARN.
  if (existing) {
    if (state.idempotencyMismatch === 'conflict' && requestKey(existing.request) !== requestKey(request)) {
      throw new BedrockHttpError({
        status: 400,
        code: 'ConflictException',
        message: `The clientRequestToken ${request.clientRequestToken ?? ''} was already used for job ${existing.arn} with different parameters. Use a new token for a different request.`,
      });
    }
    return { jobArn: existing.arn };
  }
  const model = state.supportedModel(request.modelId);
  if (!model) throw new BedrockHttpError(validationError('Batch inference is not supported for the requested model.'));
  for (const job of state.jobs.values()) {
    if (job.request.jobName === request.jobName) throw new BedrockHttpError(validationError('The provided job name is currently in use.'));
  }
  checkConcurrency(state, model, request.modelId);
  const seq = state.jobs.size + 1;
  let id = hashId(12, JOB_ID_ALPHABET, state.seed, seq, request.jobName);
  while (state.jobs.has(id)) id = hashId(12, JOB_ID_ALPHABET, state.seed, seq, request.jobName, id);
  const now = new Date();
  const token = request.clientRequestToken ?? randomUUID();
  const job: Job = {
    id,
    arn: `arn:aws:bedrock:${state.region}:${state.accountId}:model-invocation-job/${id}`,
    seq,
    request,
    clientRequestToken: token,
    status: 'Submitted',
    submitTime: now,
    lastModifiedTime: now,
    jobExpirationTime: new Date(now.getTime() + (request.timeoutDurationInHours ?? DEFAULT_TIMEOUT_HOURS) * 3_600_000),
    counts: { total: 0, processed: 0, success: 0, error: 0 },
    tokens: { input: 0, output: 0 },
    faults: state.plan.jobFaults(request.modelId),
  };
  state.jobs.set(id, job);
  state.byToken.set(token, job);
  state.counters.jobsCreated++;
  state.counters.jobsByModel[request.modelId] = (state.counters.jobsByModel[request.modelId] ?? 0) + 1;
  state.runner.start(job);
  return { jobArn: job.arn };
}

/**
 * The "sum of in-progress and submitted batch inference jobs" quota (spec §5). Which statuses AWS counts is
 * unconfirmed; every unfinished one counts here, Stopping included. Ids that resolve to the same model (bare id,
 * foundation-model ARN, inference profile) share one count.
 */
function checkConcurrency(state: ControlPlaneState, model: string, modelId: string): void {
  let unfinished = 0;
  for (const job of state.jobs.values()) {
    if (!TERMINAL_STATUSES.has(job.status) && state.supportedModel(job.request.modelId) === model) unfinished++;
  }
  if (unfinished >= state.maxConcurrentJobsPerModel) {
    throw new BedrockHttpError({
      status: 400,
      code: 'ServiceQuotaExceededException',
      message: `You have reached the quota of ${state.maxConcurrentJobsPerModel} submitted and in-progress batch inference jobs for the model ${modelId}. Wait for a job to finish, then try again.`,
    });
  }
}

/** Finds a job from the decoded path label (full ARN or bare 12-char id). */
export function findJob(state: ControlPlaneState, identifier: string): Job {
  const match = JOB_IDENTIFIER.exec(identifier);
  if (!match) {
    throw new BedrockHttpError(validationError(
      `1 validation error detected: Value '${identifier}' at 'jobIdentifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ((arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:model-invocation-job/)?[a-z0-9]{12})`,
    ));
  }
  const job = state.jobs.get(match[3] as string);
  // An ARN for another region/account names a different job even if the id collides.
  if (!job || (match[1] !== undefined && !identifier.startsWith(job.arn.slice(0, job.arn.lastIndexOf('/') + 1)))) {
    throw new BedrockHttpError({ status: 404, code: 'ResourceNotFoundException', message: `The specified batch inference job ${identifier} could not be found.` });
  }
  return job;
}

export function getJob(state: ControlPlaneState, identifier: string): Record<string, unknown> {
  return jobWire(findJob(state, identifier));
}

export function stopJob(state: ControlPlaneState, identifier: string): void {
  const job = findJob(state, identifier);
  const refused = TERMINAL_STATUSES.has(job.status) || job.status === 'Stopping'
    || (state.stopBeforeScheduled === 'refuse' && (job.status === 'Submitted' || job.status === 'Validating'));
  if (refused) {
    throw new BedrockHttpError(validationError(`The batch inference job ${job.arn} cannot be stopped. State was: ${job.status}`));
  }
  state.runner.requestStop(job);
}

function parseTime(value: string | null, name: string): Date | undefined {
  if (value === null) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new BedrockHttpError(validationError(`Value '${value}' at '${name}' failed to satisfy constraint: Member must be a timestamp`));
  return date;
}

/** Default page size: AWS's is unconfirmed; 100 keeps pagination visible in tests and harness code. */
export const DEFAULT_LIST_MAX_RESULTS = 100;

export function listJobs(state: ControlPlaneState, query: URLSearchParams): Record<string, unknown> {
  const status = query.get('statusEquals');
  if (status !== null && !JOB_STATUSES.includes(status as JobStatus)) {
    throw new BedrockHttpError(validationError(`Value '${status}' at 'statusEquals' failed to satisfy constraint: Member must satisfy enum value set: [${JOB_STATUSES.join(', ')}]`));
  }
  const nameContains = query.get('nameContains');
  if (nameContains !== null && (nameContains.length > 63 || !JOB_NAME_PATTERN.test(nameContains))) {
    throw new BedrockHttpError(validationError(`Value '${nameContains}' at 'nameContains' failed to satisfy constraint: Member must satisfy regular expression pattern: ${JOB_NAME_PATTERN.source}`));
  }
  const after = parseTime(query.get('submitTimeAfter'), 'submitTimeAfter');
  const before = parseTime(query.get('submitTimeBefore'), 'submitTimeBefore');
  const sortBy = query.get('sortBy');
  if (sortBy !== null && sortBy !== 'CreationTime') throw new BedrockHttpError(validationError(`Value '${sortBy}' at 'sortBy' failed to satisfy constraint: Member must satisfy enum value set: [CreationTime]`));
  const sortOrder = query.get('sortOrder') ?? 'Descending';
  if (sortOrder !== 'Ascending' && sortOrder !== 'Descending') {
    throw new BedrockHttpError(validationError(`Value '${sortOrder}' at 'sortOrder' failed to satisfy constraint: Member must satisfy enum value set: [Ascending, Descending]`));
  }
  const maxRaw = query.get('maxResults');
  const maxResults = maxRaw === null ? DEFAULT_LIST_MAX_RESULTS : Number(maxRaw);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 1000) {
    throw new BedrockHttpError(validationError(`Value '${maxRaw}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000 and greater than or equal to 1`));
  }
  const token = query.get('nextToken');
  let offset = 0;
  if (token !== null) {
    const decoded = /^o:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!decoded) throw new BedrockHttpError(validationError('The provided nextToken is invalid.'));
    offset = Number(decoded[1]);
  }
  const sign = sortOrder === 'Ascending' ? 1 : -1;
  const matching = [...state.jobs.values()]
    .filter((j) => (status === null || j.status === status)
      && (nameContains === null || j.request.jobName.includes(nameContains))
      && (after === undefined || j.submitTime > after)
      && (before === undefined || j.submitTime < before))
    .sort((a, b) => sign * (a.submitTime.getTime() - b.submitTime.getTime() || a.seq - b.seq));
  const page = matching.slice(offset, offset + maxResults);
  const next = offset + maxResults < matching.length ? Buffer.from(`o:${offset + maxResults}`).toString('base64url') : undefined;
  return { invocationJobSummaries: page.map(jobWire), ...(next ? { nextToken: next } : {}) };
}
