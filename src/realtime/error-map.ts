// Maps a failed Converse call to a batch-style `error {errorCode, errorMessage}`, or says the run cannot go on.
import { outsideText, redactSecrets } from '../safe-text.ts';
import { awsErrorFacts, isAuthName } from '../aws/error-kind.ts';

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

/**
 * Bedrock's per-day token or request quota of new accounts answers ThrottlingException "Too many tokens per day,
 * please wait before trying again" (bedrock-batch.md): retrying it today only burns attempts.
 */
const DAILY_QUOTA = /\bper day\b|\bdaily\b/i;

/** `errorCode` of an answer that arrived (HTTP 2xx) but could not be read: 502, an invalid response from upstream. */
export const UNREADABLE_ANSWER = 502;

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
  const { kind, name, message, status, code } = awsErrorFacts(e);
  if (timedOut) return { kind: 'record', errorCode: 408, errorMessage: `Request timed out after ${timeoutMs} ms (beval realtime timeout).`, resendable: true };
  // Credentials, permissions and account quotas: every record after this one would fail alike and, written as lines,
  // never be retried.
  if (kind === 'auth' || kind === 'quota') return { kind: 'fatal', message: kind === 'auth' && !isAuthName(name) ? `${name} (HTTP ${status}): ${message}` : `${name}: ${message}` };
  if (kind === 'throttled' && DAILY_QUOTA.test(message)) return { kind: 'fatal', message: `${name}: ${message}`, quota: true };
  // The SDK's own per-attempt timeout (requestTimeout) on every attempt: the model may still be writing, nothing was read.
  if (name === 'TimeoutError') return { kind: 'record', errorCode: 408, errorMessage: `Request timed out: ${message} (beval realtime timeout, per attempt).`, resendable: true };
  // Bedrock answered with success but the SDK could not read the body (torn or unparseable): the model ran and the
  // call may be billed, so it gets a line and no resume sends it again. Checked before the network kinds, because a
  // body cut by a reset connection carries both.
  if (status !== undefined && status >= 200 && status < 400) {
    return { kind: 'record', errorCode: UNREADABLE_ANSWER, errorMessage: `Bedrock answered HTTP ${status} but the response could not be read (${name}: ${message.split('\n')[0]}); not sent again, since it may have been billed.` };
  }
  if (kind === 'unreachable' || kind === 'connection') return { kind: 'fatal', message: `cannot reach Bedrock (${code}): ${message}` };
  // Throttling and 5xx say "not now" rather than "not this record": sent again by a later attempt.
  const resendable = kind === 'throttled' || kind === 'server' ? { resendable: true } : {};
  const known = ERROR_CODES[name];
  if (known !== undefined) return { kind: 'record', errorCode: known, errorMessage: message, ...resendable };
  if (status !== undefined && status >= 400) return { kind: 'record', errorCode: status, errorMessage: `${name}: ${message}`, ...resendable };
  // No HTTP answer at all (socket closed, DNS, an aborted request): nothing was decided about this record.
  return { kind: 'fatal', message: `${name}: ${message}` };
}
