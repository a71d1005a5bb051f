// The binary form of a RecordCell in the cell side file: what JSON.stringify + JSON.parse gave back, without them.

import type { RecordCell, RecordStatus, ScoreCell } from '../types/results.ts';

const STATUSES: RecordStatus[] = ['ok', 'error', 'missing', 'not-run', 'filtered'];
const STATUS_CODE: Record<RecordStatus, number> = { ok: 0, error: 1, missing: 2, 'not-run': 3, filtered: 4 };

// Which optional members a cell has (one byte).
const HAS = { text: 1, stopReason: 2, error: 4, inputTokens: 8, outputTokens: 16, latencyMs: 32 } as const;
// A score slot's kind (one byte): no score, a score without a pass flag, failed, passed.
const SCORE = { none: 0, noPass: 1, fail: 2, pass: 3 } as const;
// A string's encoding (one byte): UTF-8, or UTF-16LE for text with surrogates, which UTF-8 would turn into U+FFFD
// when unpaired (JSON kept them as escapes).
const UTF8 = 0;
const UTF16 = 1;
const SURROGATE = /[\ud800-\udfff]/;

/**
 * What a cell side file keeps of each cell beyond status, tokens, error and score values: the output text and the
 * score reasons are written only when a chosen report reads them (records.csv and report.html show texts; scores.csv,
 * results.parquet and report.html show reasons). With `--reports summary,results` they were a third of each scoring
 * thread's time at 50k × 10 and are never read.
 */
export interface CellParts {
  text: boolean;
  reasons: boolean;
}

export const ALL_CELL_PARTS: CellParts = Object.freeze({ text: true, reasons: true });

/** Bytes a string takes at most: encoding byte, length, and 3 UTF-8 bytes (or 2 UTF-16 bytes) per UTF-16 unit. */
const stringBytes = (s: string): number => 5 + s.length * 3;

/** An upper bound on the encoded size of `cell`, so a writer can reserve room without measuring strings twice. */
export function worstCaseBytes(cell: RecordCell, parts: CellParts = ALL_CELL_PARTS): number {
  let size = 2 + 3 * 8 + 2;
  if (cell.text !== undefined && parts.text) size += stringBytes(cell.text);
  if (cell.stopReason !== undefined) size += stringBytes(cell.stopReason);
  if (cell.error) size += stringBytes(cell.error.code) + stringBytes(cell.error.message);
  for (const s of cell.scores) size += s ? 9 + (parts.reasons ? stringBytes(s.reason) : 5) : 1;
  return size;
}

function writeString(buf: Buffer, at: number, s: string): number {
  const utf16 = SURROGATE.test(s);
  buf[at] = utf16 ? UTF16 : UTF8;
  const len = buf.write(s, at + 5, utf16 ? 'utf16le' : 'utf8');
  buf.writeUInt32LE(len, at + 1);
  return at + 5 + len;
}

/** JSON writes non-finite numbers as null and -0 as 0; the decoded cell must read the same. */
function asJsonNumber(v: number): number | null {
  return Number.isFinite(v) ? (v === 0 ? 0 : v) : null;
}

/**
 * Writes `cell` at `at` (room for {@link worstCaseBytes} must be there); returns the end offset. Parts left out read
 * back as no text and empty reasons.
 */
