// Reads results.json back (summary first, then one record per line) into per-model value tables for re-analysis.
import path from 'node:path';
import fs from 'node:fs';
import { BevalError } from '../errors.ts';
import { adviceFor, type Advice } from '../advice.ts';
import type { RunSummary } from '../types/results.ts';
import { readLines } from '../outputs/read-lines.ts';
import { READABLE_RESULTS_VERSIONS, RESULTS_SCHEMA_VERSION } from './results-file.ts';
import { NO_PASS, STATUS, STATUS_NAMES } from '../score/model-table.ts';

// Status name → code; the last code of a name wins (STATUS_NAMES maps the unset code 0 to 'missing' too).
const STATUS_CODE = new Map<string, number>([...STATUS_NAMES.entries()].map(([code, name]) => [name, code]));

export interface ValueTable {
  values: Float64Array[];
  pass: Uint8Array[];
  /** Record status codes (model-table.ts STATUS), aligned with the values. */
  status: Uint8Array;
}

export interface StoredResults {
  file: string;
  summary: RunSummary;
  recordIds: string[];
  /** Model key → per-metric arrays aligned with recordIds and summary.metrics. */
  tables: Map<string, ValueTable>;
}

interface StoredRecord {
  recordId: string;
  cells: Record<string, { status?: string; scores: ([number | null, boolean | null] | null)[] }>;
}

/**
 * Accepts a run directory or a results.json path. `advice` writes the score command its errors suggest, with the
 * user's `--config`.
 */
export async function readResults(where: string, advice: Advice = adviceFor()): Promise<StoredResults> {
  const file = where.endsWith('.json') ? where : path.join(where, 'results.json');
  const rescore = `\`${advice.command(`score ${path.basename(path.dirname(path.resolve(file)))}`)}\``;
  if (!fs.existsSync(file)) throw new BevalError('OUTPUT', `No results at ${file}: collect or score the run first (${rescore}).`);
  let summary: RunSummary | undefined;
  const records: StoredRecord[] = [];
  // A truncated or foreign file (e.g. run.json given as gate.baselineRun) is named with its line, not a stack trace.
  const parse = <T>(text: string, lineNo: number): T => {
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      throw new BevalError('OUTPUT', `${file}:${lineNo}: not a beval results.json line (${(e as Error).message}). Re-score the run with ${rescore}, or point at its results.json.`);
    }
  };
  for await (const [lineNo, raw] of readLines(file)) {
    const line = raw.replace(/^,|,$/g, '');
    if (lineNo === 1) {
      const head = parse<{ schemaVersion: number; summary: RunSummary }>(`${line}]}`, lineNo);
      if (!READABLE_RESULTS_VERSIONS.has(head.schemaVersion)) throw new BevalError('OUTPUT', `${file} has schema version ${head.schemaVersion}; this beval reads ${[...READABLE_RESULTS_VERSIONS].join(' and ')} (writes ${RESULTS_SCHEMA_VERSION}).`);
      summary = head.summary;
    } else if (line !== ']}') {
      records.push(parse<StoredRecord>(line, lineNo));
    }
  }
  if (!summary) throw new BevalError('OUTPUT', `${file} is empty or not a beval results file.`);
  const n = records.length;
  const m = summary.metrics.length;
  const tables = new Map<string, ValueTable>();
  for (const model of summary.models) {
    const t: ValueTable = {
      values: Array.from({ length: m }, () => new Float64Array(n).fill(Number.NaN)),
      pass: Array.from({ length: m }, () => new Uint8Array(n).fill(NO_PASS)),
      status: new Uint8Array(n).fill(STATUS.missing),
    };
    records.forEach((r, i) => {
      const cell = r.cells[model.key];
      const code = cell?.status === undefined ? undefined : STATUS_CODE.get(cell.status);
      if (code !== undefined) t.status[i] = code;
      cell?.scores.forEach((s, j) => {
        if (!s) return;
        if (s[0] !== null) t.values[j]![i] = s[0];
        if (s[1] !== null) t.pass[j]![i] = s[1] ? 1 : 0;
        // Results written before cells carried a binary metric's derived flag: derive it as scoring does.
        else if (s[0] !== null && summary!.metrics[j]?.kind === 'binary') t.pass[j]![i] = s[0] >= 0.5 ? 1 : 0;
      });
    });
    tables.set(model.key, t);
  }
  return { file, summary, recordIds: records.map((r) => r.recordId), tables };
}
