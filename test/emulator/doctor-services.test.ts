// The emulator's IAM SimulatePrincipalPolicy and Service Quotas ListServiceQuotas through the real SDK clients: the
// answers `beval doctor` reads, and the refusals AWS gives for bad input.
import { afterEach, describe, expect, it } from 'vitest';
import { IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { ListAWSDefaultServiceQuotasCommand, ListServiceQuotasCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';

let emu: RunningEmulator | undefined;
const clients: { destroy(): void }[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await emu?.close();
  emu = undefined;
});

const CREDENTIALS = { accessKeyId: 'BEVALLOCAL', secretAccessKey: 'beval-local-emulator' };
const USER = 'arn:aws:iam::123456789012:user/beval-emulator';
const ROLE = 'arn:aws:iam::123456789012:role/BedrockBatch';

async function iam(options: Parameters<typeof startEmulator>[0] = {}): Promise<IAMClient> {
  emu = await startEmulator(options);
  const c = new IAMClient({ region: 'us-east-1', endpoint: emu.endpoint, credentials: CREDENTIALS, maxAttempts: 1 });
  clients.push(c);
  return c;
}

const PASSED_TO_BEDROCK = [{ ContextKeyName: 'iam:PassedToService', ContextKeyValues: ['bedrock.amazonaws.com'], ContextKeyType: 'string' as const }];

describe('IAM SimulatePrincipalPolicy', () => {
  it('allows iam:PassRole to Bedrock, and denies it for a role in denyPassRole, per resource too', async () => {
    const c = await iam({ denyPassRole: [ROLE] });
    const out = await c.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: USER, ActionNames: ['iam:PassRole'], ResourceArns: [ROLE, `${ROLE}-other`], ContextEntries: PASSED_TO_BEDROCK }));
    const r = out.EvaluationResults?.[0];
    expect(r?.EvalActionName).toBe('iam:PassRole');
    expect(r?.EvalDecision).toBe('implicitDeny');
    expect(r?.ResourceSpecificResults?.map((x) => [x.EvalResourceName, x.EvalResourceDecision])).toEqual([[ROLE, 'implicitDeny'], [`${ROLE}-other`, 'allowed']]);
  });

  it('without iam:PassedToService the PassRole condition cannot hold: implicitDeny naming the missing context key', async () => {
    const c = await iam();
    const out = await c.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: USER, ActionNames: ['iam:PassRole', 'bedrock:CreateModelInvocationJob'], ResourceArns: [ROLE] }));
    expect(out.EvaluationResults?.map((r) => [r.EvalActionName, r.EvalDecision, r.MissingContextValues])).toEqual([
      ['iam:PassRole', 'implicitDeny', ['iam:PassedToService']],
      ['bedrock:CreateModelInvocationJob', 'allowed', []],
    ]);
  });

  it('a principal of another account is NoSuchEntity; refuse answers AccessDenied (403)', async () => {
    const c = await iam();
    await expect(c.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: 'arn:aws:iam::999999999999:user/x', ActionNames: ['iam:PassRole'] }))).rejects.toMatchObject({ name: 'NoSuchEntityException', $metadata: { httpStatusCode: 404 } });
    await emu?.close();
    const refused = await iam({ refuse: ['SimulatePrincipalPolicy'] });
    await expect(refused.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: USER, ActionNames: ['iam:PassRole'] }))).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  });
});

