// Maps a failed Converse call to a batch-style `error {errorCode, errorMessage}`, or says the run cannot go on.
import { outsideText, redactSecrets } from '../safe-text.ts';

/** A per-record failure, written as an output line exactly like Bedrock batch writes one. */
export interface RecordFailure {
  kind: 'record';
  errorCode: number;
  errorMessage: string;
  /**
   * Throttling, 5xx or a timeout that outlasted the SDK's retries: nothing about the record itself, so realtime
   * generation writes no line and sends it again (up to `realtime.maxAttempts`). Judges write it as a line.
   */
  resendable?: boolean;
}

/** A failure no record can escape (credentials, permissions, network): stop, write no line, let a resume retry. */
export interface FatalFailure {
  kind: 'fatal';
  message: string;
  /** The account's per-day quota ("Too many tokens per day"): nothing more can be sent until tomorrow. */
  quota?: boolean;
}

export type CallFailure = RecordFailure | FatalFailure;

/** Runtime exceptions → the HTTP status Bedrock uses for them, which is what batch puts in `errorCode`. */
export const ERROR_CODES: Readonly<Record<string, number>> = {
  ValidationException: 400,
  ResourceNotFoundException: 404,
  ModelTimeoutException: 408,
  ThrottlingException: 429,
  TooManyRequestsException: 429,
  ModelNotReadyException: 429,
  ModelErrorException: 424,
  ModelStreamErrorException: 424,
  InternalServerException: 500,
  ServiceUnavailableException: 503,
};

/** Exceptions that say "not now" rather than "not this record": sent again by a later attempt. */
const RESENDABLE_NAMES = new Set([
  'ThrottlingException', 'TooManyRequestsException', 'ModelNotReadyException', 'InternalServerException', 'ServiceUnavailableException',
]);

/**
 * Bedrock's per-day token or request quota of new accounts answers ThrottlingException "Too many tokens per day,
 * please wait before trying again" (bedrock-batch.md): retrying it today only burns attempts.
 */
const DAILY_QUOTA = /\bper day\b|\bdaily\b/i;

/** `errorCode` of an answer that arrived (HTTP 2xx) but could not be read: 502, an invalid response from upstream. */
export const UNREADABLE_ANSWER = 502;

/**
 * Errors that say every record of the run will fail the same way: writing them as per-record lines would mark the
 * whole suite answered, so a resume would never retry it.
 */
const FATAL_NAMES = new Set([
  'AccessDeniedException', 'UnrecognizedClientException', 'InvalidSignatureException', 'IncompleteSignatureException',
  'ExpiredTokenException', 'ExpiredToken', 'CredentialsProviderError', 'MissingAuthenticationTokenException',
  // An account quota ("resubmit later"): every record after it would fail alike and, written as lines, never be retried.
  'ServiceQuotaExceededException',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

function shape(e: unknown): ErrorShape {
  return typeof e === 'object' && e !== null ? (e as ErrorShape) : {};
}

/**
 * @param e what the runtime port threw
 * @param timedOut true when our per-request timeout aborted the call (the SDK reports that as an AbortError)
 * @param timeoutMs the timeout, for the message
 */
export function mapCallError(e: unknown, timedOut: boolean, timeoutMs: number): CallFailure {
  const failure = mapRaw(e, timedOut, timeoutMs);
  // A fatal message is printed and kept in the ledger: one line. A record's message is data (output line, reports,
  // which escape it), so only credentials the service quoted are removed from it.
  return failure.kind === 'fatal' ? { ...failure, message: outsideText(failure.message) } : { ...failure, errorMessage: redactSecrets(failure.errorMessage) };
}

function mapRaw(e: unknown, timedOut: boolean, timeoutMs: number): CallFailure {
  const s = shape(e);
  const name = typeof s.name === 'string' ? s.name : 'Error';
  const message = typeof s.message === 'string' ? s.message : String(e);
  if (timedOut) return { kind: 'record', errorCode: 408, errorMessage: `Request timed out after ${timeoutMs} ms (beval realtime timeout).`, resendable: true };
  if (FATAL_NAMES.has(name)) return { kind: 'fatal', message: `${name}: ${message}` };
  if ((name === 'ThrottlingException' || s.$metadata?.httpStatusCode === 429) && DAILY_QUOTA.test(message)) return { kind: 'fatal', message: `${name}: ${message}`, quota: true };
  // The SDK's own per-attempt timeout (requestTimeout) on every attempt: the model may still be writing, nothing was read.
  if (name === 'TimeoutError') return { kind: 'record', errorCode: 408, errorMessage: `Request timed out: ${message} (beval realtime timeout, per attempt).`, resendable: true };
  const status = s.$metadata?.httpStatusCode;
  // Bedrock answered with success but the SDK could not read the body (torn or unparseable): the model ran and the
  // call may be billed, so it gets a line and no resume sends it again. Checked before the network codes, because a
  // body cut by a reset connection carries both.
  if (typeof status === 'number' && status >= 200 && status < 400) {
    return { kind: 'record', errorCode: UNREADABLE_ANSWER, errorMessage: `Bedrock answered HTTP ${status} but the response could not be read (${name}: ${message.split('\n')[0]}); not sent again, since it may have been billed.` };
  }
  if (typeof s.code === 'string' && NETWORK_CODES.has(s.code)) return { kind: 'fatal', message: `cannot reach Bedrock (${s.code}): ${message}` };
  const known = ERROR_CODES[name];
  if (known !== undefined) return { kind: 'record', errorCode: known, errorMessage: message, ...(RESENDABLE_NAMES.has(name) ? { resendable: true } : {}) };
  // 401/403 without a known name are still authentication problems; any other HTTP answer is about this record.
  if (status === 401 || status === 403) return { kind: 'fatal', message: `${name} (HTTP ${status}): ${message}` };
  if (typeof status === 'number' && status >= 400) return { kind: 'record', errorCode: status, errorMessage: `${name}: ${message}`, ...(status === 429 || status >= 500 ? { resendable: true } : {}) };
  // No HTTP answer at all (socket closed, DNS, an aborted request): nothing was decided about this record.
  return { kind: 'fatal', message: `${name}: ${message}` };
}
