// Renders a run into a directory through the same sinks and feeding loop beval's report phase uses.
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { createSummaryCsvWriter } from '../../../src/report/index.ts';
import { feed, rowSinks } from '../../../src/report/row-sinks.ts';
import type { RecordRow, RunSummary } from '../../../src/types/results.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

export interface RenderedRun {
  dir: string;
  summaryCsv: string;
  recordsCsv: string;
  scoresCsv: string;
  html: string;
}

export async function renderRun(run: { summary: RunSummary; rows: RecordRow[] }, opts: { dir?: string } = {}): Promise<RenderedRun> {
  const dir = opts.dir ?? tempDir();
  const files = { dir, summaryCsv: join(dir, 'summary.csv'), recordsCsv: join(dir, 'records.csv'), scoresCsv: join(dir, 'scores.csv'), html: join(dir, 'report.html') };
  await createSummaryCsvWriter(run.summary, createWriteStream(files.summaryCsv));
  await feed(await rowSinks(run.summary, { records: files.recordsCsv, scores: files.scoresCsv, html: files.html }), run.rows);
  return files;
}
