// `{{column}}` prompt templates: compiled once against the input's columns, so a typo fails before any row is read.
import { BevalError } from '../errors.ts';
import { cellText } from './read-table.ts';

export interface Template {
  /** Columns the template reads. */
  columns: string[];
  render(cells: Record<string, unknown>): string;
}

const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;

/** `what` names the template in messages (`--user`); `columns` are the input's column names. */
export function compileTemplate(text: string, what: string, columns: readonly string[]): Template {
  const parts: (string | { column: string })[] = [];
  let at = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    const column = m[1]!;
    if (!columns.includes(column)) {
      throw new BevalError('USAGE', `${what}: {{${column}}} names no column of the input; its columns are ${columns.map((c) => JSON.stringify(c)).join(', ')}.`);
    }
    parts.push(text.slice(at, m.index), { column });
    at = m.index + m[0].length;
  }
  parts.push(text.slice(at));
  return {
    columns: parts.flatMap((p) => (typeof p === 'string' ? [] : [p.column])),
    render: (cells) => parts.map((p) => (typeof p === 'string' ? p : cellText(cells[p.column]))).join(''),
  };
}
