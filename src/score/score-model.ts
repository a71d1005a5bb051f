// Streams one model's output files, joins each line to the suite by recordId and scores it, filling a ModelTable.
import type { Suite } from '../suite/load-suite.ts';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { forEachLine, lineAtSpan, type LineSpan } from '../outputs/read-lines.ts';
import { parseOutputLine } from '../outputs/parse-line.ts';
import type { ParsedOutput } from '../types/outputs.ts';
import type { MetricSet } from './metric-set.ts';
import { FILTERED_STOP_REASONS, countsFrom, newModelTable, NO_PASS, STATUS, type ModelTable } from './model-table.ts';
import { BUCKET_RECORDS, CellWriter } from '../engine/cell-store.ts';
import type { CellParts } from '../engine/cell-codec.ts';
import { beats, lineHash } from '../outputs/line-choice.ts';

const EXAMPLES = 5;

function note(list: { count: number; examples: string[] }, example: string): void {
  list.count++;
  if (list.examples.length < EXAMPLES) list.examples.push(example);
}

export interface ScoreModelInput {
  key: string;
  files: string[];
  /** How each file is named in notes (relative to the run folder: shared reports carry no local absolute path). */
  names?: string[];
  /**
   * The attempt of each file (aligned with `files`; 1 unless `beval rerun` sent records again): a record's line from
   * a newer attempt counts, an older attempt's line for it is superseded (not a duplicate).
   */
  fileAttempts?: number[];
  /** The run each file's answers were reused from (`beval run --reuse`), or null (aligned with `files`). */
  fileReused?: (string | null)[];
  suite: Suite;
  metricSet: MetricSet;
  cellsFile: string;
  /** What the cell side file keeps beyond scores (the chosen reports' needs). @default everything */
  cellParts?: CellParts;
  /** Hash each file's bytes as they are read (ModelTable.fileSha256), so checking them against the download costs no second read. */
  hashFiles?: boolean;
  /** For records without an output line: true when the job that held the record did not complete normally. */
  notRun: (index: number) => boolean;
}

/**
 * One model's work as plain data (it crosses to a scoring thread): ScoreModelInput without the suite and metric set,
 * which each thread has of its own, and with the suite ranges whose shard did not complete instead of `notRun`.
 */
export type WorkerModelJob = Omit<ScoreModelInput, 'suite' | 'metricSet' | 'notRun'> & { incomplete: [number, number][] };

/** Scores one model's job (in this thread or a scoring thread). */
export function scoreJob(job: WorkerModelJob, suite: Suite, metricSet: MetricSet): Promise<ModelTable> {
  const { incomplete, ...input } = job;
  return scoreModel({ ...input, suite, metricSet, notRun: (i) => incomplete.some(([s, e]) => i >= s && i < e) });
}

