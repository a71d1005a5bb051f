// An independent oracle for end-to-end suite tests: reads the suite and the raw *.jsonl.out files itself and recomputes
// every figure the reports should show, from the documented rules only (docs/reports.md, results-schema.md, scorers.md).
// Nothing here imports beval's scorers, parsers, summaries or CSV code.
import fs from 'node:fs';
import path from 'node:path';

export interface OracleRecord {
  recordId: string;
  expected?: string[];
  tags: string[];
  assert?: { type: string; value: string }[];
  raw: Record<string, unknown>;
}

export interface OracleCell {
  status: 'ok' | 'error' | 'missing' | 'not-run';
  text?: string;
  stopReason?: string;
  errorCode?: string;
  errorMessage?: string;
  inputTokens?: number;
  outputTokens?: number;
}

/** A metric as the oracle computes it: null = unscored. */
export interface OracleMetric {
  name: string;
  kind: 'binary' | 'continuous';
  /** Does the metric score this record at all (false → never scored, no scores.csv row)? */
  applies(r: OracleRecord): boolean;
  score(r: OracleRecord, text: string): number | null;
}

export function parseSuite(text: string): OracleRecord[] {
  return text.split('\n').filter((l) => l.trim() !== '').map((line) => {
    const raw = JSON.parse(line) as Record<string, unknown>;
    const e = raw.expected;
    return {
      recordId: raw.recordId as string,
      ...(e === undefined ? {} : { expected: Array.isArray(e) ? (e as string[]) : [String(e)] }),
      tags: (raw.tags as string[] | undefined) ?? [],
      ...(raw.assert ? { assert: raw.assert as { type: string; value: string }[] } : {}),
      raw,
    };
  });
}

function filesUnder(dir: string, suffix: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith(suffix) && d.name !== 'manifest.json.out')
    .map((d) => path.join(d.parentPath, d.name))
    .sort();
}

/** recordIds of each shard's uploaded input, from `inputs/<model>/shard-<n>/`. */
export function shardInputs(runDir: string, modelKey: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const base = path.join(runDir, 'inputs', modelKey);
  for (const d of fs.readdirSync(base)) {
    const n = Number(/^shard-(\d+)$/.exec(d)?.[1]);
    const ids = filesUnder(path.join(base, d), '.jsonl').flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').filter(Boolean))
      .map((l) => (JSON.parse(l) as { recordId: string }).recordId);
    out.set(n, ids);
  }
  return out;
}

/**
 * Every record's cell for one model, from the raw output lines (first line per recordId wins, unparseable lines are
 * ignored) and each shard's job status as Bedrock reports it (`jobStatus(shardIndex)`).
 */
export function modelCells(args: { runDir: string; modelKey: string; suite: OracleRecord[]; jobStatus(shard: number): string }): Map<string, OracleCell> {
  const lines = new Map<string, OracleCell>();
  for (const f of filesUnder(path.join(args.runDir, 'outputs', args.modelKey), '.jsonl.out')) {
    for (const line of fs.readFileSync(f, 'utf8').split('\n')) {
      if (line === '') continue;
      let v: Record<string, any>;
      try {
        v = JSON.parse(line) as Record<string, any>;
      } catch {
        continue;
      }
      if (typeof v.recordId !== 'string' || lines.has(v.recordId)) continue;
      if (v.error) {
        lines.set(v.recordId, { status: 'error', errorCode: String(v.error.errorCode), errorMessage: String(v.error.errorMessage) });
      } else if (v.modelOutput) {
        const content = v.modelOutput.output.message.content as Record<string, unknown>[];
        lines.set(v.recordId, {
          status: 'ok',
          text: content.map((b) => (typeof b.text === 'string' ? b.text : '')).join(''),
          stopReason: v.modelOutput.stopReason,
          inputTokens: v.modelOutput.usage.inputTokens,
          outputTokens: v.modelOutput.usage.outputTokens,
        });
      }
    }
  }
  const shardOf = new Map<string, number>();
  for (const [n, ids] of shardInputs(args.runDir, args.modelKey)) for (const id of ids) shardOf.set(id, n);
  const cells = new Map<string, OracleCell>();
  for (const r of args.suite) {
    const line = lines.get(r.recordId);
    if (line) cells.set(r.recordId, line);
    else cells.set(r.recordId, { status: args.jobStatus(shardOf.get(r.recordId)!) === 'Completed' ? 'missing' : 'not-run' });
  }
  return cells;
}

