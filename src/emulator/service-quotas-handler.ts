// Service Quotas ListServiceQuotas and ListAWSDefaultServiceQuotas (JSON 1.1, `X-Amz-Target:
// ServiceQuotasV20190624.<operation>`) for service code `bedrock`: the emulator's own batch quotas (applied) and AWS's
// defaults, one set per model, under the names AWS gives them, so `beval doctor` reads and compares them through the
// same SDK calls as on AWS. As AWS documents, ListServiceQuotas leaves out a quota whose applied value is not available
// (`notApplied` models here); ListAWSDefaultServiceQuotas lists every quota with its default.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { newRequestId, readBody } from './http-util.ts';
import { DEFAULT_QUOTAS, type EmulatorQuotas } from './quotas.ts';

export interface ServiceQuotasContext {
  region: string;
  accountId: string;
  quotas: EmulatorQuotas;
  minRecordsPerJob: number;
  /** The models the quotas are listed for (built-in and replay ids; their names are their ids, as in the catalogue). */
  modelIds: () => string[];
  /** Models whose quotas ListServiceQuotas does not list (no applied value); ListAWSDefaultServiceQuotas still does. */
  notApplied: ReadonlySet<string>;
  /** Operations that answer AccessDeniedException, as for a caller without `servicequotas:<operation>`. */
  refuse: ReadonlySet<ServiceQuotasOperation>;
}

export type ServiceQuotasOperation = 'ListServiceQuotas' | 'ListAWSDefaultServiceQuotas';
const OPERATIONS: readonly ServiceQuotasOperation[] = ['ListServiceQuotas', 'ListAWSDefaultServiceQuotas'];

const TARGET_PREFIX = 'ServiceQuotasV20190624.';
/**
 * Pages of at most 10, whatever MaxResults asks: AWS documents that a page can be shorter than MaxResults while more
 * results remain, so a client that stops before NextToken is absent misses quotas here as it would there.
 */
const PAGE_CAP = 10;

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1', 'Content-Length': String(Buffer.byteLength(text)), 'x-amzn-RequestId': newRequestId() });
  res.end(text);
}

const error = (res: ServerResponse, status: number, type: string, message: string): void => send(res, status, { __type: type, message });

/** AWS's batch quota names (AWS General Reference, bedrock.html), with the model's name at the end. */
function batchQuotas(q: EmulatorQuotas, minRecordsPerJob: number, model: string): [string, number][] {
  return [
    [`Minimum number of records per batch inference job for ${model}`, minRecordsPerJob],
    [`Records per batch inference job for ${model}`, q.maxRecordsPerJob],
    [`Records per input file per batch inference job for ${model}`, q.maxRecordsPerFile],
    [`Batch inference input file size (in GB) for ${model}`, q.maxBytesPerFile / 1e9],
    [`Batch inference job size (in GB) for ${model}`, q.maxBytesPerJob / 1e9],
    [`Sum of in-progress and submitted batch inference jobs using a base model for ${model}`, q.maxConcurrentJobsPerModel],
    // Not a batch quota: a client matching names loosely would pick it up.
    [`On-demand model inference requests per minute for ${model}`, 200],
  ];
}

function quotaCode(name: string): string {
  return `L-${createHash('sha256').update(name).digest('hex').slice(0, 8).toUpperCase()}`;
}

/** The quotas an operation lists: applied values (models with one) or AWS's defaults (every model; no account in the ARN). */
function listed(ctx: ServiceQuotasContext, op: ServiceQuotasOperation): Record<string, unknown>[] {
  const applied = op === 'ListServiceQuotas';
  const models = ctx.modelIds().filter((m) => !applied || !ctx.notApplied.has(m));
  return models.flatMap((model) => (applied ? batchQuotas(ctx.quotas, ctx.minRecordsPerJob, model) : batchQuotas(DEFAULT_QUOTAS, 100, model))).map(([name, value]) => {
    const code = quotaCode(name);
    return {
      ServiceCode: 'bedrock', ServiceName: 'Amazon Bedrock', QuotaArn: `arn:aws:servicequotas:${ctx.region}:${applied ? ctx.accountId : ''}:bedrock/${code}`,
      QuotaCode: code, QuotaName: name, Value: value, Unit: 'None', Adjustable: true, GlobalQuota: false, ...(applied ? { QuotaAppliedAtLevel: 'ACCOUNT' } : {}),
    };
  });
}

export async function handleServiceQuotas(ctx: ServiceQuotasContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = String(req.headers['x-amz-target'] ?? '');
  const raw = (await readBody(req, 64 * 1024)).toString('utf8');
  const op = OPERATIONS.find((o) => target === `${TARGET_PREFIX}${o}`);
  if (req.method !== 'POST' || !op) {
    error(res, 400, 'UnknownOperationException', `The emulator answers only ${OPERATIONS.join(' and ')}.`);
    return;
  }
  if (ctx.refuse.has(op)) {
    error(res, 400, 'AccessDeniedException', `User: arn:aws:iam::${ctx.accountId}:user/beval-emulator is not authorized to perform: servicequotas:${op} because no identity-based policy allows the servicequotas:${op} action`);
    return;
  }
  let body: { ServiceCode?: unknown; NextToken?: unknown; MaxResults?: unknown };
  try {
    const parsed: unknown = JSON.parse(raw || '{}');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    body = parsed as typeof body;
  } catch {
    error(res, 400, 'SerializationException', 'The request body is not a JSON object.');
    return;
  }
  if (typeof body.ServiceCode !== 'string' || body.ServiceCode === '') {
    error(res, 400, 'ValidationException', '1 validation error detected: Value null at \'serviceCode\' failed to satisfy constraint: Member must not be null');
    return;
  }
  if (body.ServiceCode !== 'bedrock') {
    error(res, 400, 'NoSuchResourceException', `The request failed because the specified service ${body.ServiceCode} does not exist in the emulator.`);
    return;
  }
  const max = body.MaxResults === undefined ? PAGE_CAP : body.MaxResults;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 100) {
    error(res, 400, 'ValidationException', '1 validation error detected: Value at \'maxResults\' failed to satisfy constraint: Member must have value between 1 and 100');
    return;
  }
  const start = body.NextToken === undefined ? 0 : Number.parseInt(Buffer.from(String(body.NextToken), 'base64url').toString('utf8'), 10);
  const quotas = listed(ctx, op);
  if (!Number.isInteger(start) || start < 0 || start > quotas.length) {
    error(res, 400, 'InvalidPaginationTokenException', 'Invalid input: the pagination token is not valid.');
    return;
  }
  const end = start + Math.min(max, PAGE_CAP);
  send(res, 200, { Quotas: quotas.slice(start, end), ...(end < quotas.length ? { NextToken: Buffer.from(String(end)).toString('base64url') } : {}) });
}