export function encodeCell(cell: RecordCell, buf: Buffer, at: number, parts: CellParts = ALL_CELL_PARTS): number {
  let has = 0;
  if (cell.text !== undefined && parts.text) has |= HAS.text;
  if (cell.stopReason !== undefined) has |= HAS.stopReason;
  if (cell.error) has |= HAS.error;
  if (cell.inputTokens !== undefined) has |= HAS.inputTokens;
  if (cell.outputTokens !== undefined) has |= HAS.outputTokens;
  if (cell.latencyMs !== undefined) has |= HAS.latencyMs;
  buf[at++] = STATUS_CODE[cell.status];
  buf[at++] = has;
  if (cell.inputTokens !== undefined) at = buf.writeDoubleLE(cell.inputTokens, at);
  if (cell.outputTokens !== undefined) at = buf.writeDoubleLE(cell.outputTokens, at);
  if (cell.latencyMs !== undefined) at = buf.writeDoubleLE(cell.latencyMs, at);
  if (cell.stopReason !== undefined) at = writeString(buf, at, cell.stopReason);
  if (cell.error) {
    at = writeString(buf, at, cell.error.code);
    at = writeString(buf, at, cell.error.message);
  }
  at = buf.writeUInt16LE(cell.scores.length, at);
  for (const s of cell.scores) {
    if (!s) {
      buf[at++] = SCORE.none;
      continue;
    }
    buf[at++] = s.pass === undefined ? SCORE.noPass : s.pass ? SCORE.pass : SCORE.fail;
    at = buf.writeDoubleLE(s.value ?? Number.NaN, at);
    at = writeString(buf, at, parts.reasons ? s.reason : '');
  }
  // The text goes last so a reader that does not want it stops before it.
  if (has & HAS.text) at = writeString(buf, at, cell.text!);
  return at;
}

/** Reads a string written by writeString: [value, end offset]. */
function readString(buf: Buffer, at: number): [string, number] {
  const len = buf.readUInt32LE(at + 1);
  const start = at + 5;
  // Reasons a writer left out are empty: a third of the strings of a 50k × 10 results.json pass.
  if (len === 0) return ['', start];
  return [buf.toString(buf[at] === UTF16 ? 'utf16le' : 'utf8', start, start + len), start + len];
}

/** The cell at `at`, member for member what JSON.parse(JSON.stringify(cell)) returns; `text: false` leaves text out. */
export function decodeCell(buf: Buffer, at: number, withText: boolean): RecordCell {
  const status = STATUSES[buf[at++]!]!;
  const has = buf[at++]!;
  const cell: RecordCell = { status, scores: [] };
  // Members are set in a fixed order so decoded cells share one shape. (Their key order is not the JSON cells'; no
  // report serialises a cell whole, they read members by name.)
  const inputTokens = has & HAS.inputTokens ? asJsonNumber(buf.readDoubleLE(at)) : undefined;
  if (has & HAS.inputTokens) at += 8;
  const outputTokens = has & HAS.outputTokens ? asJsonNumber(buf.readDoubleLE(at)) : undefined;
  if (has & HAS.outputTokens) at += 8;
  const latencyMs = has & HAS.latencyMs ? asJsonNumber(buf.readDoubleLE(at)) : undefined;
  if (has & HAS.latencyMs) at += 8;
  let stopReason: string | undefined;
  if (has & HAS.stopReason) [stopReason, at] = readString(buf, at);
  let error: { code: string; message: string } | undefined;
  if (has & HAS.error) {
    let code: string;
    let message: string;
    [code, at] = readString(buf, at);
    [message, at] = readString(buf, at);
    error = { code, message };
  }
  const count = buf.readUInt16LE(at);
  at += 2;
  const scores = new Array<ScoreCell | null>(count);
  for (let k = 0; k < count; k++) {
    const kind = buf[at++]!;
    if (kind === SCORE.none) {
      scores[k] = null;
      continue;
    }
    const value = asJsonNumber(buf.readDoubleLE(at));
    let reason: string;
    [reason, at] = readString(buf, at + 8);
    scores[k] = kind === SCORE.noPass ? { value, reason } : { value, pass: kind === SCORE.pass, reason };
  }
  if (has & HAS.text && withText) cell.text = readString(buf, at)[0];
  if (stopReason !== undefined) cell.stopReason = stopReason;
  if (error) cell.error = error;
  // JSON gave null for a non-finite number; the report writers treat null and undefined alike.
  if (inputTokens !== undefined) cell.inputTokens = inputTokens as number;
  if (outputTokens !== undefined) cell.outputTokens = outputTokens as number;
  if (latencyMs !== undefined) cell.latencyMs = latencyMs as number;
  cell.scores = scores;
  return cell;
}
