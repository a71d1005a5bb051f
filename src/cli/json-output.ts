// `--json`: one JSON document on stdout per command, everything a human reads on stderr, exit codes unchanged.
// Commands add their fields with io.result(…) (merged, so `run --gate` adds the gate to the run's document); main()
// writes the document once the command has ended, success or not. Shapes: docs/results-schema.md#--json.
import type { CliIo } from './io.ts';
import type { RunSummary } from '../types/results.ts';
import type { ReportPaths } from '../report/write-reports.ts';
import { summaryGate, verdictLine } from '../report/summary-md.ts';

/** Bumped when a field changes meaning or goes away; new fields do not bump it. */
export const JSON_SCHEMA_VERSION = 1;

export interface JsonCapture {
  /** The io a command runs with: stdout goes to stderr, results collect here. */
  io: CliIo;
  /** The document for `command` ending with `exitCode` (and the error message of a failed command). */
  document(command: string, exitCode: number, error?: string): Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function captureJson(io: CliIo): JsonCapture {
  const fields: Record<string, unknown> = {};
  return {
    io: {
      ...io,
      stdout: io.stderr,
      // Progress bars redraw a line in place; on stderr beside JSON they would only clutter a CI log.
      isTTY: false,
      // One level deep: `run --gate` adds gate.json's path to the run's `files` rather than replacing them.
      result: (data) => {
        for (const [k, v] of Object.entries(data)) {
          const old = fields[k];
          fields[k] = isRecord(old) && isRecord(v) ? { ...old, ...v } : v;
        }
      },
    },
    document: (command, exitCode, error) => ({
      schemaVersion: JSON_SCHEMA_VERSION, command, exitCode, ...(error !== undefined ? { error } : {}), ...fields,
    }),
  };
}

/** JSON that never breaks a line-oriented reader: undefined and non-finite numbers become null, no raw controls. */
export function jsonLine(doc: unknown): string {
  return `${JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`;
}

/** The fields of a finished run (run, collect, score): where its files are, and its figures as results.json has them. */
export function runFields(summary: RunSummary, runDir: string, files: ReportPaths): Record<string, unknown> {
  const gate = summaryGate(summary);
  return {
    runId: summary.runId, runDir, state: 'collected', files, verdictLine: verdictLine(summary, gate),
    suite: summary.suite, baseline: summary.baseline ?? null, metrics: summary.metrics, models: summary.perModel,
    comparisons: summary.comparisons, gate: gate ?? null, totals: summary.totals, ...(summary.judge ? { judge: summary.judge } : {}),
  };
}
