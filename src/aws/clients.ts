// Builds the AWS SDK clients for a target: the same clients for AWS and the emulator, which differ only in endpoint settings.
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { S3Client } from '@aws-sdk/client-s3';

export interface ClientTarget {
  region: string;
  /** Emulator or VPC endpoint; undefined on AWS. */
  endpoint?: string;
  /** bedrock-runtime's own endpoint on AWS (the emulator serves both services at `endpoint`). */
  runtimeEndpoint?: string;
  profile?: string;
  /** True for the emulator: path-style S3 and fixed local credentials. */
  local: boolean;
}

/** Credentials the emulator accepts; never real secrets. */
const LOCAL_CREDENTIALS = { accessKeyId: 'BEVALLOCAL', secretAccessKey: 'beval-local-emulator' };

function common(t: ClientTarget) {
  return {
    region: t.region,
    // Adaptive mode adds client-side rate limiting on top of the standard retries of throttling and 5xx.
    retryMode: 'adaptive' as const,
    maxAttempts: 6,
    ...(t.endpoint ? { endpoint: t.endpoint } : {}),
    ...(t.profile ? { profile: t.profile } : {}),
    ...(t.local ? { credentials: LOCAL_CREDENTIALS } : {}),
  };
}

export function bedrockClient(t: ClientTarget): BedrockClient {
  return new BedrockClient(common(t));
}

export function bedrockRuntimeClient(t: ClientTarget): BedrockRuntimeClient {
  // On AWS a Bedrock (control-plane) endpoint override must not carry Converse calls: bedrock-runtime is another
  // service with its own endpoint. The emulator serves both on one port.
  return new BedrockRuntimeClient({ ...common(t), ...(t.local ? {} : { endpoint: t.runtimeEndpoint }) });
}

export function s3Client(t: ClientTarget): S3Client {
  // S3 on AWS uses its regional endpoint even when Bedrock has a custom (e.g. VPC) endpoint.
  return new S3Client({ ...common(t), ...(t.local ? { forcePathStyle: true } : { endpoint: undefined }) });
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
