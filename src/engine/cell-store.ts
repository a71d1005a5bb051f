// Per-model side file of record cells, written in bucket-sized chunks so reports read them back in suite order cheaply.
import fs from 'node:fs';
import type { RecordCell } from '../types/results.ts';
import { writeAllSync } from '../write-all.ts';
import { ALL_CELL_PARTS, decodeCell, encodeCell, worstCaseBytes, type CellParts } from './cell-codec.ts';

/**
 * Records per bucket: report threads hold one bucket of every model's cells at a time. Small buckets keep those cells
 * short-lived, so fewer survive into the capped workers' old generation (256 against 1,024: the scores.csv worker's GC
 * at 50k×4 measured 1.1 → 0.7 s). A scoring thread buffers one chunk per bucket: 50k records → 196 × 64 KiB.
 */
export const BUCKET_RECORDS = 256;
const CHUNK_BYTES = 64 * 1024;
const FRAME_HEADER = 8;

/**
 * Chunk buffers of closed writers, reused by the next writer in this thread (a scoring thread scores several models
 * one after another). A fresh set is touched within the first few thousand outputs since they arrive in any order, so
 * allocating it anew for every model slowed each model's first lines (docs/performance.md).
 */
const spare: Buffer[] = [];
// At most 16 MiB kept (enough for 65,536 records); the rest is left to the GC.
const MAX_SPARE = 256;

/**
 * Where a model's cells are: `chunks[b]` lists [offset, length] pairs (flattened) of the file regions holding the
 * cells of records [b × bucketRecords, (b + 1) × bucketRecords). Plain data, so it crosses worker boundaries.
 */
export interface CellIndex {
  file: string;
  bucketRecords: number;
  chunks: number[][];
}

/**
 * Appends cells as frames `[index u32][length u32][body]`, buffering per bucket so each flushed chunk holds one
 * bucket's frames. Outputs arrive in any order; reads then touch only a few chunks per bucket instead of one pread
 * per record. The body is binary (see {@link encodeCell}): JSON cost a stringify per cell here and a parse per cell in
 * each report thread (docs/performance.md), and the reports that show no text can now skip it unread.
 */
export class CellWriter {
  readonly index: CellIndex;
  private fd: number;
  private offset = 0;
  private buffers: (Buffer | undefined)[];
  private used: number[];

  constructor(file: string, records: number, bucketRecords = BUCKET_RECORDS, private readonly parts: CellParts = ALL_CELL_PARTS) {
    const buckets = Math.max(1, Math.ceil(records / bucketRecords));
    this.index = { file, bucketRecords, chunks: Array.from({ length: buckets }, () => []) };
    this.buffers = new Array<Buffer | undefined>(buckets);
    this.used = new Array<number>(buckets).fill(0);
    this.fd = fs.openSync(file, 'w');
  }

  add(index: number, cell: RecordCell): void {
    const b = Math.floor(index / this.index.bucketRecords);
    const worst = FRAME_HEADER + worstCaseBytes(cell, this.parts);
    if (worst > CHUNK_BYTES) {
      this.flush(b);
      const frame = Buffer.allocUnsafe(worst);
      const end = encodeCell(cell, frame, FRAME_HEADER, this.parts);
      frame.writeUInt32LE(index, 0);
      frame.writeUInt32LE(end - FRAME_HEADER, 4);
      this.writeChunk(b, frame.subarray(0, end));
      return;
    }
    if (this.used[b]! + worst > CHUNK_BYTES) this.flush(b);
    const buf = (this.buffers[b] ??= spare.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES));
    const at = this.used[b]!;
    const end = encodeCell(cell, buf, at + FRAME_HEADER, this.parts);
    buf.writeUInt32LE(index, at);
    buf.writeUInt32LE(end - at - FRAME_HEADER, at + 4);
    this.used[b] = end;
  }

  private writeChunk(b: number, data: Buffer): void {
    // A short write on a full disk would leave frames the index points past; writeAllSync throws ENOSPC instead.
    try {
      writeAllSync(this.fd, data, this.offset, this.index.file);
    } catch (e) {
      // The writer is dead: close its file now, or a full disk's error leaves it open until the process ends.
      fs.closeSync(this.fd);
      this.fd = -1;
      throw e;
    }
    this.index.chunks[b]!.push(this.offset, data.length);
    this.offset += data.length;
  }

  private flush(b: number): void {
    const used = this.used[b]!;
    if (used === 0) return;
    this.writeChunk(b, this.buffers[b]!.subarray(0, used));
    this.used[b] = 0;
  }

  close(): CellIndex {
    for (let b = 0; b < this.buffers.length; b++) {
      this.flush(b);
      const buf = this.buffers[b];
      if (buf && spare.length < MAX_SPARE) spare.push(buf);
    }
    this.buffers = [];
    if (this.fd >= 0) fs.closeSync(this.fd);
    return this.index;
  }
}

/** Options for {@link readBucket}. */
export interface ReadBucketOptions {
  /** Decode output texts; reports that never show them (scores.csv, results.json) skip their bytes. @default true */
  text?: boolean;
}

/** Reads one bucket of a model's cells: `cells[i - start]` for record i, undefined where the model has no cell. */
export function readBucket(index: CellIndex, fd: number, bucket: number, opts: ReadBucketOptions = {}): { start: number; cells: (RecordCell | undefined)[] } {
  const start = bucket * index.bucketRecords;
  const cells = new Array<RecordCell | undefined>(index.bucketRecords);
  const pairs = index.chunks[bucket] ?? [];
  const withText = opts.text ?? true;
  for (let p = 0; p < pairs.length; p += 2) {
    const length = pairs[p + 1]!;
    const buf = Buffer.allocUnsafe(length);
    fs.readSync(fd, buf, 0, length, pairs[p]!);
    for (let at = 0; at < length;) {
      const i = buf.readUInt32LE(at);
      const len = buf.readUInt32LE(at + 4);
      cells[i - start] = decodeCell(buf, at + FRAME_HEADER, withText);
      at += FRAME_HEADER + len;
    }
  }
  return { start, cells };
}