// ---- independent scorers (documented behaviour, simplified to the texts these suites produce) ----

// Digits glued to Latin, Greek or Cyrillic letters are not numbers; next to CJK they are (scorers.md).
const NUMBER = /(?<![A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF\d.,])-?\d[\d,]*(?:\.\d+)?(?![\dA-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF])/gu;

function numbers(text: string): number[] {
  return [...text.matchAll(NUMBER)].map((m) => Number(m[0].replaceAll(',', '')));
}

/** The first number after the last `Answer:` marker, else the last number anywhere (scorers.md, numeric). */
export function extractNumber(text: string): number | null {
  const markers = [...text.matchAll(/answer\s*(?:is|:|=)/gi)];
  for (const m of markers.reverse()) {
    const after = numbers(text.slice(m.index + m[0].length));
    if (after.length) return after[0]!;
    break;
  }
  const all = numbers(text);
  return all.length ? all.at(-1)! : null;
}

function codePoints(s: string): string[] {
  return Array.from(s);
}

export function levenshteinSimilarity(a: string, b: string): number {
  const x = codePoints(a);
  const y = codePoints(b);
  if (x.length === 0 && y.length === 0) return 1;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return 1 - prev[y.length]! / Math.max(x.length, y.length);
}

export const numericMetric: OracleMetric = {
  name: 'numeric',
  kind: 'binary',
  applies: () => true,
  score(r, text) {
    const wants = (r.expected ?? []).map(extractNumber).filter((n): n is number => n !== null);
    if (wants.length === 0) return null;
    const got = extractNumber(text);
    return got !== null && wants.some((w) => Math.abs(got - w) <= 1e-6) ? 1 : 0;
  },
};

export const levenshteinMetric: OracleMetric = {
  name: 'levenshtein',
  kind: 'continuous',
  applies: () => true,
  score: (r, text) => (r.expected ? Math.max(...r.expected.map((e) => levenshteinSimilarity(text, e))) : null),
};

export function lengthMetric(max: number): OracleMetric {
  return { name: 'length', kind: 'binary', applies: () => true, score: (_r, text) => (codePoints(text).length <= max ? 1 : 0) };
}

export function containsMetric(value: string): OracleMetric {
  return { name: `contains:${value}`, kind: 'binary', applies: () => true, score: (_r, text) => (text.includes(value) ? 1 : 0) };
}

/** The `assertions` metric for `contains` / `icontains` assertions (the only kinds these suites use). */
export const assertionsMetric: OracleMetric = {
  name: 'assertions',
  kind: 'binary',
  applies: (r) => r.assert !== undefined && r.assert.length > 0,
  score(r, text) {
    const all = r.assert!.every((a) => (a.type === 'icontains' ? text.toLowerCase().includes(a.value.toLowerCase()) : text.includes(a.value)));
    return all ? 1 : 0;
  },
};

// ---- figures ----

export interface Expected {
  /** modelKey → recordId → cell */
  cells: Map<string, Map<string, OracleCell>>;
  /** modelKey → recordId → metric → value (undefined: never scored; null: unscored) */
  scores: Map<string, Map<string, Map<string, number | null | undefined>>>;
}

export function expectedScores(suite: OracleRecord[], models: string[], cells: Map<string, Map<string, OracleCell>>, metrics: OracleMetric[]): Expected {
  const scores = new Map<string, Map<string, Map<string, number | null | undefined>>>();
  for (const m of models) {
    const perRecord = new Map<string, Map<string, number | null | undefined>>();
    for (const r of suite) {
      const cell = cells.get(m)!.get(r.recordId)!;
      perRecord.set(r.recordId, new Map(metrics.map((x) => [x.name, cell.status === 'ok' && x.applies(r) ? x.score(r, cell.text!) : undefined])));
    }
    scores.set(m, perRecord);
  }
  return { cells, scores };
}

