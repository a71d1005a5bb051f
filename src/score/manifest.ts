// Reconciles what the output files held with manifest.json.out and the job's own record counts.
import fs from 'node:fs';
import path from 'node:path';
import type { LedgerModel } from '../run/ledger.ts';
import type { ModelTable } from './model-table.ts';
import { STATUS } from './model-table.ts';

export interface ManifestTotals {
  totalRecordCount: number;
  processedRecordCount: number;
  successRecordCount: number;
  errorRecordCount: number;
  inputTokenCount: number;
  outputTokenCount: number;
}

const FIELDS: (keyof ManifestTotals)[] = ['totalRecordCount', 'processedRecordCount', 'successRecordCount', 'errorRecordCount', 'inputTokenCount', 'outputTokenCount'];

/** Sums every shard's manifest; undefined when no shard has one (realtime runs, jobs that never ran). */
export function readManifests(dir: string, model: LedgerModel): ManifestTotals | undefined {
  let seen = false;
  const sum: ManifestTotals = { totalRecordCount: 0, processedRecordCount: 0, successRecordCount: 0, errorRecordCount: 0, inputTokenCount: 0, outputTokenCount: 0 };
  for (const shard of model.shards) {
    if (!shard.manifest) continue;
    const parsed = JSON.parse(fs.readFileSync(path.join(dir, shard.manifest), 'utf8')) as Partial<Record<keyof ManifestTotals, unknown>>;
    seen = true;
    for (const f of FIELDS) if (typeof parsed[f] === 'number') sum[f] += parsed[f] as number;
  }
  return seen ? sum : undefined;
}

/** Lines describing every disagreement between outputs, manifests and job counts (empty when all agree). */
export function reconcile(model: LedgerModel, table: ModelTable, manifest: ManifestTotals | undefined): string[] {
  const notes: string[] = [];
  let ok = 0;
  let errors = 0;
  let inTok = 0;
  let outTok = 0;
  for (let i = 0; i < table.status.length; i++) {
    // A filtered reply is a success line to Bedrock (its manifest and counts include it).
    if (table.status[i] === STATUS.ok || table.status[i] === STATUS.filtered) { ok++; inTok += table.inputTokens[i]!; outTok += table.outputTokens[i]!; }
    else if (table.status[i] === STATUS.error) errors++;
  }
  const j = table.join;
  if (j.duplicates.count) notes.push(`${j.duplicates.count} duplicate output line(s) ignored (a reply beats an error, then the line with the smaller hash; see docs/runs.md), e.g. ${j.duplicates.examples.join(', ')}`);
  if (j.unexpected.count) notes.push(`${j.unexpected.count} output line(s) with a recordId not in the suite, e.g. ${j.unexpected.examples.join(', ')}`);
  if (j.malformed.count) notes.push(`${j.malformed.count} malformed output line(s), e.g. ${j.malformed.examples.join('; ')}`);
  if (j.missing) notes.push(`${j.missing} record(s) missing: their job finished but wrote no output line for them`);
  if (j.notRun) {
    notes.push(`${j.notRun} record(s) not run: their job failed, stopped or expired first`);
    // Why, where Bedrock said: the refusal of the create, or the job's own status message.
    for (const shard of model.shards) {
      if (shard.createError) notes.push(`shard ${shard.index}: CreateModelInvocationJob refused: ${shard.createError}`);
      else if (shard.message && (shard.status === 'Failed' || shard.status === 'Expired' || shard.status === 'Stopped')) notes.push(`shard ${shard.index}: ${shard.status}: ${shard.message}`);
    }
  }
  // After a `beval rerun`, manifests and job counts describe every attempt's lines while the table holds each record's
  // newest; a run that reused earlier answers (`--reuse`) has manifests for only the records it sent. Either way they
  // cannot agree with the table as a whole (a rerun's attempts were each reconciled when they were collected).
  const partial = model.shards.some((s) => (s.attempt ?? 1) > 1 || s.subset || s.reused);
  if (manifest && !partial) {
    if (manifest.successRecordCount !== ok) notes.push(`manifest.json.out counts ${manifest.successRecordCount} successful records; the output files hold ${ok}`);
    if (manifest.errorRecordCount !== errors) notes.push(`manifest.json.out counts ${manifest.errorRecordCount} errored records; the output files hold ${errors}`);
    if (manifest.inputTokenCount !== inTok || manifest.outputTokenCount !== outTok) {
      notes.push(`manifest.json.out counts ${manifest.inputTokenCount} input / ${manifest.outputTokenCount} output tokens; per-record usage sums to ${inTok} / ${outTok}`);
    }
  }
  for (const shard of model.shards) {
    const c = shard.counts;
    // A shard of chosen records (subset) holds no suite slice to count over.
    if (partial || shard.subset || !c || c.success === undefined) continue;
    const inShard = { ok: 0, error: 0 };
    for (let i = shard.start; i < shard.end; i++) {
      if (table.status[i] === STATUS.ok || table.status[i] === STATUS.filtered) inShard.ok++;
      else if (table.status[i] === STATUS.error) inShard.error++;
    }
    if (c.success !== inShard.ok || (c.error ?? 0) !== inShard.error) {
      notes.push(`shard ${shard.index}: the job reports ${c.success} succeeded / ${c.error ?? 0} errored; the output files hold ${inShard.ok} / ${inShard.error}`);
    }
  }
  return notes;
}
