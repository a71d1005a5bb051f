// Classifies errors from the ports: what a later round may retry, and what means a job is gone.
import { outsideText } from '../safe-text.ts';
import { awsErrorFacts, TRANSIENT_KINDS } from '../aws/error-kind.ts';

/** CreateModelInvocationJob over the cap of submitted + in-progress jobs: wait for a job to end, then create again. */
export function isQuotaExceeded(e: unknown): boolean {
  return awsErrorFacts(e).kind === 'quota';
}

/**
 * Throttling, 5xx and network failures that outlasted the SDK's own retries. A polling or submission round
 * logs them and tries again next round instead of abandoning a run whose jobs are still running.
 */
export function isTransient(e: unknown): boolean {
  const facts = awsErrorFacts(e);
  // A download whose body ended before its Content-Length (blob-port.ts): the connection was cut, fetch it again.
  return TRANSIENT_KINDS.has(facts.kind) || facts.name === 'TruncatedDownload';
}

/**
 * No answer from the endpoint at all (refused or unresolvable connection, connect timeout), after the SDK's retries:
 * unlike throttling or a 5xx, it says nothing about the jobs, and waiting on it for ever would hang a command.
 */
export function isUnreachable(e: unknown): boolean {
  const { kind } = awsErrorFacts(e);
  return kind === 'unreachable' || kind === 'timeout';
}

/** GetModelInvocationJob answered that the job does not exist. */
export function isNotFound(e: unknown): boolean {
  return awsErrorFacts(e).name === 'ResourceNotFoundException';
}

/**
 * `Name: message (request id …)` on one line, for the terminal and the ledger: the message is the service's, so credentials it quotes
 * are removed and control characters escaped.
 */
export function describeError(e: unknown): string {
  const { name, requestId } = awsErrorFacts(e);
  // The request id is what AWS Support asks for first.
  return outsideText(`${name}: ${e instanceof Error ? e.message : String(e)}${requestId ? ` (request id ${requestId})` : ''}`);
}
