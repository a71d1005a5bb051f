// The plain-text table every command prints (job tables, metrics, the estimate, the gate).
import { printable } from '../safe-text.ts';

/** Plain-text table: columns padded to their widest cell. Cells (labels, job states, ARNs) print as one line each. */
export function table(cells: string[][]): string {
  const rows = cells.map((r) => r.map(printable));
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
}
