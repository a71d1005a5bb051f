// Encodes each record into the compact JSON row the explorer reads, fitting the whole file into a byte budget.
import type { ScoreKind } from '../../types/scorer.ts';
import type { RecordCell, RecordRow, RunSummary, ScoreCell } from '../../types/results.ts';
import { jsonForScript } from './escape.ts';
import { FLAG, recordFlags } from './record-flags.ts';
import { StringTable } from './string-table.ts';
import type { ResolvedHtmlOptions } from './html-options.ts';

/**
 * Text as embedded: the complete string, or `[prefix, originalLength]` when it was cut to fit the budget.
 * Row layout: `[recordId, prompt, expected|0, tagIds, flags, cells, meta|0]`.
 * Cell layout: `[status, text|0, stopReasonId, scores, errorId?, inputTokens?, outputTokens?, latencyMs?]` with
 * status 0 ok, 1 error, 2 missing, 3 not-run, 4 filtered (missing/not-run cells are just `[status]`); ids index the string table
 * (-1: none). `scores` is `[]` when nothing was scored, else one slot per metric: null (not scored), a packed binary
 * score `((reasonId + 1) << 2) | value << 1 | pass`, `[value, reasonId]` or `[value, pass, reasonId]`.
 * Every byte per cell counts: 50,000 records × 5 models is 250,000 cells.
 */
type EmbeddedText = string | [string, number];
type ScoreSlot = number | [number | null, number] | [number | null, number, number] | null;

/** What the encoder did, shown in the report so nobody mistakes a preview for the whole text. */
export interface EmbedStats {
  records: number;
  truncatedTexts: number;
  fullTextRecords: number;
  /** Records that qualified for full text after the full-text budget ran out. */
  fullTextSkipped: number;
  previewCharsMin: number;
  previewCharsMax: number;
  droppedStrings: number;
  rowBytes: number;
}

const STATUS_CODE = { ok: 0, error: 1, missing: 2, 'not-run': 3, filtered: 4 } as const;
const INTERESTING = FLAG.fail | FLAG.disagree | FLAG.regressed | FLAG.error | FLAG.fixed | FLAG.changed;

/** What the encoder reads of a run: a report's summary, or the two-run view `beval compare` builds. */
export type EmbedShape = Pick<RunSummary, 'baseline' | 'models' | 'metrics'> & { suite: Pick<RunSummary['suite'], 'records'> };

/** Cut text to `max` UTF-16 units without splitting a surrogate pair. */
export function truncateText(text: string, max: number): EmbeddedText {
  if (text.length <= max) return text;
  let cut = max;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return [text.slice(0, cut), text.length];
}

/** Share `allowance` characters among texts: short texts keep all of theirs and leave the rest to longer ones. */
export function shareAllowance(lengths: number[], allowance: number, min: number, max: number): number[] {
  const order = lengths.map((len, i) => ({ len, i })).sort((a, b) => a.len - b.len);
  const out = new Array<number>(lengths.length).fill(0);
  let remaining = Math.max(0, allowance);
  order.forEach(({ len, i }, k) => {
    const share = Math.floor(remaining / (order.length - k));
    const given = Math.min(len, max, Math.max(min, share));
    out[i] = given;
    remaining -= given;
  });
  return out;
}

const round4 = (v: number): number => Math.round(v * 1e4) / 1e4;

/** Stateful encoder: call `encode` once per row in order, then read `strings` and `stats`. */
export class RowEncoder {
  readonly strings: StringTable;
  private readonly baselineIndex: number;
  private used = 0;
  private fullTextLeft: number;
  private readonly stats: EmbedStats;

  /**
   * `fixedBytes`: what the rest of the page takes (markup, script), subtracted from the size budget. `flagsOf`: the
   * row's flag bits when the page filters on other flags than a run's (compare.html: regressed, fixed, changed text).
   */
  constructor(
    private readonly summary: EmbedShape,
    private readonly opts: ResolvedHtmlOptions,
    private readonly fixedBytes: number,
    private readonly flagsOf?: (row: RecordRow) => number,
  ) {
    this.strings = new StringTable(opts.maxStringBytes);
    this.baselineIndex = summary.baseline ? summary.models.findIndex((m) => m.key === summary.baseline) : -1;
    this.fullTextLeft = opts.fullTextBudgetBytes;
    this.stats = {
      records: 0,
      truncatedTexts: 0,
      fullTextRecords: 0,
      fullTextSkipped: 0,
      previewCharsMin: Number.POSITIVE_INFINITY,
      previewCharsMax: 0,
      droppedStrings: 0,
      rowBytes: 0,
    };
  }

