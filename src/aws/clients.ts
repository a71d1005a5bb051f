// Builds the AWS SDK clients for a target: the same clients for AWS and the emulator, which differ only in endpoint
// settings. Everything the SDK lets a user configure (Region chain, retry env/profile settings) stays theirs.
import { createRequire } from 'node:module';
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { loadConfig } from '@smithy/core/config';
import { NODE_MAX_ATTEMPT_CONFIG_OPTIONS, NODE_RETRY_MODE_CONFIG_OPTIONS } from '@smithy/core/retry';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { addDebugLog, type DebugLog } from './debug-log.ts';

export interface ClientTarget {
  /** Undefined on AWS when the config names none: the SDK's Region chain (AWS_REGION, the profile's `region`) decides. */
  region?: string;
  /** Emulator or VPC endpoint; undefined on AWS. */
  endpoint?: string;
  /** bedrock-runtime's own endpoint on AWS (the emulator serves both services at `endpoint`). */
  runtimeEndpoint?: string;
  profile?: string;
  /** True for the emulator: path-style S3, fixed local credentials and SigV4 only. */
  local: boolean;
  /** `--debug`: one line per AWS call (operation, status, request id, attempts). */
  debug?: DebugLog;
}

/** Credentials the emulator accepts; never real secrets. */
const LOCAL_CREDENTIALS = { accessKeyId: 'BEVALLOCAL', secretAccessKey: 'beval-local-emulator' };

/** The environment variable that switches the SDK's Bedrock clients to bearer (API key) auth. */
export const BEARER_TOKEN_ENV = 'AWS_BEARER_TOKEN_BEDROCK';

/**
 * Timeouts the SDK does not set by default (@smithy/node-http-handler has none): a half-open socket would otherwise
 * hang an hours-long `collect` for ever. `requestTimeout` is the socket's idle time, so a long download that keeps
 * receiving bytes is never cut; a non-streamed Converse answer can take minutes, hence the longer runtime value.
 */
export const TIMEOUTS = {
  connectionTimeout: 10_000,
  requestTimeout: 120_000,
  runtimeRequestTimeout: 600_000,
} as const;

const require = createRequire(import.meta.url);
const VERSION = (require('../../package.json') as { version: string }).version;
/** Sent as the SDK's `customUserAgent`, so a call shows up in CloudTrail as beval's. */
export const USER_AGENT = `beval/${VERSION}`;

interface Shared {
  credentials: AwsCredentialIdentityProvider;
  retryMode: () => Promise<string>;
  maxAttempts: () => Promise<number>;
}

/**
 * One credential provider and one retry-setting lookup per target, shared by its clients: a `credential_process` or
 * an MFA profile runs once, not once per client.
 */
const shared = new WeakMap<ClientTarget, Shared>();

function sharedFor(t: ClientTarget): Shared {
  let s = shared.get(t);
  if (!s) {
    const profile = t.profile ? { profile: t.profile } : {};
    s = {
      credentials: t.local ? async () => LOCAL_CREDENTIALS : defaultProvider(profile),
      // AWS_RETRY_MODE / AWS_MAX_ATTEMPTS and the profile's retry_mode / max_attempts win; adaptive with 6 attempts is
      // only the default when none is set (adaptive adds client-side rate limiting to the retries of throttling and 5xx).
      retryMode: loadConfig({ ...NODE_RETRY_MODE_CONFIG_OPTIONS, default: 'adaptive' }, profile),
      maxAttempts: loadConfig({ ...NODE_MAX_ATTEMPT_CONFIG_OPTIONS, default: 6 }, profile),
    };
    shared.set(t, s);
  }
  return s;
}

/** The settings every client of a target shares (also the lazily loaded doctor clients, check-clients.ts). */
export function common(t: ClientTarget, requestTimeout: number = TIMEOUTS.requestTimeout) {
  const s = sharedFor(t);
  return {
    ...(t.region ? { region: t.region } : {}),
    retryMode: s.retryMode,
    maxAttempts: s.maxAttempts,
    credentials: s.credentials,
    customUserAgent: USER_AGENT,
    requestHandler: { connectionTimeout: TIMEOUTS.connectionTimeout, requestTimeout },
    ...(t.endpoint ? { endpoint: t.endpoint } : {}),
    ...(t.profile ? { profile: t.profile } : {}),
  };
}

/**
 * The emulator must never receive the user's Bedrock API key: with AWS_BEARER_TOKEN_BEDROCK set, the SDK would prefer
 * bearer auth for both Bedrock clients. On AWS the SDK's choice stands (preflight says which identity is used).
 */
function bedrockAuth(t: ClientTarget) {
  return t.local ? { authSchemePreference: ['sigv4'] } : {};
}

export function withDebug<C extends { middlewareStack: unknown }>(client: C, t: ClientTarget): C {
  if (t.debug) addDebugLog(client as never, t.debug);
  return client;
}

export function bedrockClient(t: ClientTarget): BedrockClient {
  return withDebug(new BedrockClient({ ...common(t), ...bedrockAuth(t) }), t);
}

export function bedrockRuntimeClient(t: ClientTarget): BedrockRuntimeClient {
  // On AWS a Bedrock (control-plane) endpoint override must not carry Converse calls: bedrock-runtime is another
  // service with its own endpoint. The emulator serves both on one port.
  return withDebug(new BedrockRuntimeClient({ ...common(t, TIMEOUTS.runtimeRequestTimeout), ...bedrockAuth(t), ...(t.local ? {} : { endpoint: t.runtimeEndpoint }) }), t);
}

export function s3Client(t: ClientTarget): S3Client {
  // S3 on AWS uses its regional endpoint even when Bedrock has a custom (e.g. VPC) endpoint.
  return withDebug(new S3Client({ ...common(t), ...(t.local ? { forcePathStyle: true } : { endpoint: undefined }) }), t);
}

/** STS for GetCallerIdentity (pre-flight): its regional endpoint on AWS, the emulator's on the emulator. */
export function stsClient(t: ClientTarget): STSClient {
  return withDebug(new STSClient({ ...common(t), ...(t.local ? {} : { endpoint: undefined }) }), t);
}

/**
 * The credential values the client's provider chain resolves (key id, secret, session token), so they can be redacted
 * literally (safe-text.ts); none when the chain finds nothing (the first call then fails and says so).
 */
export async function credentialValues(client: BedrockClient): Promise<string[]> {
  try {
    const c = await client.config.credentials();
    return [c.accessKeyId, c.secretAccessKey, c.sessionToken].filter((v): v is string => typeof v === 'string');
  } catch {
    return [];
  }
}
