// results.parquet: the run's scores in long form (one row per record × model × metric), typed and unneutralised, for
// DuckDB, Athena, Spark, pandas and polars (docs/results-schema.md). Fed row by row; rows go out in row groups.
import type { SchemaElement } from 'hyparquet';
import { fileWriter, ParquetWriter } from 'hyparquet-writer';
import type { ModelBilling } from '../types/pricing.ts';
import { costUsd } from '../pricing/cost.ts';
import type { ReportSink } from '../engine/sink.ts';
import type { RecordRow, RunSummary } from '../types/results.ts';

/** What results.parquet carries beyond the summary: plain data, so it crosses to a report worker. */
export interface ParquetRunInfo {
  /** run.json's configHash. */
  configSha256: string;
  /** Each model's attempt modes and prices (aligned with summary.models), for each row's mode and cost. */
  billing: ModelBilling[];
  /** Per model (aligned with summary.models), the attempt whose line counts for each record (0: none); see ModelTable.attempt. */
  attempts: Uint16Array[];
}

const UTF8 = { type: 'BYTE_ARRAY', converted_type: 'UTF8' } as const;
const req = (name: string, el: Omit<SchemaElement, 'name'>): SchemaElement => ({ name, repetition_type: 'REQUIRED', ...el });
const opt = (name: string, el: Omit<SchemaElement, 'name'>): SchemaElement => ({ name, repetition_type: 'OPTIONAL', ...el });

/**
 * The columns, in order. `tags` is a standard 3-level LIST of strings (Athena `array<string>`, DuckDB `VARCHAR[]`).
 * Nullable columns are null where the fact does not exist: `value`/`pass`/`reason` for a cell never scored, `pass` for
 * a continuous metric without threshold, tokens/latency/stop reason for a record with no answer, `cost_usd` without a
 * price, `attempt` for a record no output line counts for. Never a zero standing in for "unknown".
 */
const LEAVES: SchemaElement[] = [
  req('run_id', UTF8),
  req('run_time', { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' }),
  req('suite_path', UTF8),
  req('suite_sha256', UTF8),
  req('config_sha256', UTF8),
  req('record_id', UTF8),
  { name: 'tags', repetition_type: 'REQUIRED', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  req('element', UTF8),
  req('model_key', UTF8),
  req('model_id', UTF8),
  req('mode', UTF8),
  req('metric', UTF8),
  req('metric_kind', UTF8),
  opt('value', { type: 'DOUBLE' }),
  opt('pass', { type: 'BOOLEAN' }),
  opt('reason', UTF8),
  req('status', UTF8),
  opt('error_code', UTF8),
  opt('stop_reason', UTF8),
  opt('input_tokens', { type: 'INT32' }),
  opt('output_tokens', { type: 'INT32' }),
  opt('cost_usd', { type: 'DOUBLE' }),
  opt('latency_ms', { type: 'DOUBLE' }),
  opt('attempt', { type: 'INT32' }),
];
/** `tags`' `list` and `element` sit under it: every other element is a top-level column. */
export const PARQUET_SCHEMA: SchemaElement[] = [{ name: 'root', num_children: LEAVES.length - 2 }, ...LEAVES];

/** Column names of results.parquet, in order (the leaf `element` of `tags` is not a column of its own). */
export const PARQUET_COLUMNS = PARQUET_SCHEMA.slice(1).filter((e) => e.name !== 'list' && e.name !== 'element').map((e) => e.name);

/** Rows per row group: ~100k rows keep a group a few MB, the size DuckDB and Athena read in parallel. */
export const PARQUET_ROW_GROUP = 100_000;

type Columns = Record<string, unknown[]>;

function emptyColumns(): Columns {
  return Object.fromEntries(PARQUET_COLUMNS.map((c) => [c, []]));
}

/** A sink writing results.parquet to `file` (written synchronously in row groups; `end` writes the footer). */
export function createResultsParquetSink(summary: RunSummary, info: ParquetRunInfo, file: string, rowGroup = PARQUET_ROW_GROUP): ReportSink {
  const writer = new ParquetWriter({ writer: fileWriter(file), schema: PARQUET_SCHEMA, createdBy: 'beval (hyparquet-writer)', statistics: false });
  const runTime = new Date(summary.createdAt);
  let cols = emptyColumns();
  let rows = 0;
  const flush = (): void => {
    if (rows === 0) return;
    // record_id repeats for every model × metric: a dictionary, which the writer's sample of mostly distinct values
    // rejected, makes the file ~7% smaller (GSM8K 10k × 4 × 3) and the writer no slower.
    const columnData = PARQUET_COLUMNS.map((name) => ({ name, data: cols[name]!, ...(name === 'record_id' ? { encoding: 'RLE_DICTIONARY' as const } : {}) }));
    void writer.write({ columnData, rowGroupSize: rows });
    cols = emptyColumns();
    rows = 0;
  };
  const push = (row: RecordRow): void => {
    row.cells.forEach((cell, k) => {
      const model = summary.models[k]!;
      // Which attempt's line counts (1, or a `beval rerun`'s 2, 3 …); null where none does (missing, not-run).
      const attempt = info.attempts[k]?.[row.index] || null;
      // The mode that attempt ran in (a rerun may have gone the other way), priced as the summary prices it.
      const billing = info.billing[k];
      const mode = billing?.attemptModes[attempt ?? 0] ?? model.mode;
      const price = billing?.prices[mode];
      // Billed as the summary bills: answers, and replies a filter stopped; an error line carries no tokens.
      const billed = cell.status === 'ok' || cell.status === 'filtered';
      const inTok = billed ? (cell.inputTokens ?? null) : null;
      const outTok = billed ? (cell.outputTokens ?? null) : null;
      const cost = price && billed ? costUsd(price, inTok ?? 0, outTok ?? 0, mode) : null;
      summary.metrics.forEach((metric, x) => {
        const s = cell.scores[x] ?? null;
        cols.run_id!.push(summary.runId);
        cols.run_time!.push(runTime);
        cols.suite_path!.push(summary.suite.path);
        cols.suite_sha256!.push(summary.suite.sha256);
        cols.config_sha256!.push(info.configSha256);
        cols.record_id!.push(row.recordId);
        cols.tags!.push(row.tags);
        cols.model_key!.push(model.key);
        cols.model_id!.push(model.modelId);
        cols.mode!.push(mode);
        cols.metric!.push(metric.name);
        cols.metric_kind!.push(metric.kind);
        cols.value!.push(s && s.value !== null && Number.isFinite(s.value) ? s.value : null);
        cols.pass!.push(s?.pass ?? null);
        cols.reason!.push(s ? s.reason : null);
        cols.status!.push(cell.status);
        cols.error_code!.push(cell.error?.code ?? null);
        cols.stop_reason!.push(cell.stopReason ?? null);
        cols.input_tokens!.push(inTok);
        cols.output_tokens!.push(outTok);
        cols.cost_usd!.push(cost);
        cols.latency_ms!.push(cell.latencyMs !== undefined && Number.isFinite(cell.latencyMs) ? cell.latencyMs : null);
        cols.attempt!.push(attempt);
        rows++;
      });
    });
  };
  return {
    row(row) {
      push(row);
      if (rows >= rowGroup) flush();
    },
    async end() {
      flush();
      await writer.finish();
    },
  };
}