export async function scoreModel(input: ScoreModelInput): Promise<ModelTable> {
  const { suite, metricSet } = input;
  const n = suite.records.length;
  const m = metricSet.metrics.length;
  const cells = new CellWriter(input.cellsFile, n, BUCKET_RECORDS, input.cellParts);
  // Scorers may skip building reasons that no chosen report shows (the cells would drop them anyway).
  const reasons = input.cellParts?.reasons ?? true;
  const table = newModelTable(input.key, n, m, cells.index);
  // Per record, what the counts are built from at the end (so a later line that wins needs no undoing of counts).
  // The hash that breaks a tie between two lines of a record is needed only when a second line comes: hashing every
  // line cost more than parsing it (a JS loop over ~2,500 characters), so the counted line's place in its file is
  // kept instead and the line read back to hash it when a rival appears.
  const hashes = new Uint32Array(n);
  const hashed = new Uint8Array(n);
  const lineAt = new Float64Array(n);
  const lineBytes = new Uint32Array(n);
  const stopIds = new Uint16Array(n);
  const stopNames: string[] = [];
  const stopIndex = new Map<string, number>();
  const errors = new Map<number, { code: string; message: string }>();
  // Records with more than one line: how many lines, and the distinct lines (by hash) among them.
  const dupes = new Map<number, { lines: number; distinct: Set<number> }>();
  // The attempt whose line each record counts (0: none yet).
  const taken = table.attempt;
  // The file whose line each record counts (-1: none): says which counted answers were reused, and from which run.
  const takenFile = new Int32Array(n).fill(-1);

  const fds = new Map<number, number>();
  /** The tie-break hash of the line a record counts now, read back from its file the first time it is asked for. */
  const countedHash = (index: number): number => {
    if (!hashed[index]) {
      const f = takenFile[index]!;
      let fd = fds.get(f);
      if (fd === undefined) fds.set(f, (fd = fs.openSync(input.files[f]!, 'r')));
      hashes[index] = lineHash(lineAtSpan(fd, { at: lineAt[index]!, bytes: lineBytes[index]! }));
      hashed[index] = 1;
    }
    return hashes[index]!;
  };

  /** Counts `out`, the line at `span` of file `f`, for the record (its hash, when already known, saves reading it back). */
  const apply = (index: number, out: ParsedOutput, f: number, span: LineSpan, hash?: number): void => {
    takenFile[index] = f;
    lineAt[index] = span.at;
    lineBytes[index] = span.bytes;
    hashed[index] = hash === undefined ? 0 : 1;
    if (hash !== undefined) hashes[index] = hash;
    if (!out.ok) {
      table.status[index] = STATUS.error;
      const code = String(out.errorCode);
      errors.set(index, { code, message: out.errorMessage });
      cells.add(index, { status: 'error', error: { code, message: out.errorMessage }, scores: new Array<null>(m).fill(null) });
      return;
    }
    errors.delete(index);
    table.inputTokens[index] = out.usage.inputTokens;
    table.outputTokens[index] = out.usage.outputTokens;
    if (out.latencyMs !== undefined) table.latencyMs[index] = out.latencyMs;
    let stop = stopIndex.get(out.stopReason);
    if (stop === undefined) {
      stop = stopNames.push(out.stopReason);
      stopIndex.set(out.stopReason, stop);
    }
    stopIds[index] = stop;
    // Billed but not an answer: kept (text, tokens) and left unscored, like an error.
    if (FILTERED_STOP_REASONS.has(out.stopReason)) {
      table.status[index] = STATUS.filtered;
      cells.add(index, {
        status: 'filtered', text: out.text, stopReason: out.stopReason,
        inputTokens: out.usage.inputTokens, outputTokens: out.usage.outputTokens,
        ...(out.latencyMs !== undefined ? { latencyMs: out.latencyMs } : {}),
        scores: new Array<null>(m).fill(null),
      });
      return;
    }
    table.status[index] = STATUS.ok;
    const scores = metricSet.scoreAll(index, { record: suite.records[index]!, output: out, modelKey: input.key, reasons });
    for (let k = 0; k < m; k++) {
      let s = scores[k];
      if (!s) continue;
      // A binary metric's pass flag always matches its value, even when a custom scorer gave only a value; the
      // cell gets it too, so results.json (and `beval gate`, which reads it back) agrees with this table.
      if (s.pass === undefined && s.value !== null && metricSet.metrics[k]!.kind === 'binary') s = scores[k] = { ...s, pass: s.value >= 0.5 };
      if (s.value !== null) table.values[k]![index] = s.value;
      if (s.pass !== undefined) table.pass[k]![index] = s.pass ? 1 : 0;
    }
    cells.add(index, {
      status: 'ok',
      text: out.text,
      stopReason: out.stopReason,
      inputTokens: out.usage.inputTokens,
      outputTokens: out.usage.outputTokens,
      ...(out.latencyMs !== undefined ? { latencyMs: out.latencyMs } : {}),
      // The cell codec keeps only value, pass and reason of each score (src/engine/cell-codec.ts).
      scores,
    });
  };

  /** A later line wins: forget what the earlier one set (the cell written last is the one read back). */
  const reset = (index: number): void => {
    for (let k = 0; k < m; k++) {
      table.values[k]![index] = Number.NaN;
      table.pass[k]![index] = NO_PASS;
    }
    table.inputTokens[index] = 0;
    table.outputTokens[index] = 0;
    table.latencyMs[index] = Number.NaN;
    stopIds[index] = 0;
  };

  try {
    for (const [f, file] of input.files.entries()) {
      const name = input.names?.[f] ?? file;
      const attempt = input.fileAttempts?.[f] ?? 1;
      const hash = input.hashFiles ? createHash('sha256') : undefined;
      await forEachLine(file, (lineNo, line, span) => {
        const parsed = parseOutputLine(line);
        if (parsed.kind === 'malformed') {
          note(table.join.malformed, `${name}:${lineNo}: ${parsed.reason}`);
          return;
        }
        const out = parsed.output;
        const index = suite.index.get(out.recordId);
        if (index === undefined) {
          note(table.join.unexpected, out.recordId);
          return;
        }
        if (table.status[index] !== STATUS.none && attempt !== taken[index]) {
          // Another attempt's line for this record: the newest attempt counts, whatever order the files come in.
          if (attempt < taken[index]!) {
            table.join.superseded++;
            return;
          }
          table.join.superseded += dupes.get(index)?.lines ?? 1;
          dupes.delete(index);
          reset(index);
          taken[index] = attempt;
          apply(index, out, f, span);
          return;
        }
        if (table.status[index] !== STATUS.none) {
          const hash = lineHash(line);
          const seen = dupes.get(index) ?? { lines: 1, distinct: new Set([countedHash(index)]) };
          seen.lines++;
          seen.distinct.add(hash);
          dupes.set(index, seen);
          if (beats(out.ok, hash, table.status[index] !== STATUS.error, countedHash(index))) {
            reset(index);
            apply(index, out, f, span, hash);
          }
          return;
        }
        table.join.joined++;
        taken[index] = attempt;
        apply(index, out, f, span);
      }, hash && ((bytes) => hash.update(bytes)));
      if (hash) (table.fileSha256 ??= [])[f] = hash.digest('hex');
    }
  } finally {
    cells.close();
    for (const fd of fds.values()) fs.closeSync(fd);
  }
  // Duplicates in suite order, each saying whether its lines disagree.
  for (const index of [...dupes.keys()].sort((a, b) => a - b)) {
    const { lines, distinct } = dupes.get(index)!;
    const id = suite.records[index]!.recordId;
    table.join.duplicates.count += lines - 1;
    if (table.join.duplicates.examples.length < EXAMPLES) table.join.duplicates.examples.push(distinct.size > 1 ? `${id} (${distinct.size} lines disagree)` : id);
  }
  Object.assign(table, countsFrom({ status: table.status, stopIds, stopNames, errors }));
  for (let i = 0; i < n; i++) if (taken[i]) table.answerAttempts[taken[i]!] = (table.answerAttempts[taken[i]!] ?? 0) + 1;
  // Counted lines an earlier run paid for (`beval run --reuse`): their usage stays in the totals, their cost apart.
  for (let i = 0; i < n; i++) {
    const from = takenFile[i]! >= 0 ? input.fileReused?.[takenFile[i]!] : undefined;
    if (!from) continue;
    const r = (table.reused[from] ??= { records: 0, answers: 0, inputTokens: 0, outputTokens: 0 });
    r.records++;
    if (table.status[i] === STATUS.ok || table.status[i] === STATUS.filtered) r.answers++;
    r.inputTokens += table.inputTokens[i]!;
    r.outputTokens += table.outputTokens[i]!;
  }
  for (let i = 0; i < n; i++) {
    if (table.status[i] !== STATUS.none) continue;
    if (input.notRun(i)) {
      table.status[i] = STATUS.notRun;
      table.join.notRun++;
    } else {
      table.status[i] = STATUS.missing;
      table.join.missing++;
    }
  }
  return table;
}

export { NO_PASS };
