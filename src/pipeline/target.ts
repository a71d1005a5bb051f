// Builds the ports for a config's target: the same SDK clients for AWS and the emulator, started in-process if needed.
import type { ResolvedConfig } from '../types/config.ts';
import { bedrockClient, bedrockRuntimeClient, credentialValues, s3Client, stsClient, type ClientTarget } from '../aws/clients.ts';
import { rememberSecrets } from '../safe-text.ts';
import type { DebugLog } from '../aws/debug-log.ts';
import { preflight, type Check, type PreflightInput } from '../aws/preflight.ts';
import { lazyCheckClients, type CheckClients } from '../aws/check-clients.ts';
import { createBatchPort } from '../aws/batch-port.ts';
import { createBlobPort } from '../aws/blob-port.ts';
import { createRuntimePort } from '../aws/runtime-port.ts';
import type { BatchPort, BlobPort, RuntimePort } from '../types/ports.ts';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../emulator/index.ts';

export interface OpenTarget {
  batch: BatchPort;
  blobs: BlobPort;
  /** Bedrock runtime Converse, for realtime shards. */
  runtime: RuntimePort;
  /** Set when the emulator runs inside this process (it stops when the process exits). */
  emulator?: RunningEmulator;
  describe: string;
  /** Read-only checks of credentials, Region, bucket, model IDs (and for doctor the role and quotas) through this target's clients (src/aws/preflight.ts). */
  preflight(input: Omit<PreflightInput, 'local' | 'profile'>): Promise<Check[]>;
  close(): Promise<void>;
}

/**
 * The in-process emulator's options from the config. It enforces the config's input quotas (the planner shards by
 * them), so a user whose account allows bigger jobs is not failed locally for a job AWS would take, and a planner that
 * overshoots them still fails as on AWS. `maxConcurrentJobsPerModel` stays the emulator's: beval's is a cap on its own
 * submissions, not the account's quota.
 */
export function embeddedEmulatorOptions(config: ResolvedConfig, t: Extract<ResolvedConfig['target'], { kind: 'emulator' }>): EmulatorOptions {
  const { maxRecordsPerJob, maxRecordsPerFile, maxBytesPerFile, maxBytesPerJob } = config.quotas;
  return {
    replay: t.replay,
    ...(t.faults ? { faults: t.faults } : {}),
    ...(t.minRecordsPerJob !== undefined ? { minRecordsPerJob: t.minRecordsPerJob } : {}),
    ...(t.timing ? { timing: t.timing } : {}),
    quotas: { maxRecordsPerJob, maxRecordsPerFile, maxBytesPerFile, maxBytesPerJob },
    seed: config.seed,
  };
}

export async function openTarget(config: ResolvedConfig, debug?: DebugLog): Promise<OpenTarget> {
  let emulator: RunningEmulator | undefined;
  let client: ClientTarget;
  const t = config.target;
  if (t.kind === 'emulator') {
    if (!t.endpoint) {
      emulator = await startEmulator(embeddedEmulatorOptions(config, t));
    }
    client = { region: 'us-east-1', endpoint: emulator?.endpoint ?? t.endpoint!, local: true, ...(debug ? { debug } : {}) };
  } else {
    client = {
      local: false, ...(t.region ? { region: t.region } : {}), ...(debug ? { debug } : {}),
      ...(t.endpoint ? { endpoint: t.endpoint } : {}), ...(t.runtimeEndpoint ? { runtimeEndpoint: t.runtimeEndpoint } : {}), ...(t.profile ? { profile: t.profile } : {}),
    };
  }
  const bedrock = bedrockClient(client);
  // Real credentials: remember their values so any text beval prints or keeps has them removed, however quoted.
  if (t.kind === 'aws') rememberSecrets(await credentialValues(bedrock));
  const s3 = s3Client(client);
  const runtime = createRuntimePort(() => bedrockRuntimeClient(client));
  let sts: ReturnType<typeof stsClient> | undefined;
  let checks: CheckClients | undefined;
  return {
    batch: createBatchPort(bedrock),
    blobs: createBlobPort(s3, { ...(config.s3?.kmsKeyId ? { kmsKeyId: config.s3.kmsKeyId } : {}), ...(config.s3?.bucketOwner ? { bucketOwner: config.s3.bucketOwner } : {}) }),
    runtime,
    ...(emulator ? { emulator } : {}),
    describe: t.kind === 'aws' ? `Amazon Bedrock (${t.region ?? 'Region from the SDK chain'})` : `beval emulator at ${client.endpoint}${emulator ? ' (in-process)' : ''}`,
    preflight(input) {
      sts ??= stsClient(client);
      checks ??= lazyCheckClients(client);
      return preflight({ bedrock, s3, sts, checks }, { ...input, local: client.local, ...(client.profile ? { profile: client.profile } : {}) });
    },
    async close() {
      sts?.destroy();
      checks?.destroy();
      bedrock.destroy();
      s3.destroy();
      runtime.destroy();
      await emulator?.close();
    },
  };
}
