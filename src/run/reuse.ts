// The generation cache across runs (`beval run --reuse <runId|dir>`, config `reuse`): answers of earlier runs are
// taken for records whose request is unchanged, so only the rest is sent. Content-addressed by the model ID and the
// exact uploaded `modelInput` after the model's overrides, which holds every inference setting.
import fs from 'node:fs';
import path from 'node:path';
import { createHash, type Hash } from 'node:crypto';
import type { ResolvedConfig, ResolvedModel } from '../types/config.ts';
import { BevalError } from '../errors.ts';
import type { Advice } from '../advice.ts';
import { forEachLine } from '../outputs/read-lines.ts';
import { mergeModelInput } from '../suite/batch-line.ts';
import { loadSuite, type Suite } from '../suite/load-suite.ts';
import type { SuiteRecord } from '../types/suite.ts';
import { AtomicLineWriter } from '../atomic-line-writer.ts';
import { makeDir } from '../make-dir.ts';
import { LEDGER_FILE, readLedger, type ExecutionMode, type Ledger, type LedgerShard } from './ledger.ts';
import { executionMode } from './plan.ts';
import { attemptShards, shardAttempt } from './rerun.ts';
import { forEachCountedOutput } from './counted-outputs.ts';
import { resolveRunDir, RUN_ID_PATTERN } from './run-dir.ts';
import { readCachedLines, type LinePlace, type SourceFile } from './reused-lines.ts';

/** The cache key of one request: model ID and the modelInput JSON exactly as uploaded. */
export function requestKey(modelId: string, modelInputJson: string): string {
  return createHash('sha256').update(modelId).update('\n').update(modelInputJson).digest('hex');
}

/** The key of a suite record for a model of the new run (the same JSON batchLine uploads). */
export function recordKey(record: SuiteRecord, model: ResolvedModel): string {
  return requestKey(model.id, JSON.stringify(mergeModelInput(record.modelInput, model)));
}

/**
 * A cached line: where it lies (read back when the reusing run is planned: holding 50,000 records × 10 models parsed
 * took several GB), the run that paid for it (a source that reused it from another run names that one) and whether
 * it is an answer (an error line otherwise).
 */
export interface Cached extends LinePlace {
  runId: string;
  answered: boolean;
}

/**
 * Output lines of earlier runs by request key (the first source given wins, and within a run the line its reports
 * count), and the output files they lie in, as they were when read.
 */
export interface GenerationCache {
  lines: Map<string, Cached>;
  files: SourceFile[];
}

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
 * for unchanged requests, and `beval rerun` is what sends failures again), keyed by its request. Only where each
 * line lies is kept (with each file's size and sha256, checked when it is read back); lines are outside data, read
 * only through the fields beval writes.
 */
export async function loadCache(dirs: string[]): Promise<GenerationCache> {
  const cache: GenerationCache = { lines: new Map(), files: [] };
  // Run ids are kept once each, not once per line.
  const runIds = new Map<string, string>();
  for (const dir of dirs) {
    const ledger = readLedger(dir);
    // The suite as that run ran it: its record ids say which output line belongs to which record.
    const suite = loadSuite(path.join(dir, 'suite.jsonl'));
    // `models` are the models under evaluation (judge jobs have their own ledger section).
    for (const model of ledger.models) {
      // Per attempt, suite index → the request its input line stands for, as uploaded; one model's at a time.
      const keys = new Map<number, (string | undefined)[]>();
      for (const shard of model.shards) {
        const byIndex = keys.get(shardAttempt(shard)) ?? new Array<string | undefined>(suite.records.length);
        keys.set(shardAttempt(shard), byIndex);
        for (const f of shard.files) {
          const file = path.join(dir, f.local);
          if (!fs.existsSync(file)) continue;
          await forEachLine(file, (_n, text) => {
            const v = parse(text);
            const i = typeof v?.recordId === 'string' ? suite.index.get(v.recordId) : undefined;
            if (i !== undefined && isObject(v!.modelInput)) byIndex[i] = requestKey(model.id, JSON.stringify(v!.modelInput));
          });
        }
      }
      // Each output file's size and sha256 as read (the first of the two passes sees every byte).
      const read = new Map<string, { index: number; hash: Hash }>();
      const onRead = (file: string, bytes: Buffer) => {
        let f = read.get(file);
        if (!f) {
          f = { index: cache.files.push({ path: file, bytes: 0, sha256: '' }) - 1, hash: createHash('sha256') };
          read.set(file, f);
        }
        f.hash.update(bytes);
        cache.files[f.index]!.bytes += bytes.length;
      };
      await forEachCountedOutput(dir, model, suite.index, suite.records.length, (i, _out, { text, attempt, file, span, hash }) => {
        const v = parse(text);
        if (!v) return;
        // Answers the source itself reused have no inputs: their lines carry their own request (the modelInput echo).
        const key = keys.get(attempt)?.[i] ?? (isObject(v.modelInput) ? requestKey(model.id, JSON.stringify(v.modelInput)) : undefined);
        if (key === undefined || cache.lines.has(key)) return;
        // The run that paid; it names a file of the new run, so only a well-formed run id is taken from a line.
        const from = isObject(v.reused) && typeof v.reused.runId === 'string' && RUN_ID_PATTERN.test(v.reused.runId) ? v.reused.runId : ledger.runId;
        if (!runIds.has(from)) runIds.set(from, from);
        const f = read.get(file);
        if (!f) return;
        cache.lines.set(key, { file: f.index, at: span.at, bytes: span.bytes, hash, runId: runIds.get(from)!, answered: isObject(v.modelOutput) });
      }, onRead);
      for (const f of read.values()) cache.files[f.index]!.sha256 = f.hash.digest('hex');
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
      const cached = cache.lines.get(recordKey(r, model));
      if (cached) hits.push({ index, cached });
      else fresh.push(index);
    });
    return { model, hits, fresh };
  });
}

