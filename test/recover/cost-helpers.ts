// Readers shared by the rerun cost tests: the CLI as a function, results.parquet's per-record facts and summary.csv's
// model rows, from which a test works out what a run should cost without trusting the summary it checks.
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { main } from '../../src/cli/main.ts';
import { captureIo } from '../helpers/io.ts';

/** A price of our own (not the built-in row), with a batch discount other than the default half. */
export const PRICE = { inputPer1k: 0.3, outputPer1k: 1.5, batchDiscount: 0.4 };

/** One answer's tokens at PRICE's on-demand price (no batch discount). */
export function onDemand(inTok: number, outTok: number): number {
  return (inTok / 1000) * PRICE.inputPer1k + (outTok / 1000) * PRICE.outputPer1k;
}

/** Runs `beval <args>` in dir; returns its exit code and what it printed. */
export async function cli(dir: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(dir);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

export interface ParquetRow { record_id: string; model_key: string; status: string; mode: string; attempt: number | null; input_tokens: number | null; output_tokens: number | null; cost_usd: number | null; pass: boolean | null }

/** results.parquet's rows of one metric (one row per record × model): the per-record facts the run itself reports. */
export async function parquetRows(runDir: string, metric = 'numeric'): Promise<ParquetRow[]> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    const sql = `select record_id, model_key, status, mode, attempt, input_tokens, output_tokens, cost_usd, pass from read_parquet('${path.join(runDir, 'results.parquet')}') where metric = '${metric}'`;
    return (await c.runAndReadAll(sql)).getRowObjectsJS() as unknown as ParquetRow[];
  } finally {
    c.closeSync();
  }
}

/** summary.csv's model rows, by column name (the CSV quotes every text cell; these cells hold no comma). */
export function summaryCsvRows(runDir: string): Record<string, string>[] {
  const [head, ...rows] = fs.readFileSync(path.join(runDir, 'summary.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  const cells = (line: string) => line.split(',').map((c) => c.replace(/^"|"$/g, ''));
  const names = cells(head!);
  return rows.map((row) => {
    const values = cells(row);
    return Object.fromEntries(names.map((n, i) => [n, values[i]!]));
  });
}
