// The generation cache across runs (`beval run --reuse <runId|dir>`, config `reuse`): answers of earlier runs are
// taken for records whose request is unchanged, so only the rest is sent. Content-addressed by the model ID and the
// exact uploaded `modelInput` after the model's overrides, which holds every inference setting.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { ResolvedConfig, ResolvedModel } from '../types/config.ts';
import { BevalError } from '../errors.ts';
import type { Advice } from '../advice.ts';
import { forEachLine } from '../outputs/read-lines.ts';
import { mergeModelInput } from '../suite/batch-line.ts';
import { loadSuite, type Suite } from '../suite/load-suite.ts';
import type { SuiteRecord } from '../types/suite.ts';
import { writeFileAtomicSync } from '../write-all.ts';
import { makeDir } from '../make-dir.ts';
import { LEDGER_FILE, readLedger, type ExecutionMode, type Ledger, type LedgerShard } from './ledger.ts';
import { executionMode } from './plan.ts';
import { attemptShards, shardAttempt } from './rerun.ts';
import { forEachCountedOutput } from './counted-outputs.ts';
import { resolveRunDir, RUN_ID_PATTERN } from './run-dir.ts';

/** The cache key of one request: model ID and the modelInput JSON exactly as uploaded. */
export function requestKey(modelId: string, modelInputJson: string): string {
  return createHash('sha256').update(modelId).update('\n').update(modelInputJson).digest('hex');
}

/** The key of a suite record for a model of the new run (the same JSON batchLine uploads). */
export function recordKey(record: SuiteRecord, model: ResolvedModel): string {
  return requestKey(model.id, JSON.stringify(mergeModelInput(record.modelInput, model)));
}

interface Cached {
  /** The earlier output line, parsed (modelInput echo, modelOutput with usage and metrics, or the error). */
  line: Record<string, unknown>;
  /** The run that paid for it (a source that reused it from another run names that one). */
  runId: string;
}

/** Output lines of earlier runs by request key; the first source given wins, and within a run the line its reports count. */
export type GenerationCache = Map<string, Cached>;

