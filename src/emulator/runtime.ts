// Bedrock runtime `Converse` for the same models: clean Converse JSON or the matching runtime exception.
import { runtimeConverseResponse } from './converse-format.ts';
import type { FaultPlan } from './faults.ts';
import { BedrockHttpError, type BedrockError } from './http-util.ts';
import type { ModelRegistry } from './model-registry.ts';
import { processModelInput } from './record-processor.ts';
import { filteredReply } from './batch-record.ts';

export interface RuntimeContext {
  models: ModelRegistry;
  plan: FaultPlan;
  /** Sleeps for injected latency; rejects if the emulator closes meanwhile. */
  delay(ms: number): Promise<void>;
}

/** Maps a per-record error code to the runtime exception the SDK will raise. */
export function runtimeError(errorCode: number, message: string): BedrockError {
  const codes: Record<number, string> = {
    400: 'ValidationException',
    403: 'AccessDeniedException',
    404: 'ResourceNotFoundException',
    408: 'ModelTimeoutException',
    424: 'ModelErrorException',
    429: 'ThrottlingException',
    500: 'InternalServerException',
    503: 'ServiceUnavailableException',
  };
  return { status: codes[errorCode] ? errorCode : 424, code: codes[errorCode] ?? 'ModelErrorException', message };
}

export async function converse(ctx: RuntimeContext, modelId: string, body: unknown): Promise<Record<string, unknown>> {
  const started = Date.now();
  const pending = ctx.models.forRuntime(modelId);
  if (!pending) throw new BedrockHttpError({ status: 400, code: 'ValidationException', message: 'The provided model identifier is invalid.' });
  let model;
  try {
    model = await pending;
  } catch (error) {
    throw new BedrockHttpError({ status: 500, code: 'InternalServerException', message: `Could not load the model: ${(error as Error).message}` });
  }
  const quota = ctx.plan.takeDailyQuota(modelId);
  if (quota) throw new BedrockHttpError(quota);
  const faults = ctx.plan.jobFaults(modelId);
  if (faults.slow?.latencyMs) await ctx.delay(faults.slow.latencyMs);
  let result = processModelInput(body, model, 'runtime');
  if (!result.ok) throw new BedrockHttpError(runtimeError(result.errorCode, result.errorMessage));
  const messages = (body as { messages?: unknown }).messages;
  const key = JSON.stringify(messages ?? null);
  if (ctx.plan.picksRecord('record-errors', faults.recordErrorFraction, faults.recordErrorTimes, 'runtime', key, modelId, messages)) {
    throw new BedrockHttpError(runtimeError(424, 'The model returned an error (injected record-errors fault).'));
  }
  if (ctx.plan.picksRecord('filtered', faults.filteredFraction, faults.filteredTimes, 'runtime', key, modelId, messages)) {
    result = filteredReply(result, faults.filteredStopReason ?? 'content_filtered');
  }
  return runtimeConverseResponse(result, Date.now() - started);
}
