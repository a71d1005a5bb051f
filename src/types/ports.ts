// The pipeline's ports: the only ways it reaches Bedrock and S3. src/aws/ implements them with the AWS SDK.

export type JobStatus =
  | 'Submitted' | 'Validating' | 'Scheduled' | 'InProgress' | 'Completed' | 'PartiallyCompleted'
  | 'Failed' | 'Stopping' | 'Stopped' | 'Expired';

export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['Completed', 'PartiallyCompleted', 'Failed', 'Stopped', 'Expired']);

export interface JobCounts {
  total?: number;
  processed?: number;
  success?: number;
  error?: number;
}

export interface JobView {
  arn: string;
  name?: string;
  status: JobStatus | string;
  message?: string;
  counts: JobCounts;
  submitTime?: string;
  endTime?: string;
  /**
   * GetModelInvocationJob's `modelInvocationType`. beval creates only `Converse` jobs; anything else (or nothing, when
   * an older @aws-sdk/client-bedrock in the dependency tree drops the field on create and on get) means every record
   * would fail.
   */
  invocationType?: string;
}

export interface CreateJobRequest {
  jobName: string;
  clientRequestToken: string;
  modelId: string;
  roleArn: string;
  inputUri: string;
  outputUri: string;
  timeoutHours: number;
  tags: Record<string, string>;
  /** `s3.kmsKeyId`: the outputs' SSE-KMS key (`s3EncryptionKeyId`). */
  kmsKeyId?: string;
  /** `s3.bucketOwner`: sent as `s3BucketOwner` on the input and the output config. */
  bucketOwner?: string;
  /** `vpcConfig`: the job's VPC. */
  vpcConfig?: { subnetIds: string[]; securityGroupIds: string[] };
}

export interface BatchPort {
  /** Creates a Converse-type job; returns its ARN. Idempotent through clientRequestToken. */
  createJob(req: CreateJobRequest): Promise<string>;
  getJob(arn: string): Promise<JobView>;
  /** The job with exactly this name, if one exists (ListModelInvocationJobs nameContains, then exact match). */
  findJobByName(name: string): Promise<JobView | undefined>;
  /**
   * Stops a job. A refusal naming a terminal state counts as 'already-finished', one naming Stopping as 'stopping';
   * any other refusal (a job still Submitted/Validating that Bedrock would not stop) is thrown: the job still runs.
   */
  stopJob(arn: string): Promise<'stopping' | 'already-finished'>;
}

export interface BlobHead {
  size: number;
  /** The sha256 we stored as object metadata at upload, when present. */
  sha256?: string;
}

/** What a download wrote: its size and sha256, and the object's ETag as S3 reported it. */
export interface DownloadedFile {
  bytes: number;
  sha256: string;
  etag?: string;
}

export interface BlobPort {
  head(uri: string): Promise<BlobHead | undefined>;
  /**
   * Uploads a local file, streamed (multipart when it is large), with its sha256 as object metadata. `contentType`
   * defaults to JSON lines (batch inputs).
   */
  put(uri: string, file: string, sha256: string, contentType?: string): Promise<void>;
  /**
   * Copies an object server-side (S3 CopyObject, up to 5 GB), with the target's SSE-KMS key and expected owner, and
   * `sourceOwner` as the expected owner of the source bucket when given. Copying again writes the same bytes.
   */
  copy(sourceUri: string, targetUri: string, sourceOwner?: string): Promise<void>;
  /** Every object under a prefix URI (paginated internally). */
  list(prefixUri: string): Promise<{ uri: string; size: number }[]>;
  /**
   * Streams an object to a local file (written to a temp name, then renamed) and says what it wrote, so the ledger can
   * later tell a whole file from one cut short. Throws when fewer bytes arrived than the object's Content-Length.
   */
  download(uri: string, file: string): Promise<DownloadedFile>;
}

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface Log {
  info(line: string): void;
  warn(line: string): void;
}

/** Options of one realtime Converse call. */
export interface ConverseCallOptions {
  /** Aborts the call (the wall-clock backstop, Ctrl-C); the SDK's retries stop with it. */
  signal?: AbortSignal;
  /**
   * Each HTTP attempt's own timeout (the SDK's `requestTimeout`): the waits between the SDK's retries do not count. An
   * attempt over it fails with a TimeoutError, which the SDK may retry.
   */
  attemptTimeoutMs?: number;
}

/**
 * Bedrock runtime Converse, for realtime runs. src/aws/runtime-port.ts implements it with the AWS SDK (adaptive
 * retry of throttling and 5xx included); tests may pass an in-memory one.
 */
export interface RuntimePort {
  /**
   * Sends a batch record's `modelInput` (the Converse request body without `modelId`) and returns the response body as
   * plain JSON in the shape batch output files carry as `modelOutput`: `output`, `stopReason`, `usage`, `metrics`, ...
   * Throws the service's exception (name, `$metadata.httpStatusCode`) when the call fails after the SDK's retries.
   */
  converse(modelId: string, modelInput: Record<string, unknown>, opts?: ConverseCallOptions): Promise<Record<string, unknown>>;
  /**
   * InvokeModel with a JSON body (the model's native request), returning the parsed JSON response: for the embedding
   * scorer (src/scorers/embedding.ts). Optional so test fakes of Converse need not carry it.
   */
  invokeModel?(modelId: string, body: Record<string, unknown>, opts?: ConverseCallOptions): Promise<Record<string, unknown>>;
}
