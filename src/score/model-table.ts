// Per-model results held as typed arrays indexed by suite position, so a 50,000-record run stays small in memory.
import type { RecordCell, RecordStatus } from '../types/results.ts';
import type { CellIndex } from '../engine/cell-store.ts';

export const STATUS = { none: 0, ok: 1, error: 2, missing: 3, notRun: 4, filtered: 5 } as const;
/** The status each code stands for (code 0, unset, reads as missing): the answer policy and results reader map by it. */
export const STATUS_NAMES: readonly RecordStatus[] = ['missing', 'ok', 'error', 'missing', 'not-run', 'filtered'];
export { FILTERED_STOP_REASONS } from '../types/outputs.ts';
/** Pass flag for a record a metric did not judge pass/fail. */
export const NO_PASS = 255;

export interface JoinResult {
  /** Output lines matched to a suite record (first occurrence). */
  joined: number;
  /** Suite records with no output line although their job completed. */
  missing: number;
  /** Suite records whose job failed, stopped or expired before producing them. */
  notRun: number;
  /** Output lines whose recordId is not in the suite. */
  unexpected: { count: number; examples: string[] };
  /** Extra output lines for a recordId already seen (the first is kept). */
  duplicates: { count: number; examples: string[] };
  /** Lines that are not valid output records. */
  malformed: { count: number; examples: string[] };
  /** Lines of an older attempt for a record a `beval rerun` answered again (the newer line counts). */
  superseded: number;
}

export interface ModelTable {
  key: string;
  status: Uint8Array;
  /** values[metric][record]; NaN = not scored. */
  values: Float64Array[];
  /** pass[metric][record]: 0 fail, 1 pass, NO_PASS not judged. */
  pass: Uint8Array[];
  inputTokens: Float64Array;
  outputTokens: Float64Array;
  /** NaN where unknown. */
  latencyMs: Float64Array;
  stopReasons: Record<string, number>;
  errorCodes: Record<string, number>;
  /**
   * For each error code, the message of its record that comes first in the suite (each record's own is in its cell).
   * Chosen by suite position, not by arrival, so the summary does not depend on the order of the output lines.
   */
  errorMessages: Record<string, string>;
  /** The suite index whose message `errorMessages` holds, per code. */
  errorMessageIndex: Record<string, number>;
  /** Per record, the attempt whose line counts (1, or a `beval rerun`'s 2, 3 …; 0: no line counts). */
  attempt: Uint16Array;
  /** Attempt → records whose counted line came from it (1 unless `beval rerun` sent records again). */
  answerAttempts: Record<string, number>;
  /**
   * Source run → counted lines taken from it (`beval run --reuse`), the billed ones among them (ok and filtered: the
   * answers), and their tokens; empty without reuse.
   */
  reused: Record<string, { records: number; answers: number; inputTokens: number; outputTokens: number }>;
  join: JoinResult;
  /** Where the RecordCell of each ok and error record sits in the model's cell side file. */
  cells: CellIndex;
  /** The sha256 of each output file as scoring read it (aligned with its files), when asked for (ScoreModelInput.hashFiles). */
  fileSha256?: string[];
}

export function newModelTable(key: string, records: number, metrics: number, cells: CellIndex): ModelTable {
  return {
    key,
    status: new Uint8Array(records),
    values: Array.from({ length: metrics }, () => new Float64Array(records).fill(Number.NaN)),
    pass: Array.from({ length: metrics }, () => new Uint8Array(records).fill(NO_PASS)),
    inputTokens: new Float64Array(records),
    outputTokens: new Float64Array(records),
    latencyMs: new Float64Array(records).fill(Number.NaN),
    attempt: new Uint16Array(records),
    // Keys come from model outputs (a stopReason or errorCode of `constructor` or `__proto__`): no prototype to hit.
    stopReasons: Object.create(null) as Record<string, number>,
    errorCodes: Object.create(null) as Record<string, number>,
    errorMessages: Object.create(null) as Record<string, string>,
    errorMessageIndex: Object.create(null) as Record<string, number>,
    // Attempt numbers as keys (1, 2 …), filled from each record's counted line.
    answerAttempts: Object.create(null) as Record<string, number>,
    // Run ids as keys, read from output lines: no prototype to hit.
    reused: Object.create(null) as ModelTable['reused'],
    join: { joined: 0, superseded: 0, missing: 0, notRun: 0, unexpected: { count: 0, examples: [] }, duplicates: { count: 0, examples: [] }, malformed: { count: 0, examples: [] } },
    cells,
  };
}

/**
 * The stop reason and error counts of a table, from each record's final line (score-model.ts decides which line of a
 * duplicated record counts, so the counts are made once at the end instead of being undone). Keys come from the
 * outputs, so they are counted in Maps and returned as null-prototype objects. Error messages: per code, the message
 * of the first record in suite order.
 */
export function countsFrom(a: { status: Uint8Array; stopIds: Uint16Array; stopNames: string[]; errors: Map<number, { code: string; message: string }> }): Pick<ModelTable, 'stopReasons' | 'errorCodes' | 'errorMessages' | 'errorMessageIndex'> {
  const stops = new Map<string, number>();
  for (let i = 0; i < a.status.length; i++) {
    const id = a.stopIds[i]!;
    if (id === 0 || (a.status[i] !== STATUS.ok && a.status[i] !== STATUS.filtered)) continue;
    const name = a.stopNames[id - 1]!;
    stops.set(name, (stops.get(name) ?? 0) + 1);
  }
  const codes = new Map<string, number>();
  const first = new Map<string, number>();
  const messages = new Map<string, string>();
  for (const index of [...a.errors.keys()].sort((x, y) => x - y)) {
    const { code, message } = a.errors.get(index)!;
    codes.set(code, (codes.get(code) ?? 0) + 1);
    if (!first.has(code)) {
      first.set(code, index);
      messages.set(code, message);
    }
  }
  return { stopReasons: nullProto(stops), errorCodes: nullProto(codes), errorMessages: nullProto(messages), errorMessageIndex: nullProto(first) };
}

/** A Map as a plain record without a prototype, so `__proto__` or `constructor` are ordinary keys. */
export function nullProto<V>(map: Map<string, V>): Record<string, V> {
  const out = Object.create(null) as Record<string, V>;
  for (const [k, v] of map) out[k] = v;
  return out;
}

/** The typed arrays of a table, for handing it from a worker without copying. */
export function tableBuffers(t: ModelTable): ArrayBuffer[] {
  const arrays = [t.status, ...t.values, ...t.pass, t.inputTokens, t.outputTokens, t.latencyMs, t.attempt];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

/** A cell for a record that has no output line. */
export function absentCell(status: 'missing' | 'not-run', metrics: number): RecordCell {
  return { status, scores: new Array<null>(metrics).fill(null) };
}
