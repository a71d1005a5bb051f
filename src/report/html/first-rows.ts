// report.html's copy of its first rows, written before the client script so the explorer's first screen shows while
// the browser still parses the remaining ~20 MB of rows (issue #21: first rows in under a second at 50,000 × 5).
import { LIST_PREVIEW_CHARS } from './client-list.ts';
import { truncateText } from './data-embed.ts';
import { jsonForScript } from './escape.ts';

/** Rows copied: a 62vh list of 88px rows shows about 16 on a 4K screen, plus the 4 it renders below the fold. */
export const FIRST_ROWS = 40;

/**
 * Characters of each text the copy keeps: more than a list row shows, so the row's preview (cut at a grapheme
 * boundary, with an ellipsis when the text is longer) comes out the same as from the full text.
 */
export const FIRST_ROW_TEXT_CHARS = LIST_PREVIEW_CHARS + 16;

type Embedded = string | [string, number] | 0;

/** An embedded text (a string, `[prefix, originalLength]` or 0 for none) cut to the copy's length. */
function shorten(text: Embedded): Embedded {
  if (typeof text === 'string') return truncateText(text, FIRST_ROW_TEXT_CHARS);
  if (Array.isArray(text)) {
    const cut = truncateText(text[0], FIRST_ROW_TEXT_CHARS);
    return [typeof cut === 'string' ? cut : cut[0], text[1]];
  }
  return text;
}

/**
 * The `beval-first` block: the first rows as the encoder wrote them (JSON from RowEncoder.encode) with every text cut
 * to FIRST_ROW_TEXT_CHARS, the string table as it stood after them (a prefix of the final table, so ids agree), and
 * the number of records the list should make room for.
 */
export function firstRowsBlock(rowsJson: readonly string[], strings: readonly string[], records: number): string {
  const rows = rowsJson.map((json) => {
    const row = JSON.parse(json) as unknown[];
    for (const i of [1, 2, 6]) row[i] = shorten(row[i] as Embedded);
    for (const cell of row[5] as unknown[][]) if (cell.length > 1) cell[1] = shorten(cell[1] as Embedded);
    return row;
  });
  return `<script type="application/json" id="beval-first">${jsonForScript({ records, strings, rows })}</script>`;
}
