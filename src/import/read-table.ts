// Reads a CSV, JSONL or Parquet file as rows of named cells, each with the place it came from (file:line or row).
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { BevalError } from '../errors.ts';

export type TableFormat = 'csv' | 'jsonl' | 'parquet';

/** One input row: cells by column name (a null-prototype object: column names are outside text) and where it is. */
export interface TableRow {
  cells: Record<string, unknown>;
  /** `file:line` (CSV, JSONL) or `file: row N` (Parquet), for messages. */
  where: string;
}

export function formatOf(file: string, given?: string): TableFormat {
  const f = (given ?? path.extname(file).slice(1)).toLowerCase();
  if (f === 'csv' || f === 'parquet') return f;
  if (f === 'jsonl' || f === 'ndjson' || f === 'json') return 'jsonl';
  throw new BevalError('USAGE', `Cannot tell the format of ${file}: give --format csv, jsonl or parquet.`);
}

function nullProto(entries: [string, unknown][]): Record<string, unknown> {
  const o = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of entries) o[k] = v;
  return o;
}

function readCsv(file: string, rel: string): TableRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // Header row gives the column names; `info` gives each record's first line (a quoted cell may span lines).
    records = parse(fs.readFileSync(file), { bom: true, info: true, relax_column_count: false, skip_empty_lines: true }) as never;
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new BevalError('SUITE', `${rel}${line ? `:${line}` : ''}: not valid CSV: ${(e as Error).message}`, { cause: e });
  }
  const [header, ...rows] = records;
  if (!header) return [];
  const names = header.record.map((h) => h.trim());
  return rows.map((r) => ({ cells: nullProto(names.map((n, i) => [n, r.record[i]])), where: `${rel}:${r.info.lines}` }));
}

function readJsonl(file: string, rel: string): TableRow[] {
  const rows: TableRow[] = [];
  fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new BevalError('SUITE', `${rel}:${i + 1}: not valid JSON: ${(e as Error).message}`, { cause: e });
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new BevalError('SUITE', `${rel}:${i + 1}: expected a JSON object per line`);
    rows.push({ cells: nullProto(Object.entries(v)), where: `${rel}:${i + 1}` });
  });
  return rows;
}

async function readParquet(file: string, rel: string): Promise<TableRow[]> {
  let objects: Record<string, unknown>[];
  try {
    objects = await parquetReadObjects({ file: await asyncBufferFromFile(file) });
  } catch (e) {
    throw new BevalError('SUITE', `${rel}: not a readable Parquet file: ${(e as Error).message}`, { cause: e });
  }
  return objects.map((o, i) => ({ cells: nullProto(Object.entries(o)), where: `${rel}: row ${i + 1}` }));
}

/** Every row of the file. `rel` is the name used in messages (the path as the user gave it). */
export async function readTable(file: string, format: TableFormat, rel = file): Promise<TableRow[]> {
  if (!fs.existsSync(file)) throw new BevalError('USAGE', `${rel}: no such file.`);
  if (format === 'csv') return readCsv(file, rel);
  if (format === 'jsonl') return readJsonl(file, rel);
  return readParquet(file, rel);
}

/** A cell as text for a template: strings as they are, numbers and bigints in decimal, anything else as JSON. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x));
}