  /** The row's JSON, safe to place inside a `<script type="application/json">` block. */
  encode(row: RecordRow): string {
    const flags = this.flagsOf ? this.flagsOf(row) : recordFlags(row, this.summary.metrics.length, this.baselineIndex);
    const texts: string[] = [row.prompt, row.expected ?? ''];
    for (const cell of row.cells) texts.push(cell.text ?? '');
    const limits = this.textLimits(row, flags, texts);
    const embedded = texts.map((text, i) => {
      const limit = limits[i] ?? 0;
      const out = truncateText(text, limit);
      if (typeof out !== 'string') {
        // Counted here for every cut text, full-text rows included: those used to be counted but not measured, and
        // the note said "previews of 0 characters" while 20,000 were embedded.
        this.stats.truncatedTexts++;
        this.stats.previewCharsMin = Math.min(this.stats.previewCharsMin, limit);
        this.stats.previewCharsMax = Math.max(this.stats.previewCharsMax, limit);
      }
      return out;
    });
    const meta = row.meta === undefined ? 0 : truncateText(JSON.stringify(row.meta), 400);
    const cells = row.cells.map((cell, i) => this.encodeCell(cell, embedded[i + 2] ?? ''));
    const tagIds = row.tags.map((tag) => this.strings.id(tag, true));
    const expected = row.expected === undefined ? 0 : (embedded[1] ?? '');
    const json = jsonForScript([row.recordId, embedded[0], expected, tagIds, flags, cells, meta]);
    const bytes = Buffer.byteLength(json) + 2;
    this.used += bytes;
    this.stats.rowBytes += bytes;
    this.stats.records++;
    return json;
  }

  /** Bytes written besides the rows and the string table (report.html's copy of its first rows): taken from previews. */
  charge(bytes: number): void {
    this.used += bytes;
  }

  /** Stats so far, with the string table's drop count. */
  finish(): EmbedStats {
    const stats = { ...this.stats, droppedStrings: this.strings.dropped };
    if (stats.previewCharsMin === Number.POSITIVE_INFINITY) stats.previewCharsMin = 0;
    return stats;
  }

  /** How many characters of each text this row may embed. */
  private textLimits(row: RecordRow, flags: number, texts: string[]): number[] {
    const lengths = texts.map((t) => t.length);
    const total = lengths.reduce((a, b) => a + b, 0);
    const full = this.opts.maxFullTextChars;
    if ((flags & INTERESTING) !== 0 && total > 0) {
      const estimate = texts.reduce((a, t) => a + Buffer.byteLength(t.slice(0, full)), 0);
      if (estimate <= this.fullTextLeft) {
        this.fullTextLeft -= estimate;
        this.used -= estimate; // full text is paid from its own budget, not the preview budget
        this.stats.fullTextRecords++;
        return lengths.map(() => full);
      }
      this.stats.fullTextSkipped++;
    }
    const remainingRows = Math.max(1, this.summary.suite.records - this.stats.records);
    const available =
      this.opts.maxBytes - this.fixedBytes - this.opts.fullTextBudgetBytes - this.used - this.strings.bytes;
    // Roughly what a row takes besides its texts (ids, flags, score slots); later rows absorb any estimation error.
    const structure = 50 + row.cells.length * (20 + 8 * this.summary.metrics.length);
    const allowance = Math.floor(available / remainingRows) - structure;
    return shareAllowance(lengths, allowance, this.opts.minPreviewChars, this.opts.previewChars);
  }

  private encodeCell(cell: RecordCell, text: EmbeddedText): unknown[] {
    const status = STATUS_CODE[cell.status];
    if ((status === 2 || status === 3) && !cell.scores.some(Boolean) && !this.opts.cellStats) return [status];
    const stop = cell.stopReason === undefined ? -1 : this.strings.id(cell.stopReason, true);
    const error = cell.error ? this.strings.id(`${cell.error.code}: ${cell.error.message}`.slice(0, 300), false) : -1;
    const scores = cell.scores.some(Boolean) ? this.summary.metrics.map((metric, m) => this.encodeScore(cell.scores[m], metric.kind)) : [];
    const out: unknown[] = [status, cell.text === undefined ? 0 : text, stop, scores];
    if (error >= 0 || this.opts.cellStats) out.push(error);
    if (this.opts.cellStats) out.push(cell.inputTokens ?? null, cell.outputTokens ?? null, cell.latencyMs ?? null);
    return out;
  }

  /** One score slot (see the layout note at the top of this file); binary scores pack into one small integer. */
  private encodeScore(score: ScoreCell | null | undefined, kind: ScoreKind): ScoreSlot {
    if (!score) return null;
    const reason = this.strings.id(score.reason.slice(0, this.opts.reasonChars), false);
    const value = score.value === null || !Number.isFinite(score.value) ? null : round4(score.value);
    if (kind === 'binary' && (value === 0 || value === 1) && score.pass !== undefined) {
      return ((reason + 1) << 2) | (value << 1) | (score.pass ? 1 : 0);
    }
    return score.pass === undefined ? [value, reason] : [value, score.pass ? 1 : 0, reason];
  }
}