describe('Service Quotas ListServiceQuotas', () => {
  async function quotas(options: Parameters<typeof startEmulator>[0] = {}): Promise<ServiceQuotasClient> {
    emu = await startEmulator(options);
    const c = new ServiceQuotasClient({ region: 'us-east-1', endpoint: emu.endpoint, credentials: CREDENTIALS, maxAttempts: 1 });
    clients.push(c);
    return c;
  }

  it('lists the emulator\'s batch quotas per model under AWS\'s names, 10 a page, with a NextToken until the last', async () => {
    const c = await quotas({ quotas: { maxRecordsPerJob: 1234, maxBytesPerFile: 500_000_000 }, minRecordsPerJob: 50 });
    const all: { QuotaName?: string; Value?: number }[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await c.send(new ListServiceQuotasCommand({ ServiceCode: 'bedrock', MaxResults: 100, ...(token ? { NextToken: token } : {}) }));
      expect(page.Quotas!.length).toBeLessThanOrEqual(10);
      all.push(...page.Quotas!);
      token = page.NextToken;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    const value = (name: string) => all.find((q) => q.QuotaName === name)?.Value;
    expect(value('Records per batch inference job for beval.arith-v1')).toBe(1234);
    expect(value('Minimum number of records per batch inference job for beval.judge-v1')).toBe(50);
    expect(value('Batch inference input file size (in GB) for beval.verbose-v1')).toBe(0.5);
    expect(value('Sum of in-progress and submitted batch inference jobs using a base model for beval.flaky-v1')).toBe(20);
  });

  it('refuses another service code, a bad page size, and (refuse) the caller', async () => {
    const c = await quotas();
    await expect(c.send(new ListServiceQuotasCommand({ ServiceCode: 'ec2' }))).rejects.toMatchObject({ name: 'NoSuchResourceException' });
    await expect(c.send(new ListServiceQuotasCommand({ ServiceCode: 'bedrock', MaxResults: 0 }))).rejects.toMatchObject({ name: 'ValidationException' });
    await emu?.close();
    const refused = await quotas({ refuse: ['ListServiceQuotas'] });
    await expect(refused.send(new ListServiceQuotasCommand({ ServiceCode: 'bedrock' }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    // Each operation is refused on its own.
    await expect(refused.send(new ListAWSDefaultServiceQuotasCommand({ ServiceCode: 'bedrock' }))).resolves.toBeDefined();
  });

  async function every(c: ServiceQuotasClient, op: 'applied' | 'default'): Promise<{ QuotaName?: string; Value?: number; QuotaArn?: string }[]> {
    const all: { QuotaName?: string; Value?: number; QuotaArn?: string }[] = [];
    let token: string | undefined;
    do {
      const input = { ServiceCode: 'bedrock', MaxResults: 100, ...(token ? { NextToken: token } : {}) };
      const page = await c.send(op === 'applied' ? new ListServiceQuotasCommand(input) : new ListAWSDefaultServiceQuotasCommand(input));
      all.push(...page.Quotas!);
      token = page.NextToken;
    } while (token);
    return all;
  }

  it('leaves out the quotas without an applied value (quotasNotApplied); ListAWSDefaultServiceQuotas lists every model\'s default', async () => {
    const c = await quotas({ quotas: { maxRecordsPerJob: 1234 }, minRecordsPerJob: 50, quotasNotApplied: ['beval.arith-v1'] });
    const applied = await every(c, 'applied');
    expect(applied.some((q) => q.QuotaName!.endsWith(' beval.arith-v1'))).toBe(false);
    expect(applied.find((q) => q.QuotaName === 'Records per batch inference job for beval.verbose-v1')?.Value).toBe(1234);
    const defaults = await every(c, 'default');
    const value = (name: string) => defaults.find((q) => q.QuotaName === name);
    // AWS's defaults, not the account's applied values; a default's ARN names no account.
    expect(value('Records per batch inference job for beval.arith-v1')?.Value).toBe(50_000);
    expect(value('Records per batch inference job for beval.verbose-v1')?.Value).toBe(50_000);
    expect(value('Minimum number of records per batch inference job for beval.verbose-v1')?.Value).toBe(100);
    expect(value('Records per batch inference job for beval.arith-v1')?.QuotaArn).toMatch(/^arn:aws:servicequotas:us-east-1::bedrock\/L-[0-9A-F]{8}$/);
    await emu?.close();
    const refused = await quotas({ refuse: ['ListAWSDefaultServiceQuotas'] });
    await expect(refused.send(new ListAWSDefaultServiceQuotasCommand({ ServiceCode: 'bedrock' }))).rejects.toMatchObject({ name: 'AccessDeniedException', message: expect.stringContaining('servicequotas:ListAWSDefaultServiceQuotas') });
  });
});
