// Read-only pre-flight checks (`beval doctor`, and the cheap part at the start of `beval run`/`submit`): who the
// credentials are, the Region, the bucket's Region/owner/encryption and whether each model ID exists; doctor adds
// whether the caller may pass the role (role-check.ts) and the account's batch quotas (quota-check.ts), loaded only
// then. No call here costs anything or changes anything; a check that cannot be made says why instead of failing.
import type { BedrockClient } from '@aws-sdk/client-bedrock';
import { GetBucketEncryptionCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { BEARER_TOKEN_ENV } from './clients.ts';
import { lookupModel } from './model-lookup.ts';
import { errorShape as shape, networkCode, requestId, unreachable, type Check } from './check.ts';
import type { CheckClients } from './check-clients.ts';
import type { QuotaConfig } from '../types/config.ts';

export type { Check, CheckState } from './check.ts';

export interface PreflightClients {
  bedrock: BedrockClient;
  s3: S3Client;
  sts: STSClient;
  /** IAM and Service Quotas, made on first use: only `beval doctor` (input.full) calls them. */
  checks?: CheckClients;
}

export interface PreflightInput {
  /** True on the emulator: every model it knows takes batch jobs, and the bearer token is never used. */
  local: boolean;
  /** `target.profile`, to warn when a bearer token overrides it. */
  profile?: string;
  /** The bucket batch inputs go to; omitted for a realtime-only run. */
  bucket?: { name: string; owner?: string; kmsKeyId?: string };
  roleArn?: string;
  /** Every model and judge model ID of the config. */
  modelIds: string[];
  /**
   * `beval doctor`: also the bucket's default encryption, whether the caller may pass the role and create jobs (IAM's
   * policy simulator) and the account's batch quotas beside `quotas` (Service Quotas).
   */
  full: boolean;
  /** The config's resolved `quotas`, compared with the account's in a full check. */
  quotas?: Required<QuotaConfig>;
  /** The environment the SDK reads (the bearer token variable); process.env by default. */
  env?: Record<string, string | undefined>;
}

async function regionOf(bedrock: BedrockClient): Promise<string | undefined> {
  try {
    return await bedrock.config.region();
  } catch {
    return undefined;
  }
}

async function identity(sts: STSClient, input: PreflightInput, region: string): Promise<{ check: Check; account?: string; arn?: string }> {
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    return { check: { name: 'identity', state: 'ok', detail: `${out.Arn ?? '?'} (account ${out.Account ?? '?'})` }, ...(out.Account ? { account: out.Account } : {}), ...(out.Arn ? { arn: out.Arn } : {}) };
  } catch (err) {
    const e = shape(err);
    const name = e.name ?? 'Error';
    if (name === 'CredentialsProviderError' || /could not load credentials|credential/i.test(e.message ?? '') && !e.$metadata?.httpStatusCode) {
      return { check: { name: 'identity', state: 'fail', detail: 'no AWS credentials: set `target.profile` or run `aws sso login` (or `aws configure`)' } };
    }
    if (/^(ExpiredToken|ExpiredTokenException|InvalidClientTokenId|SignatureDoesNotMatch|UnrecognizedClientException)$/.test(name)) {
      return { check: { name: 'identity', state: 'fail', detail: `the credentials were refused (${name}${requestId(e)}): run \`aws sso login\` or refresh the profile's keys` } };
    }
    if (networkCode(e)) return { check: { name: 'identity', state: 'fail', detail: unreachable(e, `STS in ${region}`) } };
    return { check: { name: 'identity', state: 'fail', detail: `sts:GetCallerIdentity failed: ${name}${requestId(e)}` } };
  }
}

/** Which identity the Bedrock calls use when the SDK's bearer-token switch is on (S3 always signs with credentials). */
function bearerCheck(input: PreflightInput): Check | undefined {
  const env = input.env ?? process.env;
  if (input.local || !(BEARER_TOKEN_ENV in env)) return undefined;
  const profile = input.profile ? ` target.profile (${input.profile}) is set, but the bearer token wins for Bedrock.` : '';
  return { name: 'bearer token', state: 'warn', detail: `${BEARER_TOKEN_ENV} is set: Bedrock calls (jobs, Converse) use that API key, S3 uses the identity above.${profile} Unset it to run everything as one identity.` };
}

