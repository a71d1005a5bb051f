// RuntimePort over @aws-sdk/client-bedrock-runtime: one Converse call per record (and InvokeModel for embeddings), JSON in and out.
import { BedrockRuntimeClient, ConverseCommand, InvokeModelCommand, type ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import type { RuntimePort } from '../types/ports.ts';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date);
}

/**
 * Sets a member whose name came from outside (a suite's modelInput, a service response) as an own property: plain
 * assignment of `__proto__` would replace the object's prototype and drop the member. The objects stay ordinary (the
 * SDK's serialisers may call Object.prototype methods on them).
 */
function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/**
 * Batch records carry blobs (image, document, video `source.bytes`) as base64 strings; the SDK wants bytes and
 * would otherwise send the string's characters. Everything else passes through unchanged.
 */
export function requestFromJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(requestFromJson);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) setOwn(out, k, k === 'bytes' && typeof v === 'string' ? Buffer.from(v, 'base64') : requestFromJson(v));
  return out;
}

/**
 * The SDK's deserialised response as the JSON a batch output line carries: bytes become base64, dates ISO strings,
 * an unknown union member `{ $unknown: [name, value] }` becomes `{ name: value }`, undefined members are dropped.
 */
export function responseToJson(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(responseToJson);
  if (!isObject(value)) return value;
  const unknownMember = value.$unknown;
  if (Array.isArray(unknownMember) && typeof unknownMember[0] === 'string') return { [unknownMember[0]]: responseToJson(unknownMember[1]) };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || k === '$metadata') continue;
    setOwn(out, k, responseToJson(v));
  }
  return out;
}

/**
 * One client per model: the adaptive retry mode's client-side rate limiter then slows only the model that is being
 * throttled (Bedrock's on-demand quotas are per model), not every model of the run.
 */
export function createRuntimePort(newClient: () => BedrockRuntimeClient): RuntimePort & { destroy(): void } {
  const clients = new Map<string, BedrockRuntimeClient>();
  const clientFor = (modelId: string) => {
    let c = clients.get(modelId);
    if (!c) clients.set(modelId, (c = newClient()));
    return c;
  };
  return {
    async converse(modelId, modelInput, opts = {}) {
      // modelInput is a Converse request body minus modelId (validated when the suite was loaded), so it is the input.
      const input = { ...(requestFromJson(modelInput) as Omit<ConverseCommandInput, 'modelId'>), modelId };
      const out = await clientFor(modelId).send(new ConverseCommand(input), {
        ...(opts.signal ? { abortSignal: opts.signal } : {}),
        // Passed to the HTTP/2 handler per attempt: a Converse answer is not streamed, so "no activity" is "no answer yet".
        ...(opts.attemptTimeoutMs ? { requestTimeout: opts.attemptTimeoutMs } : {}),
      });
      return responseToJson(out) as Record<string, unknown>;
    },
    async invokeModel(modelId, body, opts = {}) {
      const command = new InvokeModelCommand({ modelId, contentType: 'application/json', accept: 'application/json', body: JSON.stringify(body) });
      const out = await clientFor(modelId).send(command, opts.signal ? { abortSignal: opts.signal } : {});
      return JSON.parse(Buffer.from(out.body).toString('utf8')) as Record<string, unknown>;
    },
    destroy() {
      for (const c of clients.values()) c.destroy();
      clients.clear();
    },
  };
}
