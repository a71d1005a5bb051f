// The RecordRows of a run in suite order, built from per-record statics and the models' cell side files.
import fs from 'node:fs';
import type { Suite } from '../suite/load-suite.ts';
import type { RecordRow } from '../report/types.ts';
import { promptText } from '../suite/batch-line.ts';
import { absentCell, STATUS } from './model-table.ts';
import { readBucket, type CellIndex } from './cell-store.ts';

/** What the rows need of a model's table: its status per record and where its cells are. */
export interface TableCells {
  status: Uint8Array;
  cells: CellIndex;
}

/** A record's row without its cells. */
export type RowBase = Omit<RecordRow, 'index' | 'cells'>;

/** Row bases from the full suite; prompts are flattened row by row, so no array of every prompt is held. */
export function suiteRowBase(suite: Suite): (i: number) => RowBase {
  return (i) => {
    const r = suite.records[i]!;
    return {
      recordId: r.recordId,
      prompt: promptText(r.modelInput),
      ...(r.expected !== undefined ? { expected: Array.isArray(r.expected) ? r.expected.join(' | ') : r.expected } : {}),
      tags: r.tags,
      ...(r.meta ? { meta: r.meta } : {}),
    };
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

/** Rows in suite order, reading one bucket of every model's cells at a time from the side files. */
export function* recordRows(records: number, base: (i: number) => RowBase, tables: TableCells[], metrics: number): Generator<RecordRow> {
  const fds = tables.map((t) => fs.openSync(t.cells.file, 'r'));
  try {
    const n = records;
    const size = tables[0]?.cells.bucketRecords ?? n;
    for (let b = 0; b * size < n; b++) {
      const buckets = tables.map((t, k) => readBucket(t.cells, fds[k]!, b).cells);
      const start = b * size;
      for (let i = start; i < Math.min(n, start + size); i++) {
        yield {
          index: i,
          ...base(i),
          cells: tables.map((t, k) => {
            const s = t.status[i];
            const cell = s === STATUS.ok || s === STATUS.error ? buckets[k]![i - start] : undefined;
            return cell ?? absentCell(s === STATUS.notRun ? 'not-run' : 'missing', metrics);
          }),
        };
      }
    }
  } finally {
    fds.forEach((fd) => fs.closeSync(fd));
  }
}
