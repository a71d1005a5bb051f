// The output line that counts for each record of a model, over every attempt: the one rule scoring applies
// (src/score/score-model.ts), for the stages that read outputs before or beside it (`beval rerun`'s choice of
// records, deferred scorers, judges). The newest attempt's line counts; within an attempt a reply beats an error, then
// the smaller line hash (src/outputs/line-choice.ts), so no reader depends on the order of lines or files.
import fs from 'node:fs';
import path from 'node:path';
import { forEachLine, type LineSpan } from '../outputs/read-lines.ts';
import { parseOutputLine } from '../outputs/parse-line.ts';
import { beats, lineHash } from '../outputs/line-choice.ts';
import type { ParsedOutput } from '../types/outputs.ts';
import type { LedgerModel } from './ledger.ts';

/** Each local output file of the model with the attempt its shard belongs to. */
function outputFiles(dir: string, model: LedgerModel): { file: string; attempt: number }[] {
  return model.shards.flatMap((s) => (s.downloaded ?? []).map((f) => ({ file: path.join(dir, f), attempt: s.attempt ?? 1 })))
    .filter(({ file }) => fs.existsSync(file));
}

/** A counted line as written: its text and attempt, and where it lies (file, span) with its line hash, to find it again. */
export interface CountedLine {
  text: string;
  attempt: number;
  file: string;
  /** A copy: the caller may keep it. */
  span: LineSpan;
  hash: number;
}

/**
 * Calls `fn` once per suite record that has a counted line, with that line parsed (and as written, with its attempt). Two passes over the files: the
 * first picks each record's line, the second hands it over, so no output is held in memory. `onRead` sees every byte
 * of every file once, in order, during the first pass (to hash the files while they are read anyway).
 */
export async function forEachCountedOutput(dir: string, model: LedgerModel, index: ReadonlyMap<string, number>, records: number, fn: (index: number, out: ParsedOutput, line: CountedLine) => void, onRead?: (file: string, bytes: Buffer) => void): Promise<void> {
  const attempt = new Uint16Array(records);
  const hash = new Uint32Array(records);
  const reply = new Uint8Array(records);
  const files = outputFiles(dir, model);
  for (const { file, attempt: a } of files) {
    await forEachLine(file, (_n, line) => {
      const parsed = parseOutputLine(line);
      if (parsed.kind !== 'output') return;
      const i = index.get(parsed.output.recordId);
      if (i === undefined || a < attempt[i]!) return;
      const h = lineHash(line);
      if (a === attempt[i] && !beats(parsed.output.ok, h, reply[i] === 1, hash[i]!)) return;
      attempt[i] = a;
      hash[i] = h;
      reply[i] = parsed.output.ok ? 1 : 0;
    }, onRead && ((bytes) => onRead(file, bytes)));
  }
  const given = new Uint8Array(records);
  for (const { file, attempt: a } of files) {
    await forEachLine(file, (_n, line, span) => {
      const parsed = parseOutputLine(line);
      if (parsed.kind !== 'output') return;
      const i = index.get(parsed.output.recordId);
      if (i === undefined || given[i] || a !== attempt[i] || lineHash(line) !== hash[i]) return;
      given[i] = 1;
      fn(i, parsed.output, { text: line, attempt: a, file, span: { at: span.at, bytes: span.bytes }, hash: hash[i]! });
    });
  }
}
