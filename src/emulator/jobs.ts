// The in-memory job record, its wire serialisation (Get / List summary) and the test-facing snapshot.
import type { JobFaults } from './faults.ts';
import type { CreateJobRequest } from './validate-create.ts';

export type JobStatus = 'Submitted' | 'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped' | 'PartiallyCompleted' | 'Expired' | 'Validating' | 'Scheduled';

export const JOB_STATUSES: readonly JobStatus[] = ['Submitted', 'InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped', 'PartiallyCompleted', 'Expired', 'Validating', 'Scheduled'];
export const TERMINAL_STATUSES: ReadonlySet<JobStatus> = new Set(['Completed', 'Failed', 'Stopped', 'PartiallyCompleted', 'Expired']);

/** Default timeout echoed when the request omits it (reported as 24 h; unconfirmed). */
export const DEFAULT_TIMEOUT_HOURS = 24;

export interface Job {
  id: string;
  arn: string;
  /** Creation order, to break submitTime ties when sorting. */
  seq: number;
  request: CreateJobRequest;
  clientRequestToken: string;
  status: JobStatus;
  message?: string;
  submitTime: Date;
  lastModifiedTime: Date;
  endTime?: Date;
  jobExpirationTime: Date;
  counts: { total: number; processed: number; success: number; error: number };
  tokens: { input: number; output: number };
  faults: JobFaults;
  /** Set by Stop; the lifecycle flow halts at its next wait. */
  stopRequested?: boolean;
}

/** A job as tests see it through `RunningEmulator.jobs()`. */
export interface EmulatorJobView {
  jobArn: string;
  jobId: string;
  jobName: string;
  modelId: string;
  status: JobStatus;
  message?: string;
  clientRequestToken: string;
  inputUri: string;
  outputUri: string;
  totalRecordCount: number;
  processedRecordCount: number;
  successRecordCount: number;
  errorRecordCount: number;
}

export function jobView(job: Job): EmulatorJobView {
  return {
    jobArn: job.arn,
    jobId: job.id,
    jobName: job.request.jobName,
    modelId: job.request.modelId,
    status: job.status,
    ...(job.message === undefined ? {} : { message: job.message }),
    clientRequestToken: job.clientRequestToken,
    inputUri: job.request.inputDataConfig.s3InputDataConfig.s3Uri,
    outputUri: job.request.outputDataConfig.s3OutputDataConfig.s3Uri,
    totalRecordCount: job.counts.total,
    processedRecordCount: job.counts.processed,
    successRecordCount: job.counts.success,
    errorRecordCount: job.counts.error,
  };
}

/** The GetModelInvocationJob response body (List summaries use the same members). */
export function jobWire(job: Job): Record<string, unknown> {
  const r = job.request;
  return {
    jobArn: job.arn,
    jobName: r.jobName,
    modelId: r.modelId,
    clientRequestToken: job.clientRequestToken,
    roleArn: r.roleArn,
    status: job.status,
    ...(job.message === undefined ? {} : { message: job.message }),
    submitTime: job.submitTime.toISOString(),
    lastModifiedTime: job.lastModifiedTime.toISOString(),
    ...(job.endTime ? { endTime: job.endTime.toISOString() } : {}),
    inputDataConfig: r.inputDataConfig,
    outputDataConfig: r.outputDataConfig,
    ...(r.vpcConfig ? { vpcConfig: r.vpcConfig } : {}),
    timeoutDurationInHours: r.timeoutDurationInHours ?? DEFAULT_TIMEOUT_HOURS,
    jobExpirationTime: job.jobExpirationTime.toISOString(),
    modelInvocationType: r.modelInvocationType ?? 'InvokeModel',
    totalRecordCount: job.counts.total,
    processedRecordCount: job.counts.processed,
    successRecordCount: job.counts.success,
    errorRecordCount: job.counts.error,
  };
}
