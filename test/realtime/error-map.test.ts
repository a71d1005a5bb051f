// Runtime exceptions → batch-style error lines, or a stop for failures no record escapes.
import { describe, expect, it } from 'vitest';
import { mapCallError } from '../../src/realtime/error-map.ts';

function sdkError(name: string, status?: number, message = `${name} happened`): Error {
  const e = new Error(message) as Error & { $metadata?: { httpStatusCode?: number } };
  e.name = name;
  if (status !== undefined) e.$metadata = { httpStatusCode: status };
  return e;
}

describe('mapCallError', () => {
  it.each([
    ['ThrottlingException', 429, 429],
    ['ValidationException', 400, 400],
    ['ModelErrorException', 424, 424],
    ['ModelTimeoutException', 408, 408],
    ['ResourceNotFoundException', 404, 404],
    ['ModelNotReadyException', 429, 429],
    ['InternalServerException', 500, 500],
    ['ServiceUnavailableException', 503, 503],
  ])('%s becomes an error line with errorCode %i', (name, status, code) => {
    // Throttling and 5xx say "not now": realtime generation sends them again instead of writing the line at once.
    const resendable = code === 429 || code >= 500;
    expect(mapCallError(sdkError(name, status), false, 1000)).toEqual({ kind: 'record', errorCode: code, errorMessage: `${name} happened`, ...(resendable ? { resendable } : {}) });
  });

  it('a ThrottlingException about the per-day quota stops the run (quota), and the SDK per-attempt TimeoutError is a resendable 408', () => {
    expect(mapCallError(sdkError('ThrottlingException', 429, 'Too many tokens per day, please wait before trying again.'), false, 1000))
      .toEqual({ kind: 'fatal', quota: true, message: 'ThrottlingException: Too many tokens per day, please wait before trying again.' });
    expect(mapCallError(sdkError('TimeoutError', undefined, 'Stream timed out because of no activity for 5 ms'), false, 1000))
      .toMatchObject({ kind: 'record', errorCode: 408, resendable: true });
  });

  it('an unknown exception with an HTTP status keeps that status and names the exception', () => {
    expect(mapCallError(sdkError('TeapotException', 418), false, 1000)).toEqual({ kind: 'record', errorCode: 418, errorMessage: 'TeapotException: TeapotException happened' });
  });

  it('our own timeout becomes 408 whatever the SDK reported', () => {
    const r = mapCallError(sdkError('AbortError'), true, 2500);
    expect(r).toEqual({ kind: 'record', errorCode: 408, errorMessage: expect.stringContaining('2500 ms'), resendable: true });
  });

  it.each([
    ['AccessDeniedException', 403],
    ['UnrecognizedClientException', 403],
    ['ExpiredTokenException', 400],
    ['ServiceQuotaExceededException', 400],
    ['SomethingForbidden', 401],
    ['CredentialsProviderError', undefined],
    ['AbortError', undefined],
    ['TypeError', undefined],
  ])('%s stops the run instead of writing a line', (name, status) => {
    expect(mapCallError(sdkError(name, status), false, 1000)).toMatchObject({ kind: 'fatal', message: expect.stringContaining(name) });
  });

  it('network failures stop the run', () => {
    const e = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(mapCallError(e, false, 1000)).toMatchObject({ kind: 'fatal', message: expect.stringContaining('ECONNREFUSED') });
  });

  it('tolerates non-Error throws', () => {
    expect(mapCallError('boom', false, 1000)).toEqual({ kind: 'fatal', message: 'Error: boom' });
  });
});
