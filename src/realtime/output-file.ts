// The append-only realtime output file: batch-shaped JSONL lines, one write per line, resumable after a crash.
import fs from 'node:fs';
import path from 'node:path';
import { readLines } from '../outputs/read-lines.ts';

/** What an existing file already holds, read on open. */
export interface OutputFileState {
  /** recordIds that have a line (answered or errored): a resume never sends them again. */
  answered: Set<string>;
  ok: number;
  errors: number;
  /** Bytes cut from the end because the last line was torn by a crash (0 when the file ended cleanly). */
  truncatedBytes: number;
}

export interface OutputFile {
  readonly file: string;
  /** What the file held when it was opened. */
  readonly existing: OutputFileState;
  /**
   * Appends one line (JSON + '\n'), so a crash leaves whole lines plus at most one torn tail. Throws when the write
   * fails, and refuses every line after such a failure.
   */
  append(line: Record<string, unknown>): void;
  /** Flushes to disk and closes. */
  close(): void;
}

/** Offset just past the last '\n' in the file (0 if none), scanning backwards 64 KiB at a time. */
function endOfLastLine(fd: number, size: number): number {
  const chunk = Buffer.allocUnsafe(64 * 1024);
  for (let end = size; end > 0;) {
    const start = Math.max(0, end - chunk.length);
    const n = fs.readSync(fd, chunk, 0, end - start, start);
    const at = chunk.subarray(0, n).lastIndexOf(10);
    if (at !== -1) return start + at + 1;
    end = start;
  }
  return 0;
}

/** Cuts a torn last line (a crash mid-write); returns how many bytes were removed. */
function truncateTornTail(file: string): number {
  const fd = fs.openSync(file, 'r+');
  try {
    const size = fs.fstatSync(fd).size;
    const keep = endOfLastLine(fd, size);
    if (keep < size) {
      fs.ftruncateSync(fd, keep);
      fs.fsyncSync(fd);
    }
    return size - keep;
  } finally {
    fs.closeSync(fd);
  }
}

/** recordId and outcome of one line; lines that are not ours (unparseable) are left for the scorer to report. */
function lineOutcome(line: string): { recordId: string; ok: boolean } | undefined {
  try {
    const v: unknown = JSON.parse(line);
    if (typeof v !== 'object' || v === null) return undefined;
    const { recordId, error } = v as { recordId?: unknown; error?: unknown };
    return typeof recordId === 'string' ? { recordId, ok: error === undefined } : undefined;
  } catch {
    return undefined;
  }
}

/** Reads what an existing output file holds (after cutting a torn tail), streaming so a large file stays small in memory. */
export async function readOutputState(file: string): Promise<OutputFileState> {
  const state: OutputFileState = { answered: new Set(), ok: 0, errors: 0, truncatedBytes: 0 };
  if (!fs.existsSync(file)) return state;
  state.truncatedBytes = truncateTornTail(file);
  for await (const [, line] of readLines(file)) {
    const o = lineOutcome(line);
    if (!o || state.answered.has(o.recordId)) continue;
    state.answered.add(o.recordId);
    if (o.ok) state.ok++;
    else state.errors++;
  }
  return state;
}

/** Opens (creating it and its folder) an output file for appending, after reading what it already holds. */
export async function openOutputFile(file: string): Promise<OutputFile> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const state = await readOutputState(file);
  const fd = fs.openSync(file, 'a');
  let open = true;
  // Set when a write failed part-way: later lines would land after the torn one and be unreadable with it.
  let broken: unknown;
  return {
    file,
    existing: state,
    append(line) {
      if (!open) throw new Error(`${file} is closed`);
      if (broken !== undefined) throw new Error(`${file}: an earlier write failed, so no line is added after it`, { cause: broken });
      // The whole line reaches the OS before the next request is counted, so a killed process loses only requests
      // still in flight. write(2) may take part of it (a full disk): keep writing the rest. No fsync per line: a
      // process crash keeps the page cache, and realtime runs are not worth an fsync per record.
      const bytes = Buffer.from(`${JSON.stringify(line)}\n`);
      try {
        for (let at = 0; at < bytes.length;) at += fs.writeSync(fd, bytes, at, bytes.length - at);
      } catch (e) {
        broken = e;
        throw e;
      }
    },
    close() {
      if (!open) return;
      open = false;
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    },
  };
}