/**
 * Writes a model's reused output files, one per paying run: each hit's line read back from its source file (the
 * record's own id, as an unchanged request may sit under another id; `"reused": {"runId"}` added; the rest as it
 * was), in the order of the hits. Returns the files written (run-relative) with their record counts.
 */
function writeReusedFiles(dir: string, modelKey: string, suite: Suite, cache: GenerationCache, hits: ReusePlan['hits']): { runId: string; records: number; file: string }[] {
  const writers = new Map<string, AtomicLineWriter>();
  try {
    for (const { cached } of hits) {
      if (writers.has(cached.runId)) continue;
      const file = path.join(dir, 'outputs', modelKey, 'reused', `from-${cached.runId}.jsonl.out`);
      makeDir(path.dirname(file));
      writers.set(cached.runId, new AtomicLineWriter(file));
    }
    readCachedLines(cache.files, hits.map((h) => h.cached), (k, text) => {
      const { index, cached } = hits[k]!;
      // Parsed at load time from these very bytes (the reader checked them): an object.
      const line = { ...parse(text)!, recordId: suite.records[index]!.recordId, reused: { runId: cached.runId } };
      writers.get(cached.runId)!.add(JSON.stringify(line));
    });
    for (const w of writers.values()) w.finish();
  } catch (e) {
    for (const w of writers.values()) w.abandon();
    throw e;
  }
  return [...writers].map(([runId, w]) => ({ runId, records: w.lines, file: path.relative(dir, w.file) }));
}

/**
 * Rewrites a run being planned (before its ledger is first written) for reuse: a model with hits gets one shard
 * holding the reused answers (Completed and local, one output file per source run; each line keeps its usage and
 * latency and says `"reused": {"runId"}`), then shards for only its fresh records: realtime when the config sends the
 * run realtime or they are under the batch minimum, batch otherwise. planRun writes the ledger after this, so a crash
 * (or a source file changed since the cache read it) leaves no run or this one.
 */
export function applyReuse(config: ResolvedConfig, ledger: Ledger, dir: string, suite: Suite, plans: ReusePlan[], cache: GenerationCache): void {
  for (const plan of plans) {
    if (!plan.hits.length) continue;
    const model = ledger.models.find((m) => m.key === plan.model.key)!;
    // The plain plan's input files for this model are replaced.
    fs.rmSync(path.join(dir, 'inputs', model.key), { recursive: true, force: true });
    const reused = writeReusedFiles(dir, model.key, suite, cache, plan.hits);
    const downloaded = reused.map((r) => r.file);
    const realtime = freshMode(config, plan.fresh.length) === 'realtime';
    const fresh = plan.fresh.length ? attemptShards(config, ledger, dir, suite, plan.model, 1, plan.fresh, 1, { realtime }) : [];
    const now = new Date().toISOString();
    const answered = plan.hits.filter(({ cached }) => cached.answered).length;
    const reusedShard: LedgerShard = {
      index: 0, start: 0, end: plan.hits.length, subset: true,
      // The mode the fresh records go by (it prices the new spend), else the run's.
      mode: fresh[0]?.mode ?? model.shards[0]?.mode ?? 'batch',
      files: [], inputUri: '', outputUri: '',
      jobName: `${model.shards[0]?.jobName ?? ''}-reused`.slice(0, 63), clientRequestToken: '',
      status: 'Completed', statusChangedAt: now, message: `answers reused from ${reused.map((r) => r.runId).join(', ')}`,
      counts: { total: plan.hits.length, processed: plan.hits.length, success: answered, error: plan.hits.length - answered },
      downloaded,
      reused,
    };
    model.shards = [reusedShard, ...fresh];
  }
}
