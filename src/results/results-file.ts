// results.json: the versioned, machine-readable result of a run (summary + per-record scores), streamed to disk.
import type { Writable } from 'node:stream';
import { ChunkedWriter, type ReportSink } from '../engine/sink.ts';
import type { RecordRow, RunSummary } from '../types/results.ts';

/**
 * 2: the `filtered` record status and `perModel[].filtered` (a reader of version 1 would count filtered replies as
 * nothing it knows). Version 1 files are still read (they have no filtered records).
 * 3: headline figures under the unanswered-records policy (a binary mean counts unanswered records as failures; the
 * answered-only figure moved to `answered`), verdict words without `no-difference`/`n/a`, `holmFamily`, `policy`,
 * `baselineRun`, and the gate's own comparisons in `gate`. The records read the same as in 1 and 2.
 */
export const RESULTS_SCHEMA_VERSION = 3;
/** Versions `beval gate` reads back. */
export const READABLE_RESULTS_VERSIONS: ReadonlySet<number> = new Set([1, 2, 3]);

/**
 * Layout (docs/results-schema.md): `{"schemaVersion":3,"summary":{…RunSummary…},"records":[…]}` where each record is
 * `{"recordId", "tags", "cells": {<modelKey>: {"status", "scores": [[value|null, pass|null], …]}}}`, scores aligned
 * with summary.metrics. `summary` comes first so readers that need only the numbers can stop early.
 */
/** `{"status":…,"error"?:…,"scores":[…]}` for one cell: the bytes JSON.stringify gives for the object built below. */
function cellJson(c: RecordRow['cells'][number]): string {
  let out = `{"status":${JSON.stringify(c.status)}`;
  if (c.error) out += `,"error":${JSON.stringify(c.error.code)}`;
  out += ',"scores":[';
  for (let i = 0; i < c.scores.length; i++) {
    if (i > 0) out += ',';
    const s = c.scores[i];
    // JSON writes a non-finite number as null, and -0 as 0 (String(-0) is "0" too).
    out += s ? `[${s.value !== null && Number.isFinite(s.value) ? String(s.value) : 'null'},${s.pass ?? null}]` : 'null';
  }
  return `${out}]}`;
}

/** The record line built as an object and stringified: the reference for {@link cellJson}, and the path for keys JSON would reorder. */
function recordJsonByObject(summary: RunSummary, row: RecordRow): string {
  const cells: Record<string, unknown> = {};
  row.cells.forEach((c, k) => {
    cells[summary.models[k]!.key] = {
      status: c.status,
      ...(c.error ? { error: c.error.code } : {}),
      scores: c.scores.map((s) => (s ? [s.value, s.pass ?? null] : null)),
    };
  });
  return JSON.stringify({ recordId: row.recordId, tags: row.tags, cells });
}

// An object lists integer-like keys first, in numeric order: with such a model key the line must come from the object.
const INDEX_LIKE = /^\d+$/;

/** One record's line of results.json (see the layout above). Building the text directly halves its cost at 500k cells. */
export function recordJson(summary: RunSummary, row: RecordRow, keys: string[] | undefined): string {
  if (!keys) return recordJsonByObject(summary, row);
  let out = `{"recordId":${JSON.stringify(row.recordId)},"tags":${JSON.stringify(row.tags)},"cells":{`;
  for (let k = 0; k < row.cells.length; k++) out += `${k > 0 ? ',' : ''}${keys[k]}:${cellJson(row.cells[k]!)}`;
  return `${out}}}`;
}

/** The models' keys as JSON strings, or undefined when the object path must be used (duplicate or index-like keys). */
export function recordJsonKeys(summary: RunSummary): string[] | undefined {
  const keys = summary.models.map((m) => m.key);
  if (new Set(keys).size !== keys.length || keys.some((k) => INDEX_LIKE.test(k) || k === '__proto__')) return undefined;
  return keys.map((k) => JSON.stringify(k));
}

/**
 * `part`: this sink writes only some records, the file being one of two parts joined in order (RecordRange): the
 * head (summary) only in the first part, the closing brackets only in the last.
 */
export function createResultsSink(summary: RunSummary, out: Writable, part: { first: boolean; last: boolean } = { first: true, last: true }): ReportSink {
  const w = new ChunkedWriter(out);
  if (part.first) w.push(`{"schemaVersion":${RESULTS_SCHEMA_VERSION},"summary":${JSON.stringify(summary)},"records":[\n`);
  const keys = recordJsonKeys(summary);
  let first = part.first;
  return {
    row(row: RecordRow) {
      const line = recordJson(summary, row, keys);
      const p = w.push(first ? line : `,\n${line}`);
      first = false;
      return p;
    },
    end: () => w.end(part.last ? '\n]}\n' : ''),
  };
}
