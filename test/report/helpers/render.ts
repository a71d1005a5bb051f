// Renders a run into a directory through the real sinks and returns the file paths.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeReports, type ReportFiles, type WriteReportsOptions } from '../../../src/report/index.ts';
import type { RecordRow, RunSummary } from '../../../src/report/types.ts';

export function tempDir(prefix = 'beval-report-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function renderRun(
  run: { summary: RunSummary; rows: RecordRow[] },
  opts: Partial<Pick<WriteReportsOptions, 'csv' | 'html' | 'dir'>> = {},
): Promise<ReportFiles & { html: string; dir: string }> {
  const dir = opts.dir ?? tempDir();
  const files = await writeReports({ dir, summary: run.summary, rows: run.rows, csv: opts.csv, html: opts.html });
  return { ...files, html: files.html ?? join(dir, 'report.html'), dir };
}
