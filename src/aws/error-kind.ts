// The one classifier of errors from AWS SDK calls (and Node's network errors under them): what kind of failure an
// error is, from its name, its HTTP status and its system code. The stages decide what to do with each kind: batch
// polling and submission retry the transient kinds (run/service-errors.ts), realtime maps them to per-record lines or
// a stop (realtime/error-map.ts), the pre-flight names the fix (aws/preflight.ts).

export type ErrorKind =
  /** 429, or a name that means "slow down" (ModelNotReadyException: the model is loading; send again later). */
  | 'throttled'
  /** A 5xx, or a name that means the service failed. */
  | 'server'
  /** No endpoint answered: connection refused, DNS failure, host or network unreachable, connect timeout. */
  | 'unreachable'
  /** A connection that broke mid-request (reset, broken pipe): the endpoint exists. */
  | 'connection'
  /** The SDK's per-attempt timeout (requestTimeout) with no answer. */
  | 'timeout'
  /** The credentials are missing, expired or refused, or the identity lacks permission (401/403). */
  | 'auth'
  /** An account quota on the number of resources (ServiceQuotaExceededException). */
  | 'quota'
  /** The resource does not exist (404). */
  | 'not-found'
  /** Any other answer, or an error that is not from a call at all. */
  | 'other';

export interface AwsErrorFacts {
  kind: ErrorKind;
  /** The exception name (`ThrottlingException`), or `Error`. */
  name: string;
  message: string;
  /** The HTTP status of the answer, when one arrived. */
  status?: number;
  /** Node's system error code (`ECONNREFUSED`), when the failure was below HTTP. */
  code?: string;
  requestId?: string;
}

const THROTTLED = new Set(['ThrottlingException', 'TooManyRequestsException', 'ModelNotReadyException', 'SlowDown']);
const SERVER = new Set(['InternalServerException', 'ServiceUnavailableException', 'InternalError', 'ServiceUnavailable']);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT']);
const CONNECTION = new Set(['ECONNRESET', 'EPIPE']);
const AUTH = new Set([
  'AccessDeniedException', 'AccessDenied', 'UnrecognizedClientException', 'InvalidSignatureException', 'IncompleteSignatureException',
  'ExpiredTokenException', 'ExpiredToken', 'InvalidClientTokenId', 'SignatureDoesNotMatch', 'CredentialsProviderError', 'MissingAuthenticationTokenException',
]);
const NOT_FOUND = new Set(['ResourceNotFoundException', 'NotFound', 'NoSuchKey', 'NoSuchBucket']);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown; extendedRequestId?: unknown };
}

/** What an SDK call's error says, and its kind. Never throws, whatever was thrown. */
export function awsErrorFacts(e: unknown): AwsErrorFacts {
  const s: ErrorShape = typeof e === 'object' && e !== null ? (e as ErrorShape) : {};
  const name = typeof s.name === 'string' ? s.name : 'Error';
  const message = typeof s.message === 'string' ? s.message : String(e);
  const status = typeof s.$metadata?.httpStatusCode === 'number' ? s.$metadata.httpStatusCode : undefined;
  const code = typeof s.code === 'string' ? s.code : undefined;
  // S3 puts the request id in requestId, some errors only in extendedRequestId.
  const id = s.$metadata?.requestId ?? s.$metadata?.extendedRequestId;
  const facts = { name, message, ...(status !== undefined ? { status } : {}), ...(code !== undefined ? { code } : {}), ...(typeof id === 'string' && id !== '' ? { requestId: id } : {}) };
  return { kind: kindOf(name, status, code), ...facts };
}

function kindOf(name: string, status: number | undefined, code: string | undefined): ErrorKind {
  if (name === 'ServiceQuotaExceededException') return 'quota';
  if (THROTTLED.has(name) || status === 429) return 'throttled';
  if (AUTH.has(name) || status === 401 || status === 403) return 'auth';
  if (NOT_FOUND.has(name) || status === 404) return 'not-found';
  if (SERVER.has(name) || (status !== undefined && status >= 500)) return 'server';
  if (code !== undefined && UNREACHABLE.has(code)) return 'unreachable';
  if (code !== undefined && CONNECTION.has(code)) return 'connection';
  if (name === 'TimeoutError' && status === undefined) return 'timeout';
  return 'other';
}

/** Whether the exception's name alone says it is about credentials or permissions (not only its 401/403 status). */
export function isAuthName(name: string): boolean {
  return AUTH.has(name);
}

/** Kinds that say "not now" rather than "not this": a later attempt may succeed. */
export const TRANSIENT_KINDS: ReadonlySet<ErrorKind> = new Set(['throttled', 'server', 'unreachable', 'connection', 'timeout']);
