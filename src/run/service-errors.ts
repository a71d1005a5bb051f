// Classifies errors from the ports: what a later round may retry, and what means a job is gone.
import { outsideText } from '../safe-text.ts';

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown; extendedRequestId?: unknown };
}

function shape(e: unknown): ErrorShape {
  return typeof e === 'object' && e !== null ? (e as ErrorShape) : {};
}

/** CreateModelInvocationJob over the cap of submitted + in-progress jobs: wait for a job to end, then create again. */
export function isQuotaExceeded(e: unknown): boolean {
  return shape(e).name === 'ServiceQuotaExceededException';
}

const TRANSIENT_NAMES = new Set(['ThrottlingException', 'TooManyRequestsException', 'InternalServerException', 'ServiceUnavailableException', 'TimeoutError',
  // A download whose body ended before its Content-Length (blob-port.ts): the connection was cut, fetch it again.
  'TruncatedDownload']);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']);

/**
 * Throttling, 5xx and network failures that outlasted the SDK's own retries. A polling or submission round
 * logs them and tries again next round instead of abandoning a run whose jobs are still running.
 */
export function isTransient(e: unknown): boolean {
  const s = shape(e);
  if (typeof s.name === 'string' && TRANSIENT_NAMES.has(s.name)) return true;
  if (typeof s.code === 'string' && NETWORK_CODES.has(s.code)) return true;
  const status = s.$metadata?.httpStatusCode;
  return typeof status === 'number' && (status === 429 || status >= 500);
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT']);

/**
 * No answer from the endpoint at all (refused or unresolvable connection, connect timeout), after the SDK's retries:
 * unlike throttling or a 5xx, it says nothing about the jobs, and waiting on it for ever would hang a command.
 */
export function isUnreachable(e: unknown): boolean {
  const s = shape(e);
  return (typeof s.code === 'string' && UNREACHABLE_CODES.has(s.code)) || (s.name === 'TimeoutError' && s.$metadata?.httpStatusCode === undefined);
}

/** GetModelInvocationJob answered that the job does not exist. */
export function isNotFound(e: unknown): boolean {
  return shape(e).name === 'ResourceNotFoundException';
}

/**
 * `Name: message (request id …)` on one line, for the terminal and the ledger: the message is the service's, so credentials it quotes
 * are removed and control characters escaped.
 */
export function describeError(e: unknown): string {
  const s = shape(e);
  const name = typeof s.name === 'string' ? s.name : 'Error';
  // The request id is what AWS Support asks for first; S3 puts it in requestId, some errors only in extendedRequestId.
  const id = s.$metadata?.requestId ?? s.$metadata?.extendedRequestId;
  const requestId = typeof id === 'string' && id !== '' ? ` (request id ${id})` : '';
  return outsideText(`${name}: ${e instanceof Error ? e.message : String(e)}${requestId}`);
}
