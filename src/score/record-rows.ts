// The RecordRows of a run in suite order, built from per-record statics and the models' cell side files.
import fs from 'node:fs';
import type { Suite } from '../suite/load-suite.ts';
import type { RecordRow } from '../report/types.ts';
import { promptText } from '../suite/batch-line.ts';
import { absentCell, STATUS } from './model-table.ts';
import { readBucket, type CellIndex } from './cell-store.ts';

/** The suite fields reports show, one array per field indexed by suite position: plain data that crosses to workers. */
export interface RowStatics {
  recordId: string[];
  prompt: string[];
  expected: (string | undefined)[];
  tags: string[][];
  meta: (Record<string, unknown> | undefined)[];
}

/** What the rows need of a model's table: its status per record and where its cells are. */
export interface TableCells {
  status: Uint8Array;
  cells: CellIndex;
}

export function rowStatics(suite: Suite): RowStatics {
  const rs = suite.records;
  return {
    recordId: rs.map((r) => r.recordId),
    prompt: rs.map((r) => promptText(r.modelInput)),
    expected: rs.map((r) => (r.expected === undefined ? undefined : Array.isArray(r.expected) ? r.expected.join(' | ') : r.expected)),
    tags: rs.map((r) => r.tags),
    meta: rs.map((r) => r.meta),
  };
}

/** Rows in suite order, reading one bucket of every model's cells at a time from the side files. */
export function* recordRows(statics: RowStatics, tables: TableCells[], metrics: number): Generator<RecordRow> {
  const fds = tables.map((t) => fs.openSync(t.cells.file, 'r'));
  try {
    const n = statics.recordId.length;
    const size = tables[0]?.cells.bucketRecords ?? n;
    for (let b = 0; b * size < n; b++) {
      const buckets = tables.map((t, k) => readBucket(t.cells, fds[k]!, b).cells);
      const start = b * size;
      for (let i = start; i < Math.min(n, start + size); i++) {
        const expected = statics.expected[i];
        const meta = statics.meta[i];
        yield {
          index: i,
          recordId: statics.recordId[i]!,
          prompt: statics.prompt[i]!,
          ...(expected !== undefined ? { expected } : {}),
          tags: statics.tags[i]!,
          ...(meta ? { meta } : {}),
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
