// What a pre-flight check reports, and how an AWS error is told in its line (shared by preflight.ts and the checks
// only `beval doctor` loads: role-check.ts, quota-check.ts).

import { awsErrorFacts } from './error-kind.ts';

export type CheckState = 'ok' | 'warn' | 'fail' | 'skip';

export interface Check {
  name: string;
  state: CheckState;
  /** One line: what was found, or the problem and its fix. */
  detail: string;
}

export interface ErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number; requestId?: string };
  $response?: { headers?: Record<string, string> };
  BucketRegion?: string;
}

export function errorShape(e: unknown): ErrorShape {
  return typeof e === 'object' && e !== null ? (e as ErrorShape) : {};
}

/** The system code (or `TimeoutError`) of an error that got no answer at all, by the one classifier (error-kind.ts). */
export function networkCode(e: ErrorShape): string | undefined {
  const facts = awsErrorFacts(e);
  if (facts.kind === 'unreachable' || facts.kind === 'connection') return facts.code;
  return facts.kind === 'timeout' ? facts.name : undefined;
}

/** `ECONNREFUSED after 6 attempts`: the SDK already retried; say how often, so nobody waits for a retry that is over. */
export function unreachable(e: ErrorShape, what: string): string {
  const attempts = e.$metadata?.attempts;
  return `cannot reach ${what} (${networkCode(e)}${attempts ? ` after ${attempts} attempts` : ''}): check the network or proxy, and the endpoint or Region in the config`;
}

export function requestId(e: ErrorShape): string {
  return e.$metadata?.requestId ? ` (request id ${e.$metadata.requestId})` : '';
}

/** `AccessDenied (request id …)`, or the network code and attempts when no answer came. */
export function describeError(e: ErrorShape): string {
  const net = networkCode(e);
  if (net) return `${net}, no answer${e.$metadata?.attempts ? ` after ${e.$metadata.attempts} attempts` : ''}`;
  return `${e.name ?? 'Error'}${requestId(e)}`;
}

/** IAM says `AccessDenied`, Service Quotas and Bedrock `AccessDeniedException`. */
export function isAccessDenied(e: ErrorShape): boolean {
  return e.name === 'AccessDenied' || e.name === 'AccessDeniedException';
}
