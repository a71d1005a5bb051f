// Options of the HTML report, with the defaults that keep a 50,000 × 5 run under 25 MB.

/** Options for report.html. Sizes are UTF-8 bytes. */
export interface HtmlReportOptions {
  /** Page title. @default "beval report: <suite file name>" */
  title?: string;
  /** Target size of the whole file; text previews shrink to fit it. @default 22 MiB (23,068,672 bytes) */
  maxBytes?: number;
  /** Longest preview of a prompt, expected answer or output. @default 300 */
  previewChars?: number;
  /** Shortest preview, even when the size target is tight (the file may then exceed maxBytes). @default 24 */
  minPreviewChars?: number;
  /** Bytes spent on full text for records that fail, disagree, regressed or errored, in suite order. @default 3 MiB */
  fullTextBudgetBytes?: number;
  /** Cap on one text embedded in full. @default 20000 */
  maxFullTextChars?: number;
  /** Score reasons are cut to this length. @default 200 */
  reasonChars?: number;
  /** Cap on the table of distinct reasons, errors, tags and stop reasons. @default 2 MiB */
  maxStringBytes?: number;
  /** Embed tokens and latency per cell. @default true when records × models ≤ 100,000 */
  cellStats?: boolean;
  /** File name the report points to for complete text. @default "records.csv" */
  recordsCsvName?: string;
}

export type ResolvedHtmlOptions = Required<HtmlReportOptions>;

const MiB = 1024 * 1024;

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new TypeError(`Expected \`${name}\` to be a number from 0 and up, got ${String(value)}`);
  }
  return Math.floor(value);
}

/** Fill in defaults; `records × models` decides whether per-cell stats fit. */
export function resolveHtmlOptions(opts: HtmlReportOptions, shape: { records: number; models: number; suitePath: string }): ResolvedHtmlOptions {
  const name = shape.suitePath.split(/[\\/]/).pop() ?? shape.suitePath;
  const previewChars = positive('previewChars', opts.previewChars, 300);
  return {
    title: opts.title ?? `beval report: ${name}`,
    maxBytes: positive('maxBytes', opts.maxBytes, 22 * MiB),
    previewChars,
    minPreviewChars: Math.min(previewChars, positive('minPreviewChars', opts.minPreviewChars, 24)),
    fullTextBudgetBytes: positive('fullTextBudgetBytes', opts.fullTextBudgetBytes, 3 * MiB),
    maxFullTextChars: positive('maxFullTextChars', opts.maxFullTextChars, 20_000),
    reasonChars: positive('reasonChars', opts.reasonChars, 200),
    maxStringBytes: positive('maxStringBytes', opts.maxStringBytes, 2 * MiB),
    cellStats: opts.cellStats ?? shape.records * shape.models <= 100_000,
    recordsCsvName: opts.recordsCsvName ?? 'records.csv',
  };
}
