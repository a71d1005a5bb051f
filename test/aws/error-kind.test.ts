// The one AWS error classifier, and the stages that act on it agreeing: what batch polling retries, realtime sends
// again; what realtime treats as a stop (credentials, no endpoint), batch does not mistake for a job's answer.
import { describe, expect, it } from 'vitest';
import { awsErrorFacts, type ErrorKind } from '../../src/aws/error-kind.ts';
import { isQuotaExceeded, isTransient, isUnreachable, describeError } from '../../src/run/service-errors.ts';
import { mapCallError } from '../../src/realtime/error-map.ts';

const sdkError = (name: string, status?: number, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${name} happened`), { name, ...(status !== undefined ? { $metadata: { httpStatusCode: status, requestId: 'req-1' } } : {}), ...extra });
const systemError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });

const CASES: Array<[string, unknown, ErrorKind]> = [
  ['ThrottlingException 429', sdkError('ThrottlingException', 429), 'throttled'],
  ['ModelNotReadyException 429', sdkError('ModelNotReadyException', 429), 'throttled'],
  ['S3 SlowDown 503', sdkError('SlowDown', 503), 'throttled'],
  ['an unnamed 429', sdkError('Error', 429), 'throttled'],
  ['InternalServerException 500', sdkError('InternalServerException', 500), 'server'],
  ['an unnamed 502', sdkError('Error', 502), 'server'],
  ['ECONNREFUSED', systemError('ECONNREFUSED'), 'unreachable'],
  ['ENOTFOUND', systemError('ENOTFOUND'), 'unreachable'],
  ['ECONNRESET', systemError('ECONNRESET'), 'connection'],
  ['the SDK request timeout', sdkError('TimeoutError'), 'timeout'],
  ['AccessDeniedException 403', sdkError('AccessDeniedException', 403), 'auth'],
  ['an unnamed 403', sdkError('Error', 403), 'auth'],
  ['missing credentials', sdkError('CredentialsProviderError'), 'auth'],
  ['ServiceQuotaExceededException 400', sdkError('ServiceQuotaExceededException', 400), 'quota'],
  ['ResourceNotFoundException 404', sdkError('ResourceNotFoundException', 404), 'not-found'],
  ['ValidationException 400', sdkError('ValidationException', 400), 'other'],
  ['a thrown string', 'boom', 'other'],
];

describe('awsErrorFacts', () => {
  it.each(CASES)('%s', (_what, error, kind) => {
    expect(awsErrorFacts(error).kind).toBe(kind);
  });

  it('keeps the request id for messages', () => {
    expect(awsErrorFacts(sdkError('ValidationException', 400)).requestId).toBe('req-1');
    expect(describeError(sdkError('ValidationException', 400))).toBe('ValidationException: ValidationException happened (request id req-1)');
  });
});

describe('the stages agree on each kind', () => {
  it.each(CASES)('%s', (_what, error, kind) => {
    const transient = isTransient(error);
    const realtime = mapCallError(error, false, 1000);
    expect(transient).toBe(['throttled', 'server', 'unreachable', 'connection', 'timeout'].includes(kind));
    expect(isUnreachable(error)).toBe(kind === 'unreachable' || kind === 'timeout');
    expect(isQuotaExceeded(error)).toBe(kind === 'quota');
    // Realtime: an answer about "not now" is sent again; no endpoint or no permission stops the run; the rest is the record's.
    if (kind === 'throttled' || kind === 'server' || kind === 'timeout') expect(realtime).toMatchObject({ kind: 'record', resendable: true });
    else if (kind === 'auth' || kind === 'quota' || kind === 'unreachable' || kind === 'connection') expect(realtime.kind).toBe('fatal');
    else if (realtime.kind === 'record') expect(realtime.resendable).toBeUndefined();
  });
});
