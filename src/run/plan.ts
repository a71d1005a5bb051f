// Plans a run: writes each model's batch input files into the run directory and the ledger that names every job.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { ResolvedConfig } from '../types/config.ts';
import type { Suite } from '../suite/load-suite.ts';
import { batchLine } from '../suite/batch-line.ts';
import { s3Uri } from '../aws/s3-uri.ts';
import { batchSetup } from './batch-setup.ts';
import { planConfigHash } from './run-record.ts';
import { LEDGER_VERSION, writeLedger, type ExecutionMode, type Ledger, type LedgerModel } from './ledger.ts';
import { planShards, type ShardPlan } from './shard.ts';
import { makeDir } from '../make-dir.ts';

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Deterministic, so a resumed run sends the same token and Bedrock ignores a repeated create. Alnum only. */
export function clientRequestToken(runId: string, modelKey: string, shard: number, inputUri: string): string {
  return sha256(`beval|${runId}|${modelKey}|${shard}|${inputUri}`).slice(0, 40);
}

/** ≤ 63 chars, no underscores: `beval-<runId>-<modelKey>-s<n>`. */
export function jobName(runId: string, modelKey: string, shard: number): string {
  return `beval-${runId}-${modelKey}-s${shard}`.slice(0, 63);
}

/**
 * How a model's records run: `auto` picks realtime when they are too few for a batch job (docs/realtime.md).
 * Every model gets the same suite, so today every model gets the same mode; the choice is per model all the same.
 */
export function executionMode(config: Pick<ResolvedConfig, 'mode'> & { quotas: Pick<ResolvedConfig['quotas'], 'minRecordsPerJob'> }, records: number): ExecutionMode {
  if (config.mode === 'auto') return records < config.quotas.minRecordsPerJob ? 'realtime' : 'batch';
  return config.mode;
}

/**
 * Creates the run directory, copies the suite into it, writes every input file locally and the initial ledger.
 * Throws (before anything is uploaded) when a model's shards cannot meet the quotas. `adjust` may change the plan
 * before the ledger is written.
 */
export function planRun(config: ResolvedConfig, suite: Suite, runId: string, dir: string, adjust?: (ledger: Ledger) => void): Ledger {
  const models: LedgerModel[] = [];
  const bodies: { file: string; body: string }[] = [];
  // Every model gets the same suite, so the same mode. Batch jobs and judges need an S3 location and a role; a run
  // whose models all go realtime (without judges) needs neither, and its shards carry no S3 URIs when none is set.
  const runMode = executionMode(config, suite.records.length);
  const needsBatch = runMode === 'batch' || (config.judges?.length ?? 0) > 0;
  const s3 = needsBatch ? batchSetup(config, runMode === 'batch' ? 'batch jobs' : 'the judge stage, which runs batch jobs').s3 : config.s3;
  const uri = (key: string): string => (s3 ? s3Uri(s3.bucket, key) : '');
  for (const model of config.models) {
    const lines = suite.records.map((r) => `${batchLine(r, model)}\n`);
    const mode = executionMode(config, lines.length);
    // Realtime has no per-job or per-file limits: one shard, one input file, the same lines a batch job would read.
    const plan: ShardPlan[] = mode === 'realtime'
      ? [{ start: 0, end: lines.length, files: [{ start: 0, end: lines.length }] }]
      : planShards(lines.map((l) => Buffer.byteLength(l)), config.quotas, model.label);
    const base = `${s3?.prefix ?? ''}${runId}/${model.key}`;
    models.push({
      key: model.key,
      id: model.id,
      label: model.label,
      shards: plan.map((shard, index) => {
        const inputKey = `${base}/input/shard-${index}/`;
        const inputUri = uri(inputKey);
        const files = shard.files.map((f, part) => {
          const body = lines.slice(f.start, f.end).join('');
          const local = path.join('inputs', model.key, `shard-${index}`, `part-${part}.jsonl`);
          bodies.push({ file: local, body });
          return { local, uri: uri(`${inputKey}part-${part}.jsonl`), bytes: Buffer.byteLength(body), sha256: sha256(body), records: f.end - f.start, uploaded: false };
        });
        return {
          index, start: shard.start, end: shard.end, mode, files, inputUri,
          outputUri: uri(`${base}/output/shard-${index}/`),
          jobName: jobName(runId, model.key, index),
          clientRequestToken: clientRequestToken(runId, model.key, index, inputUri),
        };
      }),
    });
  }
  // Not a recursive mkdir: under an outDir such as /proc/self it would spin for ever (make-dir.ts).
  makeDir(dir);
  // The suite as run: only the chosen lines when --limit or --sample chose some (scoring reads this file).
  if (suite.selection) fs.writeFileSync(path.join(dir, 'suite.jsonl'), suite.selection.text);
  else fs.copyFileSync(suite.path, path.join(dir, 'suite.jsonl'));
  for (const { file, body } of bodies) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), body);
  }
  const now = new Date().toISOString();
  const ledger: Ledger = {
    version: LEDGER_VERSION, runId, createdAt: now, updatedAt: now, phase: 'planned', configPath: config.configPath,
    target: config.target.kind, suite: { path: suite.path, sha256: suite.sha256, records: suite.records.length }, ...(s3 ? { s3 } : {}), models,
    ...(suite.selection ? { selection: suite.selection.description } : {}),
    configSha256: planConfigHash(config),
  };
  // A change of plan before the ledger first exists (the generation cache's, src/run/reuse.ts): one write either way.
  adjust?.(ledger);
  writeLedger(dir, ledger);
  return ledger;
}
