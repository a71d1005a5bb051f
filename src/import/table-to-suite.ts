// Turns table rows (CSV, JSONL, Parquet) into Converse suite lines through a column mapping and a prompt template.
import { createHash } from 'node:crypto';
import { BevalError } from '../errors.ts';
import type { ContentBlock, ConverseInput, ConverseMessage } from '../types/suite.ts';
import { cellText, type TableRow } from './read-table.ts';
import { compileTemplate } from './template.ts';

/** How columns become a suite record (docs/import.md). */
export interface TableMapping {
  /** User message template with `{{column}}` placeholders. */
  user: string;
  /** System text (may use placeholders too). */
  system?: string;
  /** Column holding the reference answer (string, number or a list of acceptable answers). */
  expected?: string;
  /** Column holding the record id; without it, ids are a hash of the record's content. */
  id?: string;
  /** Columns whose values become tags (a list cell gives one tag per element). */
  tags?: string[];
  /** Columns carried into `meta`. */
  meta?: string[];
  /** The first N rows become few-shot example turns (user template, then the answer) in every record; they are not records. */
  fewShot?: number;
  /** Template of a few-shot example's assistant turn. @default `{{<expected>}}` */
  answer?: string;
  maxTokens?: number;
  temperature?: number;
}

export interface ImportResult {
  /** Suite lines (JSON, no newline). */
  lines: string[];
  /** Rows dropped because an earlier row gave exactly the same record. */
  duplicates: number;
}

const RECORD_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** A Bedrock-safe record id from a cell: other characters become `-`, at most 64, starting with a letter or digit. */
export function safeRecordId(v: string): string {
  let id = v.trim().replace(/[^A-Za-z0-9_-]/g, '-');
  if (!/^[A-Za-z0-9]/.test(id)) id = `r${id}`;
  return id.slice(0, 64);
}

function plain(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v ?? null, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x))) as unknown;
}

function expectedOf(v: unknown, where: string, column: string): string | string[] | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  if (Array.isArray(v)) {
    const items = v.map(cellText).filter((s) => s !== '');
    return items.length ? items : undefined;
  }
  if (typeof v === 'object' && !(v instanceof Date)) throw new BevalError('SUITE', `${where}: column "${column}" (expected) holds an object; expected text, a number or a list of answers`);
  return cellText(v);
}

function tagsOf(row: TableRow, columns: string[]): string[] {
  const tags: string[] = [];
  for (const c of columns) {
    const v = row.cells[c];
    for (const t of Array.isArray(v) ? v : [v]) {
      const s = cellText(t).trim();
      if (s && !tags.includes(s)) tags.push(s);
    }
  }
  return tags;
}

function requireColumns(columns: readonly string[], wanted: (string | undefined)[], flag: string): void {
  for (const w of wanted) {
    if (w !== undefined && !columns.includes(w)) throw new BevalError('USAGE', `${flag} ${w}: no such column; the columns are ${columns.map((c) => JSON.stringify(c)).join(', ')}.`);
  }
}

/** Builds every suite line, in input order; throws naming file:line for a row that cannot become a record. */
export function tableToSuite(rows: TableRow[], columns: readonly string[], m: TableMapping): ImportResult {
  requireColumns(columns, [m.expected], '--expected');
  requireColumns(columns, [m.id], '--id');
  requireColumns(columns, m.tags ?? [], '--tags');
  requireColumns(columns, m.meta ?? [], '--meta');
  const user = compileTemplate(m.user, '--user', columns);
  const system = m.system !== undefined ? compileTemplate(m.system, '--system', columns) : undefined;
  const shots = m.fewShot ?? 0;
  if (shots && m.answer === undefined && m.expected === undefined) throw new BevalError('USAGE', '--few-shot needs --answer (a template) or --expected (the column answering each example).');
  const answer = shots ? compileTemplate(m.answer ?? `{{${m.expected!}}}`, '--answer', columns) : undefined;
  if (rows.length <= shots) throw new BevalError('USAGE', `--few-shot ${shots} leaves no rows to import (the input has ${rows.length}).`);

  const examples: ConverseMessage[] = rows.slice(0, shots).flatMap((r) => [
    { role: 'user' as const, content: [{ text: user.render(r.cells) }] },
    { role: 'assistant' as const, content: [{ text: answer!.render(r.cells) }] },
  ]);
  const lines: string[] = [];
  const seen = new Map<string, string>();
  let duplicates = 0;
  for (const row of rows.slice(shots)) {
    const text = user.render(row.cells);
    if (text.trim() === '') throw new BevalError('SUITE', `${row.where}: the user template gives an empty message (columns ${user.columns.join(', ')} are empty)`);
    const modelInput: ConverseInput = { messages: [...examples, { role: 'user', content: [{ text }] }] };
    const sys = system?.render(row.cells);
    if (sys) modelInput.system = [{ text: sys } satisfies ContentBlock];
    if (m.maxTokens !== undefined || m.temperature !== undefined) {
      modelInput.inferenceConfig = { ...(m.maxTokens !== undefined ? { maxTokens: m.maxTokens } : {}), ...(m.temperature !== undefined ? { temperature: m.temperature } : {}) };
    }
    const expected = m.expected !== undefined ? expectedOf(row.cells[m.expected], row.where, m.expected) : undefined;
    const body = { modelInput, ...(expected !== undefined ? { expected } : {}) };
    let recordId: string;
    if (m.id !== undefined) {
      const raw = cellText(row.cells[m.id]);
      if (raw.trim() === '') throw new BevalError('SUITE', `${row.where}: column "${m.id}" (the record id) is empty`);
      recordId = RECORD_ID.test(raw) ? raw : safeRecordId(raw);
      const first = seen.get(recordId);
      if (first) throw new BevalError('SUITE', `${row.where}: record id "${recordId}" (from "${raw}") repeats ${first}; ids must be unique`);
    } else {
      // The content decides the id, so importing the same file again gives the same ids; an identical row is dropped.
      recordId = `r${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 20)}`;
      if (seen.has(recordId)) {
        duplicates++;
        continue;
      }
    }
    seen.set(recordId, row.where);
    const tags = tagsOf(row, m.tags ?? []);
    const meta = m.meta?.length ? Object.fromEntries(m.meta.map((c) => [c, plain(row.cells[c])])) : undefined;
    lines.push(JSON.stringify({ recordId, ...body, ...(tags.length ? { tags } : {}), ...(meta ? { meta } : {}) }));
  }
  return { lines, duplicates };
}
