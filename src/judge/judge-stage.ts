// The judge stage: after generation, builds judge requests, submits the uncached ones as batch jobs, caches verdicts.
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { RunContext } from '../run/context.ts';
import { writeLedger, type Ledger, type LedgerModel } from '../run/ledger.ts';
import { TERMINAL_STATUSES } from '../types/ports.ts';
import { planModelShards, writeInputFiles } from '../run/plan.ts';
import { submitRound } from '../run/submit.ts';
import { waitForJobs } from '../run/wait.ts';
import { downloadOutputs } from '../run/download.ts';
import { loadSuite } from '../suite/load-suite.ts';
import { VerdictCache } from './cache.ts';
import { bedrockRecordId } from './requests.ts';
import { runRequests, type PlannedRequest } from './run-requests.ts';
import { mapFile, readJudgeOutputs, writeMap, writeStageCounts, type MapRow, type StageCounts } from './judge-files.ts';
import { judgeRealtime, type ConversePort } from './judge-realtime.ts';
import { batchSetup } from '../run/batch-setup.ts';
import { BevalError } from '../errors.ts';

/** The run context, plus the runtime Converse port when the command layer provides one (for `belowMinimum: 'realtime'`). */
export type JudgeContext = RunContext & { runtime?: ConversePort };

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** Parses the run's downloaded judge outputs into the cache (idempotent: known keys are skipped). */
async function ingest(ctx: JudgeContext, cache: VerdictCache): Promise<void> {
  const outputs = await readJudgeOutputs(ctx.dir, ctx.ledger);
  const added = cache.put(outputs.verdicts);
  if (added) ctx.log.info(`judge: ${added} new verdict(s) cached${outputs.verdicts.some((v) => !v.verdict.ok) ? ` (${outputs.verdicts.filter((v) => !v.verdict.ok).length} unparseable, left unscored)` : ''}`);
}

function mapRow(p: PlannedRequest, pad?: number): MapRow {
  const r = p.request;
  return {
    recordId: pad === undefined ? r.recordId : bedrockRecordId(r.key, `pad${pad}`),
    key: r.key, judge: r.judge, judgeModel: r.judgeModel, shape: r.shape,
    ...(pad === undefined ? {} : { pad: true as const }),
    targets: pad === undefined ? p.targets : [],
  };
}

/**
 * The ledger key of one judge model's pending requests, and whether the ledger holds it already. The same requests
 * give the same key, so a stage run again after a crash adopts the entry it planned (and submitRound the job it
 * created). An entry whose every job ran and ended has answered what it could: requests of it still pending failed
 * (per-record errors, missing lines, a failed or expired job) and are asked again under the next key (`…-2`, `…-3`),
 * as failed judge requests are on every collect; adopting it would leave them unjudged for good. A cancelled run asks
 * nothing again.
 */
function groupKey(ledger: Ledger, judgeModel: string, planned: PlannedRequest[]): { key: string; adopt: boolean } {
  const base = `j-${sha(`${judgeModel}\n${planned.map((p) => p.request.key).join('\n')}`).slice(0, 12)}`;
  for (let n = 1; ; n++) {
    const key = n === 1 ? base : `${base}-${n}`;
    const entry = ledger.judges?.find((m) => m.key === key);
    if (!entry) return { key, adopt: false };
    const ended = entry.shards.every((s) => s.jobArn !== undefined && TERMINAL_STATUSES.has(s.status ?? ''));
    if (!ended || ledger.phase === 'cancelled') return { key, adopt: true };
  }
}

/**
 * Writes one judge model's input files and map, then appends its shards to the ledger (map and inputs first, so the
 * ledger never names a file that is not there). Requests are sorted by key, so a resumed run plans the same files.
 */
function planJudgeModel(ctx: JudgeContext, judgeModel: string, key: string, planned: PlannedRequest[], padTo: number): LedgerModel {
  const { s3 } = batchSetup(ctx.config, 'the judge stage, which runs batch jobs');
  const rows = planned.map((p) => mapRow(p));
  for (let i = 0; rows.length < padTo; i++) rows.push(mapRow(planned[i % planned.length]!, i));
  const inputs = new Map(planned.map((p) => [p.request.key, p.request.modelInput]));
  const lines = rows.map((r) => `${JSON.stringify({ recordId: r.recordId, modelInput: inputs.get(r.key) })}\n`);
  const sharded = planModelShards({ runId: ctx.ledger.runId, key, label: `judge ${judgeModel}`, lines, mode: 'batch', s3, quotas: ctx.config.quotas });
  writeMap(mapFile(ctx.dir, key), rows);
  writeInputFiles(ctx.dir, sharded.bodies);
  const model: LedgerModel = { key, id: judgeModel, label: `judge ${judgeModel}`, shards: sharded.shards };
  (ctx.ledger.judges ??= []).push(model);
  writeLedger(ctx.dir, ctx.ledger);
  return model;
}

/**
 * Runs the judge stage of a collected run. Resumable: judge shards live in the ledger like generation shards (so the
 * generation wait before this stage also resumes them), verdicts already downloaded are cached first, and the
 * remaining requests are planned under a key derived from their content, so a re-run plans (and adopts) the same jobs.
 */
