// run.json: a versioned record of what ran (hashes, models, jobs, S3 URIs, timings), written when a run is collected.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { ResolvedConfig } from '../types/config.ts';
import type { Ledger, LedgerModel } from './ledger.ts';

export const RUN_RECORD_VERSION = 1;

/** A hash of the resolved config without functions or paths that vary between machines. */
export function configHash(config: ResolvedConfig): string {
  const stable = JSON.stringify({ ...config, configPath: undefined, suite: undefined, outDir: undefined }, (_k, v: unknown) =>
    typeof v === 'function' ? `fn:${String(v).length}` : v);
  return createHash('sha256').update(stable).digest('hex');
}

/**
 * The config as far as a run's plan is concerned: configHash without the execution mode (`--realtime` / `--mode` are
 * per invocation). Kept in the ledger so `collect` and `run --resume` can say when the config changed since planning.
 */
export function planConfigHash(config: ResolvedConfig): string {
  // `mode` and `reuse` may come from the command line of the first command only: a resume must not call that a change.
  return configHash({ ...config, mode: undefined, reuse: undefined } as unknown as ResolvedConfig);
}

function modelRecord(m: LedgerModel) {
  return {
    key: m.key,
    id: m.id,
    label: m.label,
    shards: m.shards.map((s) => ({
      index: s.index, records: s.end - s.start, mode: s.mode, jobName: s.jobName, jobArn: s.jobArn ?? null,
      status: s.status ?? null, counts: s.counts ?? null, inputUri: s.inputUri, outputUri: s.outputUri,
      inputFiles: s.files.map((f) => ({ uri: f.uri, bytes: f.bytes, sha256: f.sha256 })),
    })),
  };
}

export function writeRunRecord(dir: string, ledger: Ledger, config: ResolvedConfig, timings: Record<string, number>): string {
  const file = path.join(dir, 'run.json');
  const record = {
    schemaVersion: RUN_RECORD_VERSION,
    runId: ledger.runId,
    createdAt: ledger.createdAt,
    collectedAt: new Date().toISOString(),
    target: config.target.kind === 'aws' ? { kind: 'aws', region: config.target.region } : { kind: 'emulator' },
    configHash: configHash(config),
    suite: ledger.suite,
    s3: ledger.s3 ?? null,
    models: ledger.models.map(modelRecord),
    // The judge stage's batch jobs, in the same shape (absent without judges).
    ...(ledger.judges?.length ? { judges: ledger.judges.map(modelRecord) } : {}),
    timingsMs: timings,
  };
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(record, null, 2));
  fs.renameSync(`${file}.tmp`, file);
  return file;
}
