// Uploads a collected run's results.parquet under Hive-style partitions, so one Athena (or Spark, or DuckDB) table
// spans every run a team has made (docs/results-schema.md#every-run-in-one-table).
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { RunContext } from './context.ts';
import { s3Uri } from '../aws/s3-uri.ts';
import { BevalError } from '../errors.ts';
import { outsideText } from '../safe-text.ts';

/** A Hive partition value: anything outside [A-Za-z0-9._-] becomes `_`, so the key needs no escaping in any engine. */
export function partitionValue(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_') || '_';
}

/** The suite's partition name: its file name without `.jsonl` (`suites/example.jsonl` → `example`). */
export function suitePartition(suitePath: string): string {
  return partitionValue(path.basename(suitePath).replace(/\.jsonl$/i, ''));
}

/** `<resultsPrefix>suite=…/run_date=YYYY-MM-DD/run_id=…/results.parquet` (run_date from the run's creation, UTC). */
export function resultsKey(resultsPrefix: string, suitePath: string, createdAt: string, runId: string): string {
  const date = new Date(createdAt).toISOString().slice(0, 10);
  return `${resultsPrefix}suite=${suitePartition(suitePath)}/run_date=${date}/run_id=${partitionValue(runId)}/results.parquet`;
}

/**
 * Uploads the run's results.parquet when `s3.resultsPrefix` is set; returns its URI, or undefined when not configured.
 * Runs after the reports are written, so a failed upload loses nothing: `beval collect <runId>` uploads again.
 */
export async function publishResults(ctx: Pick<RunContext, 'config' | 'dir' | 'ledger' | 'blobs' | 'advice'>): Promise<string | undefined> {
  const s3 = ctx.config.s3;
  if (!s3?.resultsPrefix) return undefined;
  const file = path.join(ctx.dir, 'results.parquet');
  const body = fs.readFileSync(file);
  const uri = s3Uri(s3.bucket, resultsKey(s3.resultsPrefix, ctx.ledger.suite.path, ctx.ledger.createdAt, ctx.ledger.runId));
  try {
    await ctx.blobs.put(uri, file, createHash('sha256').update(body).digest('hex'), 'application/vnd.apache.parquet');
  } catch (e) {
    throw new BevalError('OUTPUT', `Run ${ctx.ledger.runId} is collected and its reports are written, but uploading results.parquet to ${uri} failed: ${outsideText((e as Error).message)}. \`${ctx.advice.collect(ctx.ledger.runId)}\` uploads it again.`, { cause: e });
  }
  return uri;
}
