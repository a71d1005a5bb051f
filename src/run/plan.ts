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
import { LEDGER_VERSION, writeLedger, type ExecutionMode, type Ledger, type LedgerModel, type LedgerShard } from './ledger.ts';
import { planShards, type ShardPlan } from './shard.ts';
import { makeDir } from '../make-dir.ts';
import { colocateShardMedia, type MediaPlan } from './media-plan.ts';

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

/** What {@link planModelShards} plans for one model (or one judge model's requests). */
export interface ModelShardsInput {
  runId: string;
  /** The ledger key: the model's key, or the judge stage's `j-<hash>`. It names the S3 and local folders. */
  key: string;
  /** For quota errors. */
  label: string;
  /** One batch input line per record, each ending with `\n`. */
  lines: string[];
  mode: ExecutionMode;
  /** Absent only for realtime shards of a run without an S3 location (their URIs are then empty). */
  s3: { bucket: string; prefix: string } | undefined;
  quotas: ResolvedConfig['quotas'];
  /** The copies of S3 media the lines reference (batch only). */
  media?: MediaPlan;
  /** The first shard's index: a later attempt's shards (`beval rerun`) continue the model's numbering. @default 0 */
  firstIndex?: number;
}

/**
 * The one shard planner of generation and judge stages: splits the lines into jobs and files within the quotas
 * (realtime: one shard, one file), and names each shard's S3 folders, job name and request token. Returns the shards
 * and the input files to write (relative to the run folder); writes nothing itself, so a quota error leaves no trace.
 */
export function planModelShards(input: ModelShardsInput): { shards: LedgerShard[]; bodies: { file: string; body: string }[] } {
  const { runId, key, lines, mode, s3, media } = input;
  const uri = (k: string): string => (s3 ? s3Uri(s3.bucket, k) : '');
  const base = `${s3?.prefix ?? ''}${runId}/${key}`;
  // Realtime has no per-job or per-file limits: one shard, one input file, the same lines a batch job would read.
  const plan: ShardPlan[] = mode === 'realtime'
    ? [{ start: 0, end: lines.length, files: [{ start: 0, end: lines.length }] }]
    : planShards(media ? media.plannedBytes : lines.map((l) => Buffer.byteLength(l)), input.quotas, input.label);
  const bodies: { file: string; body: string }[] = [];
  const shards = plan.map((shard, k): LedgerShard => {
    const index = (input.firstIndex ?? 0) + k;
    const inputKey = `${base}/input/shard-${index}/`;
    const inputUri = uri(inputKey);
    const copies = media?.forShard(shard, inputKey);
    const shardLines = copies ? copies.lines : lines;
    const files = shard.files.map((f, part) => {
      const body = shardLines.slice(f.start, f.end).join('');
      const local = path.join('inputs', key, `shard-${index}`, `part-${part}.jsonl`);
      bodies.push({ file: local, body });
      return { local, uri: uri(`${inputKey}part-${part}.jsonl`), bytes: Buffer.byteLength(body), sha256: sha256(body), records: f.end - f.start, uploaded: false };
    });
    return {
      index, start: shard.start, end: shard.end, mode, files, inputUri, ...(copies?.media.length ? { media: copies.media } : {}),
      outputUri: uri(`${base}/output/shard-${index}/`),
      jobName: jobName(runId, key, index),
      clientRequestToken: clientRequestToken(runId, key, index, inputUri),
    };
  });
  return { shards, bodies };
}

/** Writes planned input files under the run folder. */
export function writeInputFiles(dir: string, bodies: { file: string; body: string }[]): void {
  for (const { file, body } of bodies) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), body);
  }
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
  for (const model of config.models) {
    const lines = suite.records.map((r) => `${batchLine(r, model)}\n`);
    const mode = executionMode(config, lines.length);
    const base = `${s3?.prefix ?? ''}${runId}/${model.key}`;
    // Batch lines name S3 media by their copy in the shard's input folder (media-plan.ts); the sizes the shards are
    // planned with are those of lines already rewritten for the longest folder name, so no file outgrows its quota.
    const media = mode === 'batch' && s3 ? colocateShardMedia(suite.records, lines, { bucket: s3.bucket, owner: config.s3?.bucketOwner }, `${base}/input/`) : undefined;
    const planned = planModelShards({ runId, key: model.key, label: model.label, lines, mode, s3, quotas: config.quotas, ...(media ? { media } : {}) });
    bodies.push(...planned.bodies);
    models.push({ key: model.key, id: model.id, label: model.label, shards: planned.shards });
  }
  // Not a recursive mkdir: under an outDir such as /proc/self it would spin for ever (make-dir.ts).
  makeDir(dir);
  // The suite as run: only the chosen lines when --limit or --sample chose some (scoring reads this file).
  if (suite.selection) fs.writeFileSync(path.join(dir, 'suite.jsonl'), suite.selection.text);
  else fs.copyFileSync(suite.path, path.join(dir, 'suite.jsonl'));
  writeInputFiles(dir, bodies);
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