export function mean(values: number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/** Values of one model × metric over the given records (scored ones only). */
export function scoredValues(e: Expected, model: string, metric: string, ids: Iterable<string>): number[] {
  const out: number[] = [];
  for (const id of ids) {
    const v = e.scores.get(model)!.get(id)!.get(metric);
    if (typeof v === 'number') out.push(v);
  }
  return out;
}

/**
 * The headline values of a metric under the default unanswered-records policy, computed independently of
 * src/stats/answer-policy.ts: a record counts when some model that answered it was scored on it (or no model answered
 * it); a binary metric then counts the model's unanswered (error or missing) records as 0; not-run records are out.
 */
export function headlineValues(e: Expected, models: string[], model: string, metric: OracleMetric, ids: string[]): number[] {
  const out: number[] = [];
  for (const id of ids) {
    const answering = models.filter((m) => e.cells.get(m)!.get(id)!.status === 'ok');
    const scorable = answering.length === 0 || answering.some((m) => typeof e.scores.get(m)!.get(id)!.get(metric.name) === 'number');
    if (!scorable) continue;
    const status = e.cells.get(model)!.get(id)!.status;
    const v = e.scores.get(model)!.get(id)!.get(metric.name);
    if (typeof v === 'number') out.push(v);
    else if (metric.kind === 'binary' && (status === 'error' || status === 'missing')) out.push(0);
  }
  return out;
}

/** The common subset of a metric: every model ok, and scored by every model that scores the metric anywhere. */
export function commonIds(e: Expected, suite: OracleRecord[], models: string[], metric: string): string[] {
  const scorers = models.filter((m) => suite.some((r) => typeof e.scores.get(m)!.get(r.recordId)!.get(metric) === 'number'));
  return suite.map((r) => r.recordId).filter((id) =>
    models.every((m) => e.cells.get(m)!.get(id)!.status === 'ok') &&
    scorers.every((m) => typeof e.scores.get(m)!.get(id)!.get(metric) === 'number'));
}

/** Per tag: records carrying it and the mean of each model × metric over its scored records. */
export function tagMeans(e: Expected, suite: OracleRecord[], models: string[], metrics: OracleMetric[]): Map<string, { records: number; means: Record<string, Record<string, number | null>> }> {
  const out = new Map<string, { records: number; means: Record<string, Record<string, number | null>> }>();
  const tags = [...new Set(suite.flatMap((r) => r.tags))];
  for (const tag of tags) {
    const ids = suite.filter((r) => r.tags.includes(tag)).map((r) => r.recordId);
    const means: Record<string, Record<string, number | null>> = {};
    // Under the default policy, like the headline: unanswered records count as failures in a binary metric.
    for (const m of models) means[m] = Object.fromEntries(metrics.map((x) => [x.name, mean(headlineValues(e, models, m, x, ids))]));
    out.set(tag, { records: ids.length, means });
  }
  return out;
}

/** A lone surrogate cannot be written as UTF-8: a UTF-8 file holds U+FFFD in its place. */
export function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** A text cell as a UTF-8 CSV holds it without neutralisation: well-formed, NUL shown as ␀ (U+2400). */
export function csvText(text: string): string {
  return wellFormed(text).replaceAll('\u0000', '\u2400');
}

/**
 * A text cell as a UTF-8 CSV holds it: the documented formula neutralisation (docs/reports.md: a `'` before a formula
 * start, also after NULs or a BOM, and before a formula character right after a `;`), then as {@link csvText}.
 */
export function neutralised(text: string): string {
  const inner = text.replace(/;([ \t"\u00A0\u3000]*)(?=[=+\-@＝＋－＠])/g, ";$1'");
  return csvText(/^[\u0000\s]*[=+\-@\t\r＝＋－＠]/.test(inner) ? `'${inner}` : inner);
}
