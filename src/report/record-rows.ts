// The RecordRows of a run in suite order, built from per-record statics and the models' cell side files.
import fs from 'node:fs';
import type { Suite } from '../suite/load-suite.ts';
import type { RecordRow } from '../types/results.ts';
import { promptText } from '../suite/batch-line.ts';
import type { SuiteRecord } from '../types/suite.ts';
import { suiteRecords } from '../suite/suite-stream.ts';
import { absentCell, STATUS } from '../score/model-table.ts';
import { readBucket, type CellIndex } from '../engine/cell-store.ts';

/** What the rows need of a model's table: its status per record and where its cells are. */
export interface TableCells {
  status: Uint8Array;
  cells: CellIndex;
}

/** A record's row without its cells. */
export type RowBase = Omit<RecordRow, 'index' | 'cells'>;

/** A record's row base: the prompt flattened to text, expected answers joined. */
export function rowBaseOf(r: SuiteRecord): RowBase {
  return {
    recordId: r.recordId,
    prompt: promptText(r.modelInput),
    ...(r.expected !== undefined ? { expected: Array.isArray(r.expected) ? r.expected.join(' | ') : r.expected } : {}),
    tags: r.tags,
    ...(r.meta ? { meta: r.meta } : {}),
  };
}

/**
 * Row bases read from the suite file as rows are asked for, which must be in order 0, 1, 2…: only one record's
 * prompt is in memory at a time. `ids` guards against a suite file that no longer matches the scored one.
 */
export function streamedRowBase(file: string, ids: string[]): (i: number) => RowBase {
  // The suite was validated when the run began; the ids check below catches a file changed since.
  const records = suiteRecords(file, true);
  let next = 0;
  return (i) => {
    const r = records.next();
    if (i !== next++ || r.done || r.value.recordId !== ids[i]) throw new Error(`${file}: record ${i + 1} is not ${ids[i]} as scored (was the suite changed?)`);
    return rowBaseOf(r.value);
  };
}

/** Ids and tags only (what scores.csv and results.json read): plain data that crosses to a worker cheaply. */
export interface IdsAndTags {
  recordId: string[];
  tags: string[][];
}

export function idsAndTags(suite: Suite): IdsAndTags {
  return { recordId: suite.records.map((r) => r.recordId), tags: suite.records.map((r) => r.tags) };
}

/** Row bases with an empty prompt and no expected or meta: only for sinks that never read those. */
export function idsRowBase(ids: IdsAndTags): (i: number) => RowBase {
  return (i) => ({ recordId: ids.recordId[i]!, prompt: '', tags: ids.tags[i]! });
}

/**
 * Rows in suite order, reading one bucket of every model's cells at a time from the side files. `withText: false`
 * leaves the output texts out of the cells, for threads whose reports never show them. `from`: the first record (the
 * rows of a report written in parts, see RecordRange).
 */
export function* recordRows(records: number, base: (i: number) => RowBase, tables: TableCells[], metrics: number, withText = true, from = 0): Generator<RecordRow> {
  const fds = tables.map((t) => fs.openSync(t.cells.file, 'r'));
  try {
    const n = records;
    const size = tables[0]?.cells.bucketRecords ?? n;
    for (let b = Math.floor(from / size); b * size < n; b++) {
      const buckets = tables.map((t, k) => readBucket(t.cells, fds[k]!, b, { text: withText }).cells);
      const start = b * size;
      for (let i = Math.max(from, start); i < Math.min(n, start + size); i++) {
        yield {
          index: i,
          ...base(i),
          cells: tables.map((t, k) => {
            const s = t.status[i];
            const cell = s === STATUS.ok || s === STATUS.error || s === STATUS.filtered ? buckets[k]![i - start] : undefined;
            return cell ?? absentCell(s === STATUS.notRun ? 'not-run' : 'missing', metrics);
          }),
        };
      }
    }
  } finally {
    fds.forEach((fd) => fs.closeSync(fd));
  }
}
