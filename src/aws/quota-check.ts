// `beval doctor`: the account's batch quotas (Service Quotas, service code `bedrock`) beside the config's `quotas`, per
// model. A config value over the account's means a job AWS refuses (WARN); an account value above the config's is room
// the config leaves unused (said on the OK line). ListServiceQuotas lists applied values but leaves out a quota whose
// applied value is not available; for those, AWS's default (ListAWSDefaultServiceQuotas) is what applies, and the line
// says which values are defaults. Loaded only by doctor (preflight.ts).
import { ListAWSDefaultServiceQuotasCommand, ListServiceQuotasCommand, type ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import type { QuotaConfig } from '../types/config.ts';
import { parseBatchQuota, quotaModelFor, type BatchQuota, type BatchQuotaField } from './batch-quota-names.ts';
import { describeError, errorShape, isAccessDenied, type Check } from './check.ts';

export type ConfigQuotas = Required<QuotaConfig>;

/** Pages read at most; Bedrock lists a few hundred quotas, 100 a page. */
const MAX_PAGES = 50;

const LABEL: Record<BatchQuotaField, string> = {
  minRecordsPerJob: 'min records per job',
  maxRecordsPerJob: 'records per job',
  maxRecordsPerFile: 'records per file',
  maxBytesPerFile: 'file size',
  maxBytesPerJob: 'job size',
  maxConcurrentJobsPerModel: 'submitted + in-progress jobs',
};

const ORDER = Object.keys(LABEL) as BatchQuotaField[];

function amount(field: BatchQuotaField, n: number): string {
  if (field === 'maxBytesPerFile' || field === 'maxBytesPerJob') return `${(n / 1e9).toLocaleString('en-US', { maximumFractionDigits: 3 })} GB`;
  return n.toLocaleString('en-US');
}

/** A batch quota and where its value came from: applied to the account, or AWS's default (no applied value listed). */
type ReadQuota = BatchQuota & { source: 'applied' | 'default' };

async function readBatchQuotas(client: ServiceQuotasClient, source: ReadQuota['source']): Promise<ReadQuota[]> {
  const out: ReadQuota[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const input = { ServiceCode: 'bedrock', MaxResults: 100, ...(token ? { NextToken: token } : {}) };
    const res = await client.send(source === 'applied' ? new ListServiceQuotasCommand(input) : new ListAWSDefaultServiceQuotasCommand(input));
    for (const q of res.Quotas ?? []) {
      if (typeof q.QuotaName !== 'string' || typeof q.Value !== 'number') continue;
      const parsed = parseBatchQuota(q.QuotaName, q.Value);
      if (parsed) out.push({ ...parsed, source });
    }
    token = res.NextToken;
    if (!token) break;
  }
  return out;
}

/** What one field says: a refusal to expect (warn) or unused room (info); nothing when the values agree. */
function compare(field: BatchQuotaField, account: number, config: number): { warn?: string; info?: string } {
  const a = amount(field, account);
  const c = amount(field, config);
  if (account === config) return {};
  if (field === 'minRecordsPerJob') {
    return config < account
      ? { warn: `quotas.minRecordsPerJob is ${c}, the account's minimum is ${a}: a job under ${a} records is refused, set quotas.minRecordsPerJob to ${a}` }
      : { info: `the account accepts jobs from ${a} records (quotas.minRecordsPerJob is ${c})` };
  }
  if (field === 'maxConcurrentJobsPerModel') {
    return config > account
      ? { warn: `quotas.maxConcurrentJobsPerModel is ${c}, the account allows ${a} submitted + in-progress jobs: creates over it are refused and retried later, set it to ${a} or less` }
      : { info: `the account allows ${a} submitted + in-progress jobs (beval's cap is ${c}; other runs share the account's)` };
  }
  return config > account
    ? { warn: `quotas.${field} is ${c}, the account allows ${a} (${LABEL[field]}): a job over it is refused, set quotas.${field} to ${a}` }
    : { info: `the account allows ${a} ${LABEL[field]} (quotas.${field} is ${c})` };
}

/** Each quota's applied value where ListServiceQuotas lists one, else AWS's default for it. */
function appliedOrDefault(applied: ReadQuota[], defaults: ReadQuota[]): ReadQuota[] {
  const key = (q: BatchQuota): string => `${q.field}\u0000${q.model}`;
  const have = new Set(applied.map(key));
  return [...applied, ...defaults.filter((q) => !have.has(key(q)))];
}

function modelCheck(modelId: string, quotas: ReadQuota[], config: ConfigQuotas, region: string, defaultsProblem: string | undefined): Check {
  const name = `quotas ${modelId}`;
  const model = quotaModelFor(modelId, quotas.map((q) => q.model));
  if (model === undefined) {
    const lists = defaultsProblem ? `ListServiceQuotas lists only quotas with an applied value, and the defaults were not read: ${defaultsProblem}` : 'neither its applied values nor AWS\'s defaults list one';
    return { name, state: 'skip', detail: `no batch quota in ${region} names this model (quota names use display names such as "Records per batch inference job for Claude 3 Haiku"; ${lists}): check Service Quotas yourself (docs/aws.md §6)` };
  }
  const warns: string[] = [];
  const infos: string[] = [];
  const missing: string[] = [];
  const defaulted: string[] = [];
  for (const field of ORDER) {
    const q = quotas.find((x) => x.model === model && x.field === field);
    if (!q) {
      missing.push(LABEL[field]);
      continue;
    }
    if (q.source === 'default') defaulted.push(LABEL[field]);
    const said = compare(field, q.value, config[field]);
    if (said.warn) warns.push(said.warn);
    if (said.info) infos.push(said.info);
  }
  const agree = ORDER.length - missing.length - warns.length - infos.length;
  const parts = [
    ...warns,
    ...infos,
    ...(agree > 0 ? [`${agree} of ${ORDER.length} batch quotas match the config`] : []),
    ...(defaulted.length ? [`AWS's default, no applied value listed: ${defaulted.join(', ')}`] : []),
    ...(missing.length ? [`not listed: ${missing.join(', ')}${defaultsProblem ? ` (the defaults were not read: ${defaultsProblem})` : ''}`] : []),
  ];
  return { name, state: warns.length ? 'warn' : 'ok', detail: `as "${model}" in ${region}: ${parts.join('; ')}` };
}

/**
 * One check per model of the config; SKIP with the reason when Service Quotas cannot be read (the permission it
 * needs, or the error with its request id).
 */
export async function quotaChecks(client: ServiceQuotasClient, modelIds: string[], config: ConfigQuotas, region: string): Promise<Check[]> {
  let applied: ReadQuota[];
  try {
    applied = await readBatchQuotas(client, 'applied');
  } catch (err) {
    const e = errorShape(err);
    const why = isAccessDenied(e)
      ? `ListServiceQuotas was refused (${describeError(e)}): this check needs servicequotas:ListServiceQuotas`
      : `ListServiceQuotas failed (${describeError(e)})`;
    return [{ name: 'quotas', state: 'skip', detail: `not read: ${why}; compare the config's \`quotas\` with Service Quotas yourself (docs/aws.md §6)` }];
  }
  // The defaults fill in what ListServiceQuotas leaves out; without them (refused, failed) the applied values still count.
  let defaults: ReadQuota[] = [];
  let defaultsProblem: string | undefined;
  try {
    defaults = await readBatchQuotas(client, 'default');
  } catch (err) {
    const e = errorShape(err);
    defaultsProblem = isAccessDenied(e) ? `ListAWSDefaultServiceQuotas was refused (${describeError(e)}), it needs servicequotas:ListAWSDefaultServiceQuotas` : `ListAWSDefaultServiceQuotas failed (${describeError(e)})`;
  }
  const quotas = appliedOrDefault(applied, defaults);
  if (quotas.length === 0) {
    // With the defaults unread, an empty applied list says only that no quota has an applied value, not that none exists.
    const what = defaultsProblem
      ? `ListServiceQuotas lists no batch inference quota with an applied value for bedrock in ${region}, and AWS's defaults were not read: ${defaultsProblem}`
      : `Service Quotas lists no batch inference quota for bedrock in ${region}`;
    return [{ name: 'quotas', state: 'skip', detail: `${what}: compare the config's \`quotas\` with the AWS General Reference (docs/aws.md §6)` }];
  }
  return [...new Set(modelIds)].map((id) => modelCheck(id, quotas, config, region, defaultsProblem));
}
