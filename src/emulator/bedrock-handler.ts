// Routes Bedrock requests (control plane and runtime) to their operations and applies request-level faults.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createJob, findJob, getJob, listJobs, stopJob, type ControlPlaneState } from './control-plane.ts';
import type { EmulatorOp } from './faults.ts';
import { BedrockHttpError, readBody, sendBedrockError, sendJson, validationError } from './http-util.ts';
import { converse, type RuntimeContext } from './runtime.ts';
import { getFoundationModel, getInferenceProfile, listFoundationModels, type CatalogContext } from './catalog.ts';
import { invokeEmbedding } from './embedding.ts';

export interface BedrockContext {
  control: ControlPlaneState;
  runtime: RuntimeContext;
  catalog: CatalogContext;
  converseCalls: Record<string, number>;
}

interface Route {
  op: EmulatorOp;
  id?: string;
}

function route(method: string, segments: string[]): Route | undefined {
  const [first, id, action, extra] = segments;
  if (method === 'POST' && first === 'model-invocation-job' && segments.length === 1) return { op: 'CreateModelInvocationJob' };
  if (method === 'GET' && first === 'model-invocation-jobs' && segments.length === 1) return { op: 'ListModelInvocationJobs' };
  if (method === 'GET' && first === 'model-invocation-job' && segments.length === 2) return { op: 'GetModelInvocationJob', id };
  if (method === 'POST' && first === 'model-invocation-job' && action === 'stop' && extra === undefined) return { op: 'StopModelInvocationJob', id };
  if (method === 'POST' && first === 'model' && action === 'converse' && extra === undefined) return { op: 'Converse', id };
  if (method === 'GET' && first === 'foundation-models' && segments.length === 1) return { op: 'ListFoundationModels' };
  if (method === 'GET' && first === 'foundation-models' && segments.length === 2) return { op: 'GetFoundationModel', id };
  if (method === 'GET' && first === 'inference-profiles' && segments.length === 2) return { op: 'GetInferenceProfile', id };
  if (method === 'POST' && first === 'model' && action === 'invoke' && extra === undefined) return { op: 'InvokeModel', id };
  return undefined;
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new BedrockHttpError({ status: 400, code: 'SerializationException', message: 'The request body is not valid JSON.' });
  }
  // Every operation's input is a structure: `null`, an array or a scalar failed deep inside with a 500 the SDK retries.
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BedrockHttpError(validationError('The request body must be a JSON object.'));
  }
  return parsed;
}

/** The model a request concerns, for faults filtered by model (undefined for List or unknown jobs). */
function modelOf(ctx: BedrockContext, r: Route, body: unknown): string | undefined {
  if (r.op === 'CreateModelInvocationJob') {
    const modelId = (body as { modelId?: unknown }).modelId;
    return typeof modelId === 'string' ? modelId : undefined;
  }
  if (r.op === 'Converse' || r.op === 'InvokeModel' || r.op === 'GetFoundationModel' || r.op === 'GetInferenceProfile') return r.id;
  if (r.id === undefined) return undefined;
  try {
    return findJob(ctx.control, r.id).request.modelId;
  } catch {
    return undefined;
  }
}

export async function handleBedrock(ctx: BedrockContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  try {
    let segments: string[];
    try {
      segments = url.pathname.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
    } catch {
      throw new BedrockHttpError(validationError('The request path is not valid percent-encoding.'));
    }
    const r = route(req.method ?? 'GET', segments);
    if (!r) throw new BedrockHttpError({ status: 404, code: 'UnknownOperationException', message: `No Bedrock operation for ${req.method} ${url.pathname}` });
    const body = req.method === 'POST' ? parseJson(await readBody(req)) : undefined;
    if (r.op === 'CreateModelInvocationJob') ctx.control.counters.createCalls++;
    if (r.op === 'Converse' && r.id !== undefined) ctx.converseCalls[r.id] = (ctx.converseCalls[r.id] ?? 0) + 1;
    const fault = ctx.control.plan.takeRequestFault(r.op, modelOf(ctx, r, body));
    if (fault) throw new BedrockHttpError(fault);
    switch (r.op) {
      case 'CreateModelInvocationJob':
        return sendJson(res, 200, createJob(ctx.control, body));
      case 'ListModelInvocationJobs':
        return sendJson(res, 200, listJobs(ctx.control, url.searchParams));
      case 'GetModelInvocationJob':
        return sendJson(res, 200, getJob(ctx.control, r.id ?? ''));
      case 'StopModelInvocationJob':
        stopJob(ctx.control, r.id ?? '');
        return sendJson(res, 200, undefined);
      case 'Converse':
        return sendJson(res, 200, await converse(ctx.runtime, r.id ?? '', body));
      case 'ListFoundationModels':
        return sendJson(res, 200, listFoundationModels(ctx.catalog));
      case 'GetFoundationModel':
        return sendJson(res, 200, getFoundationModel(ctx.catalog, r.id ?? ''));
      case 'GetInferenceProfile':
        return sendJson(res, 200, getInferenceProfile(ctx.catalog, r.id ?? ''));
      case 'InvokeModel':
        return sendJson(res, 200, invokeEmbedding(r.id ?? '', body));
    }
  } catch (error) {
    if (error instanceof BedrockHttpError) sendBedrockError(res, error.error);
    else sendBedrockError(res, { status: 500, code: 'InternalServerException', message: `Emulator error: ${(error as Error).message}` });
  }
}
