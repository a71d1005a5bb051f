// Public entry of the report renderers: CSV writers and the HTML report, all fed by a RunSummary and streamed rows.
export type { ReportSink } from '../engine/sink.ts';
export type { CsvOptions } from './csv-options.ts';
export { createSummaryCsvWriter, renderSummaryCsv, summaryCsvHeader } from './csv/summary-csv.ts';
export { createRecordsCsvSink, recordsCsvHeader } from './csv/records-csv.ts';
export { createScoresCsvSink, SCORES_CSV_HEADER } from './csv/scores-csv.ts';
export { createHtmlReportSink } from './html/html-sink.ts';
export type { HtmlReportOptions } from './html/html-options.ts';