export async function runJudgeStage(ctx: JudgeContext): Promise<'done' | 'interrupted'> {
  const judges = ctx.config.judges ?? [];
  const stage = ctx.config.judgeStage;
  if (!judges.length || !stage) return 'done';
  const cache = VerdictCache.load(stage.cacheDir);
  await ingest(ctx, cache);
  const suite = loadSuite(path.join(ctx.dir, 'suite.jsonl'));
  const needed = await runRequests({ dir: ctx.dir, ledger: ctx.ledger, suite, judges, baselineKey: ctx.config.baseline });
  const counts: StageCounts = { requests: needed.size, cached: 0, submitted: 0, skipped: 0, padded: 0, realtime: 0 };
  const pending = new Map<string, PlannedRequest[]>();
  for (const p of [...needed.values()].sort((a, b) => (a.request.key < b.request.key ? -1 : 1))) {
    const hit = cache.get(p.request.key);
    if (hit && hit.runId !== ctx.ledger.runId) counts.cached++;
    else if (hit) counts.submitted++;
    else pending.set(p.request.judgeModel, [...(pending.get(p.request.judgeModel) ?? []), p]);
  }
  const min = ctx.config.quotas.minRecordsPerJob;
  let created = 0;
  for (const [judgeModel, planned] of pending) {
    const { key, adopt } = groupKey(ctx.ledger, judgeModel, planned);
    counts.submitted += planned.length;
    if (adopt) continue; // planned by an earlier attempt of this stage, its jobs not ended
    if (ctx.ledger.phase === 'cancelled') {
      // A cancelled run sends nothing new: submitRound creates no job for it, so a judge job planned here would never
      // be created and the wait for it never end. Its answers keep unscored judge scores.
      counts.submitted -= planned.length;
      ctx.log.warn(`run cancelled: ${planned.length} judge request(s) to ${judgeModel} not sent; their judge scores stay unscored.`);
      continue;
    }
    let padTo = 0;
    if (planned.length < min) {
      const what = `${planned.length} new judge request(s) for ${judgeModel} are below the batch minimum of ${min} records per job`;
      if (stage.belowMinimum === 'realtime' && ctx.runtime) {
        if (ctx.signal?.aborted) {
          counts.submitted -= planned.length;
          continue;
        }
        ctx.log.warn(`${what}: sending them through the realtime Converse API (on-demand price), as judge.belowMinimum says.`);
        // Judge requests are short (a verdict): a fixed timeout, the one generation used before it scaled with maxTokens.
        const { timeoutMs = 60_000, concurrency } = ctx.config.realtime;
        const { answered, fatal } = await judgeRealtime({
          dir: ctx.dir, runtime: ctx.runtime, judgeModel, planned, concurrency,
          ...(ctx.signal ? { signal: ctx.signal } : {}), ...(timeoutMs ? { timeoutMs } : {}),
        });
        // Only requests that got a line count as sent; after Ctrl-C or a fatal failure the others are sent by a resume.
        counts.realtime += answered;
        counts.submitted -= planned.length - answered;
        if (fatal !== undefined) {
          writeStageCounts(ctx.dir, counts);
          await ingest(ctx, cache);
          throw new BevalError('JOB', `Realtime judge requests to ${judgeModel} stopped: ${fatal}. The ${answered} verdict(s) answered are kept; fix the cause and run \`${ctx.advice.collect(ctx.ledger.runId)}\` to send only the rest.`);
        }
        continue;
      }
      if (stage.belowMinimum === 'pad') {
        padTo = min;
        counts.padded += min - planned.length;
        ctx.log.warn(`${what}: padding the job with ${min - planned.length} repeated request(s) (billed; their verdicts are discarded), as judge.belowMinimum: 'pad' allows.`);
      } else {
        counts.submitted -= planned.length;
        counts.skipped += planned.length;
        const realtimeNote = stage.belowMinimum === 'realtime' ? ' (realtime was asked for, but this command has no runtime Converse client)' : '';
        ctx.log.warn(`${what}: they stay unscored${realtimeNote}. To judge them, set judge.belowMinimum to 'realtime' (on-demand price) or 'pad' (you pay for ${min - planned.length} padding requests) in ${ctx.config.configPath} and run \`${ctx.advice.collect(ctx.ledger.runId)}\`.`);
        continue;
      }
    }
    const model = planJudgeModel(ctx, judgeModel, key, planned, padTo);
    created += model.shards.length;
    ctx.log.info(`judge: ${planned.length} request(s) to ${judgeModel} in ${model.shards.length} batch job(s) (${counts.cached} verdict(s) from the cache)`);
  }
  writeStageCounts(ctx.dir, counts);
  if (ctx.signal?.aborted) {
    // Ctrl-C: keep the verdicts already answered (cached now); a resume sends what is left and submits the jobs planned.
    await ingest(ctx, cache);
    return 'interrupted';
  }
  if (created) {
    await submitRound(ctx);
    ctx.crashAt?.('while-judging');
    if ((await waitForJobs(ctx)) === 'interrupted') return 'interrupted';
    await downloadOutputs(ctx);
  }
  await ingest(ctx, cache);
  if (!created && !counts.realtime && counts.requests) ctx.log.info(`judge: all ${counts.cached + counts.submitted} verdict(s) already known${counts.skipped ? `, ${counts.skipped} skipped` : ''}; no judge job submitted`);
  return 'done';
}