async function bucketChecks(s3: S3Client, input: PreflightInput, region: string, account: string | undefined): Promise<Check[]> {
  const b = input.bucket!;
  const owner = b.owner ?? account;
  try {
    const out = await s3.send(new HeadBucketCommand({ Bucket: b.name, ...(owner ? { ExpectedBucketOwner: owner } : {}) }));
    const where = out.BucketRegion;
    if (where && where !== region) return [{ name: 'bucket', state: 'fail', detail: `bucket ${b.name} is in ${where}, target.region is ${region}: use a bucket in ${region} (Bedrock reads it from there)` }];
    const checks: Check[] = [{ name: 'bucket', state: 'ok', detail: `${b.name} in ${where ?? region}${owner ? `, owned by ${owner}` : ''}` }];
    if (input.full) checks.push(await encryptionCheck(s3, input));
    return checks;
  } catch (err) {
    const e = shape(err);
    const status = e.$metadata?.httpStatusCode;
    const redirected = e.$response?.headers?.['x-amz-bucket-region'] ?? e.BucketRegion;
    if (status === 301 || redirected) return [{ name: 'bucket', state: 'fail', detail: `bucket ${b.name} is in ${redirected ?? 'another Region'}, target.region is ${region}: use a bucket in ${region} (Bedrock reads it from there)` }];
    // An emulator started without `buckets` creates a bucket on its first write, so a missing one is no failure there.
    if (status === 404 && input.local) return [{ name: 'bucket', state: 'ok', detail: `${b.name} does not exist yet: an emulator started without \`buckets\` creates it on the first upload` }];
    if (status === 404) return [{ name: 'bucket', state: 'fail', detail: `bucket ${b.name} does not exist: create it in ${region} or fix s3.bucket` }];
    if (status === 403) {
      const who = b.owner ? `is not owned by s3.bucketOwner (${b.owner})` : `is not owned by your account (${account ?? '?'}): set s3.bucketOwner to its owner's account id`;
      return [{ name: 'bucket', state: 'fail', detail: `bucket ${b.name}: access denied (403${requestId(e)}): it ${who}, or you lack s3:ListBucket on it` }];
    }
    if (networkCode(e)) return [{ name: 'bucket', state: 'fail', detail: unreachable(e, `S3 in ${region}`) }];
    return [{ name: 'bucket', state: 'fail', detail: `HeadBucket ${b.name} failed: ${e.name ?? 'Error'}${requestId(e)}` }];
  }
}

async function encryptionCheck(s3: S3Client, input: PreflightInput): Promise<Check> {
  const b = input.bucket!;
  try {
    const out = await s3.send(new GetBucketEncryptionCommand({ Bucket: b.name, ...(b.owner ? { ExpectedBucketOwner: b.owner } : {}) }));
    const rule = out.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
    const algo = rule?.SSEAlgorithm ?? 'none';
    if (algo.startsWith('aws:kms')) {
      const key = rule?.KMSMasterKeyID ?? 'the AWS managed key';
      const hint = b.kmsKeyId ? '' : ' — set s3.kmsKeyId if the bucket policy requires SSE-KMS on writes;';
      return { name: 'encryption', state: 'ok', detail: `default ${algo} with ${key};${hint} the role needs kms:Decrypt and kms:GenerateDataKey on it` };
    }
    return { name: 'encryption', state: 'ok', detail: `default ${algo}${b.kmsKeyId ? `; beval writes with SSE-KMS key ${b.kmsKeyId}` : ''}` };
  } catch (err) {
    const e = shape(err);
    return { name: 'encryption', state: 'skip', detail: `not checked: GetBucketEncryption answered ${e.name ?? 'Error'} (needs s3:GetEncryptionConfiguration)` };
  }
}