/** A run directory (holding ledger.json), or a run id (a unique prefix, or `latest`) under outDir. */
export function sourceDir(outDir: string, source: string, advice: Advice): string {
  const asDir = path.resolve(source);
  if (fs.existsSync(path.join(asDir, LEDGER_FILE))) return asDir;
  try {
    return resolveRunDir(outDir, source, advice);
  } catch (e) {
    if (e instanceof BevalError) throw new BevalError('USAGE', `--reuse ${source}: neither a run directory (no ${LEDGER_FILE} in ${asDir}) nor a run of ${outDir}: ${e.message}`);
    throw e;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parse(line: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(line);
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads the counted output line of every record of the source runs (the line their reports count: newest attempt,
 * then a reply before an error; answers and per-record error lines alike, so the new run reproduces the earlier one
 * for unchanged requests, and `beval rerun` is what sends failures again), keyed by its request. Lines are outside
 * data: they are kept whole and only read through the fields beval writes.
 */
export async function loadCache(dirs: string[]): Promise<GenerationCache> {
  const cache: GenerationCache = new Map();
  for (const dir of dirs) {
    const ledger = readLedger(dir);
    // The suite as that run ran it: its record ids say which output line belongs to which record.
    const suite = loadSuite(path.join(dir, 'suite.jsonl'));
    // `models` are the models under evaluation (judge jobs have their own ledger section).
    for (const model of ledger.models) {
      // Per attempt, recordId → the request it stands for, from the input lines exactly as they were uploaded.
      const keys = new Map<number, Map<string, string>>();
      for (const shard of model.shards) {
        const byId = keys.get(shardAttempt(shard)) ?? new Map<string, string>();
        keys.set(shardAttempt(shard), byId);
        for (const f of shard.files) {
          const file = path.join(dir, f.local);
          if (!fs.existsSync(file)) continue;
          await forEachLine(file, (_n, text) => {
            const v = parse(text);
            if (typeof v?.recordId === 'string' && isObject(v.modelInput)) byId.set(v.recordId, requestKey(model.id, JSON.stringify(v.modelInput)));
          });
        }
      }
      await forEachCountedOutput(dir, model, suite.index, suite.records.length, (_i, out, { text, attempt }) => {
        const v = parse(text);
        if (!v) return;
        // Answers the source itself reused have no inputs: their lines carry their own request (the modelInput echo).
        const key = keys.get(attempt)?.get(out.recordId) ?? (isObject(v.modelInput) ? requestKey(model.id, JSON.stringify(v.modelInput)) : undefined);
        if (key === undefined || cache.has(key)) return;
        // The run that paid; it names a file of the new run, so only a well-formed run id is taken from a line.
        const from = isObject(v.reused) && typeof v.reused.runId === 'string' && RUN_ID_PATTERN.test(v.reused.runId) ? v.reused.runId : ledger.runId;
        cache.set(key, { line: v, runId: from });
      });
    }
  }
  return cache;
}

/**
 * How a reusing run sends a model's fresh records: realtime when the config sends the run realtime (or `auto` finds
 * them under the minimum), when they are under the batch minimum (batch would refuse the job) or there is no S3
 * location; batch otherwise.
 */
export function freshMode(config: Pick<ResolvedConfig, 'mode' | 'quotas' | 's3'>, records: number): ExecutionMode {
  return executionMode(config, records) === 'realtime' || records < config.quotas.minRecordsPerJob || !config.s3 ? 'realtime' : 'batch';
}

/** Per model of the new run: suite indices answered from the cache, and those to send. */
export interface ReusePlan {
  model: ResolvedModel;
  hits: { index: number; cached: Cached }[];
  fresh: number[];
}

export function planReuse(config: ResolvedConfig, suite: Pick<Suite, 'records'>, cache: GenerationCache): ReusePlan[] {
  return config.models.map((model) => {
    const hits: ReusePlan['hits'] = [];
    const fresh: number[] = [];
    suite.records.forEach((r, index) => {
      const cached = cache.get(recordKey(r, model));
      if (cached) hits.push({ index, cached });
      else fresh.push(index);
    });
    return { model, hits, fresh };
  });
}

/**
 * Rewrites a run being planned (before its ledger is first written) for reuse: a model with hits gets one shard
 * holding the reused answers (Completed and local, one output file per source run; each line keeps its usage and
 * latency and says `"reused": {"runId"}`), then shards for only its fresh records: realtime when the config sends the
 * run realtime or they are under the batch minimum, batch otherwise. planRun writes the ledger after this, so a crash
 * leaves no run or this one.
 */
export function applyReuse(config: ResolvedConfig, ledger: Ledger, dir: string, suite: Suite, plans: ReusePlan[]): void {
  for (const plan of plans) {
    if (!plan.hits.length) continue;
    const model = ledger.models.find((m) => m.key === plan.model.key)!;
    // The plain plan's input files for this model are replaced.
    fs.rmSync(path.join(dir, 'inputs', model.key), { recursive: true, force: true });
    const byRun = new Map<string, string[]>();
    for (const { index, cached } of plan.hits) {
      // The record's own id (an unchanged request may sit under another id), the earlier line as it was.
      const line = { ...cached.line, recordId: suite.records[index]!.recordId, reused: { runId: cached.runId } };
      const lines = byRun.get(cached.runId) ?? [];
      lines.push(JSON.stringify(line));
      byRun.set(cached.runId, lines);
    }
    const downloaded: string[] = [];
    for (const [runId, lines] of byRun) {
      const rel = path.join('outputs', model.key, 'reused', `from-${runId}.jsonl.out`);
      makeDir(path.dirname(path.join(dir, rel)));
      writeFileAtomicSync(path.join(dir, rel), `${lines.join('\n')}\n`);
      downloaded.push(rel);
    }
    const realtime = freshMode(config, plan.fresh.length) === 'realtime';
    const fresh = plan.fresh.length ? attemptShards(config, ledger, dir, suite, plan.model, 1, plan.fresh, 1, { realtime }) : [];
    const now = new Date().toISOString();
    const answered = plan.hits.filter(({ cached }) => isObject(cached.line.modelOutput)).length;
    const reusedShard: LedgerShard = {
      index: 0, start: 0, end: plan.hits.length, subset: true,
      // The mode the fresh records go by (it prices the new spend), else the run's.
      mode: fresh[0]?.mode ?? model.shards[0]?.mode ?? 'batch',
      files: [], inputUri: '', outputUri: '',
      jobName: `${model.shards[0]?.jobName ?? ''}-reused`.slice(0, 63), clientRequestToken: '',
      status: 'Completed', statusChangedAt: now, message: `answers reused from ${[...byRun.keys()].join(', ')}`,
      counts: { total: plan.hits.length, processed: plan.hits.length, success: answered, error: plan.hits.length - answered },
      downloaded,
      reused: [...byRun].map(([runId, lines], k) => ({ runId, records: lines.length, file: downloaded[k]! })),
    };
    model.shards = [reusedShard, ...fresh];
  }
}
