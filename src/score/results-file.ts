// results.json: the versioned, machine-readable result of a run (summary + per-record scores), streamed to disk.
import type { Writable } from 'node:stream';
import { ChunkedWriter, type ReportSink } from '../report/sink.ts';
import type { RecordRow, RunSummary } from '../report/types.ts';

export const RESULTS_SCHEMA_VERSION = 1;

/**
 * Layout (docs/results-schema.md): `{"schemaVersion":1,"summary":{…RunSummary…},"records":[…]}` where each record is
 * `{"recordId", "tags", "cells": {<modelKey>: {"status", "scores": [[value|null, pass|null], …]}}}`, scores aligned
 * with summary.metrics. `summary` comes first so readers that need only the numbers can stop early.
 */
export function createResultsSink(summary: RunSummary, out: Writable): ReportSink {
  const w = new ChunkedWriter(out);
  w.push(`{"schemaVersion":${RESULTS_SCHEMA_VERSION},"summary":${JSON.stringify(summary)},"records":[\n`);
  let first = true;
  return {
    row(row: RecordRow) {
      const cells: Record<string, unknown> = {};
      row.cells.forEach((c, k) => {
        cells[summary.models[k]!.key] = {
          status: c.status,
          ...(c.error ? { error: c.error.code } : {}),
          scores: c.scores.map((s) => (s ? [s.value, s.pass ?? null] : null)),
        };
      });
      const line = JSON.stringify({ recordId: row.recordId, tags: row.tags, cells });
      const p = w.push(first ? line : `,\n${line}`);
      first = false;
      return p;
    },
    end: () => w.end('\n]}\n'),
  };
}