async function modelChecks(bedrock: BedrockClient, input: PreflightInput, region: string): Promise<Check[]> {
  const checks: Check[] = [];
  for (const id of [...new Set(input.modelIds)]) {
    const found = await lookupModel(bedrock, id, region);
    if (found.state === 'missing') checks.push({ name: `model ${id}`, state: 'fail', detail: `${found.detail}: fix models[].id (or the judge's model)` });
    else if (found.state === 'unknown') checks.push({ name: `model ${id}`, state: 'skip', detail: found.detail });
    else {
      // AWS's API does not say which models take batch jobs (ListFoundationModels shows ON_DEMAND for them too).
      const batch = input.local ? 'takes batch jobs' : 'batch support is not in the API: see batch-inference-supported.html for this Region and ID form';
      const legacy = found.legacy ? '; LEGACY: extended-access prices may apply, set models[].pricing' : '';
      checks.push({ name: `model ${id}`, state: found.legacy ? 'warn' : 'ok', detail: `${found.detail} in ${region}; ${batch}${legacy}` });
    }
  }
  return checks;
}

/** A role of another account: Bedrock needs one in the account that creates the jobs (a simulated allow does not help). */
function roleAccountCheck(roleArn: string, account: string | undefined): Check | undefined {
  const roleAccount = /^arn:aws[^:]*:iam::(\d{12}):/.exec(roleArn)?.[1];
  if (!account || !roleAccount || roleAccount === account) return undefined;
  return { name: 'role account', state: 'warn', detail: `${roleArn} is in account ${roleAccount}, not yours (${account}): Bedrock needs a role in the account that creates the jobs` };
}

/**
 * With a Bedrock API key in use, jobs are created (and the role passed) as the key's IAM user, not as the identity
 * simulated: what the simulator said is a hint, not a verdict.
 */
function notTheCreator(c: Check): Check {
  if (c.name !== 'role' && c.name !== 'create jobs') return c;
  return { ...c, state: c.state === 'fail' ? 'warn' : c.state, detail: `${c.detail} — for the identity above; with ${BEARER_TOKEN_ENV} set, jobs are created as the API key's IAM user, which this does not simulate` };
}

/** The doctor-only checks: IAM's policy simulator for the role, Service Quotas for the batch quotas. */
async function accountChecks(clients: PreflightClients, input: PreflightInput, region: string, who: { account?: string; arn?: string }): Promise<Check[]> {
  const checks: Check[] = [];
  if (input.roleArn) {
    if (!clients.checks || !who.arn || !who.account) {
      checks.push({ name: 'role', state: 'skip', detail: `not checked whether you may pass ${input.roleArn}: no IAM client or caller identity; a missing iam:PassRole fails the first create with AccessDeniedException, before anything is billed` });
    } else {
      const { roleChecks } = await import('./role-check.ts');
      const simulated = await roleChecks(await clients.checks.iam(), { callerArn: who.arn, roleArn: input.roleArn, modelIds: input.modelIds, region, account: who.account });
      checks.push(...(bearerCheck(input) ? simulated.map(notTheCreator) : simulated));
    }
    const other = roleAccountCheck(input.roleArn, who.account);
    if (other) checks.push(other);
  }
  // Batch quotas bound batch jobs only: a realtime run without judges (no bucket) has none to compare.
  if (input.bucket && input.quotas) {
    if (!clients.checks) {
      checks.push({ name: 'quotas', state: 'skip', detail: 'not read: no Service Quotas client; compare the config\'s `quotas` with your account\'s (docs/aws.md §6)' });
    } else {
      const { quotaChecks } = await import('./quota-check.ts');
      checks.push(...(await quotaChecks(await clients.checks.serviceQuotas(), input.modelIds, input.quotas, region)));
    }
  }
  return checks;
}

/**
 * Runs the checks in order; when the Region or the credentials are missing, the rest are skipped (they would fail the
 * same way and bury the one line that matters).
 */
export async function preflight(clients: PreflightClients, input: PreflightInput): Promise<Check[]> {
  const region = await regionOf(clients.bedrock);
  if (!region) {
    return [{ name: 'region', state: 'fail', detail: 'no AWS Region: set target.region (or AWS_REGION, or `region` in the profile)' }];
  }
  const checks: Check[] = [{ name: 'region', state: 'ok', detail: region }];
  const who = await identity(clients.sts, input, region);
  checks.push(who.check);
  if (who.check.state === 'fail') return checks;
  const bearer = bearerCheck(input);
  if (bearer) checks.push(bearer);
  if (input.bucket) checks.push(...(await bucketChecks(clients.s3, input, region, who.account)));
  checks.push(...(await modelChecks(clients.bedrock, input, region)));
  if (input.full) checks.push(...(await accountChecks(clients, input, region, who)));
  return checks;
}
