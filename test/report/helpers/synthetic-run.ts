// Builders for synthetic report data: record rows with small cell helpers, and a RunSummary computed from them.
import type {
  Comparison,
  MetricInfo,
  MetricSummary,
  ModelInfo,
  ModelSummary,
  RecordCell,
  RecordRow,
  RunSummary,
  ScoreCell,
} from '../../../src/types/results.ts';

export const ok = (text: string, scores: (ScoreCell | null)[], extra: Partial<RecordCell> = {}): RecordCell => ({
  status: 'ok',
  text,
  stopReason: 'end_turn',
  inputTokens: 12,
  outputTokens: Math.max(1, Math.round(text.length / 4)),
  latencyMs: 420,
  scores,
  ...extra,
});
export const errored = (code: string, message: string, metrics: number): RecordCell => ({
  status: 'error',
  error: { code, message },
  scores: new Array<ScoreCell | null>(metrics).fill(null),
});
export const missing = (metrics: number): RecordCell => ({ status: 'missing', scores: new Array<ScoreCell | null>(metrics).fill(null) });
export const notRun = (metrics: number): RecordCell => ({ status: 'not-run', scores: new Array<ScoreCell | null>(metrics).fill(null) });
export const pass = (reason = 'Output matches'): ScoreCell => ({ value: 1, pass: true, reason });
export const fail = (reason = 'Output does not match'): ScoreCell => ({ value: 0, pass: false, reason });
export const value = (v: number, reason = `similarity ${v}`): ScoreCell => ({ value: v, reason });

export function model(key: string, extra: Partial<ModelInfo> = {}): ModelInfo {
  return { key, label: extra.label ?? key.toUpperCase(), modelId: `vendor.${key}-v1:0`, mode: 'batch', ...extra };
}

function wilson(passed: number, n: number): { low: number; high: number } | null {
  if (n === 0) return null;
  const z = 1.96;
  const p = passed / n;
  const den = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / den;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / den;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

interface MetricAcc { sum: number; sumSq: number; n: number; passed: number }

/** Accumulates rows one at a time (so a 50,000-record bench never holds them) and produces a RunSummary. */
export class SummaryBuilder {
  private readonly acc: MetricAcc[][];
  private readonly counts: { ok: number; error: number; missing: number; 'not-run': number; filtered: number; inTok: number; outTok: number; stop: Record<string, number>; codes: Record<string, number> }[];
  private readonly tagAcc = new Map<string, { records: number; acc: MetricAcc[][] }>();
  private readonly paired: { bp: number; cp: number; n: number; wins: number; losses: number; bsum: number; csum: number }[][];
  private records = 0;

  constructor(
    private readonly models: ModelInfo[],
    private readonly metrics: MetricInfo[],
    private readonly opts: { baseline?: string; suitePath?: string; pricePerMTok?: Record<string, number>; gate?: RunSummary['gate'] } = {},
  ) {
    const grid = (): MetricAcc[][] => models.map(() => metrics.map(() => ({ sum: 0, sumSq: 0, n: 0, passed: 0 })));
    this.acc = grid();
    this.counts = models.map(() => ({ ok: 0, error: 0, missing: 0, 'not-run': 0, filtered: 0, inTok: 0, outTok: 0, stop: {}, codes: {} }));
    this.paired = models.map(() => metrics.map(() => ({ bp: 0, cp: 0, n: 0, wins: 0, losses: 0, bsum: 0, csum: 0 })));
    this.newGrid = grid;
  }
  private readonly newGrid: () => MetricAcc[][];

  add(row: RecordRow): void {
    this.records++;
    const bi = this.models.findIndex((m) => m.key === this.opts.baseline);
    for (const tag of row.tags) {
      const t = this.tagAcc.get(tag) ?? { records: 0, acc: this.newGrid() };
      t.records++;
      this.tagAcc.set(tag, t);
    }
    row.cells.forEach((cell, mi) => {
      const c = this.counts[mi]!;
      c[cell.status]++;
      c.inTok += cell.inputTokens ?? 0;
      c.outTok += cell.outputTokens ?? 0;
      if (cell.stopReason) c.stop[cell.stopReason] = (c.stop[cell.stopReason] ?? 0) + 1;
      if (cell.error) c.codes[cell.error.code] = (c.codes[cell.error.code] ?? 0) + 1;
      cell.scores.forEach((s, xi) => {
        if (!s || s.value === null) return;
        const grids = [this.acc, ...row.tags.map((t) => this.tagAcc.get(t)!.acc)];
        for (const g of grids) {
          const a = g[mi]![xi]!;
          a.sum += s.value;
          a.sumSq += s.value * s.value;
          a.n++;
          if (s.pass) a.passed++;
        }
        const b = bi >= 0 ? row.cells[bi]?.scores[xi] : null;
        if (bi >= 0 && mi !== bi && b && b.value !== null) {
          const p = this.paired[mi]![xi]!;
          p.n++;
          p.bsum += b.value;
          p.csum += s.value;
          if (b.pass === true && s.pass === false) p.losses++;
          if (b.pass === false && s.pass === true) p.wins++;
        }
      });
    });
  }

  build(): RunSummary {
    const perModel: ModelSummary[] = this.models.map((model, mi) => {
      const c = this.counts[mi]!;
      const metrics: MetricSummary[] = this.metrics.map((m, xi) => this.metricSummary(this.acc[mi]![xi]!, m));
      const price = this.opts.pricePerMTok?.[model.key];
      const out: ModelSummary = {
        model, records: this.records, ok: c.ok, errors: c.error, missing: c.missing, notRun: c['not-run'], filtered: c.filtered,
        inputTokens: c.inTok, outputTokens: c.outTok, stopReasons: c.stop, errorCodes: c.codes,
        latencyP50: 400, latencyP95: 900, metrics,
      };
      if (price !== undefined) out.cost = ((c.inTok + c.outTok) / 1e6) * price;
      return out;
    });
    const comparisons: Comparison[] = [];
    const baseline = this.opts.baseline;
    if (baseline) {
      this.models.forEach((cand, mi) => {
        if (cand.key === baseline) return;
        this.metrics.forEach((metric, xi) => {
          const p = this.paired[mi]![xi]!;
          const diff = p.n ? (p.csum - p.bsum) / p.n : null;
          const pValue = p.wins + p.losses > 0 ? Math.min(1, 2 * Math.exp(-Math.abs(p.wins - p.losses))) : null;
          comparisons.push({
            baseline, candidate: cand.key, metric: metric.name, kind: metric.kind, paired: p.n,
            baselineMean: p.n ? p.bsum / p.n : null, candidateMean: p.n ? p.csum / p.n : null, difference: diff,
            ci: diff === null ? null : { low: diff - 0.1, high: diff + 0.1 }, pValue, pAdjusted: pValue === null ? null : Math.min(1, pValue * 2),
            wins: p.wins, losses: p.losses,
            verdict: diff === null ? 'inconclusive' : pValue !== null && pValue < 0.05 ? (diff > 0 ? 'better' : 'worse') : 'inconclusive',
          });
        });
      });
    }
    const totals = { inputTokens: 0, outputTokens: 0, cost: undefined as number | undefined };
    for (const pm of perModel) {
      totals.inputTokens += pm.inputTokens;
      totals.outputTokens += pm.outputTokens;
      if (pm.cost !== undefined) totals.cost = (totals.cost ?? 0) + pm.cost;
    }
    const summary: RunSummary = {
      schemaVersion: 2,
      runId: 'run-20250101-000000-test',
      createdAt: '2025-01-01T00:00:00.000Z',
      suite: { path: this.opts.suitePath ?? 'suites/synthetic.jsonl', sha256: 'ab'.repeat(32), records: this.records },
      models: this.models,
      metrics: this.metrics,
      perModel,
      comparisons,
      tags: [...this.tagAcc.entries()].map(([tag, t]) => ({
        tag,
        records: t.records,
        means: Object.fromEntries(this.models.map((m, mi) => [m.key, Object.fromEntries(this.metrics.map((x, xi) => [x.name, this.metricSummary(t.acc[mi]![xi]!, x).mean]))])),
      })),
      totals: totals.cost === undefined ? { inputTokens: totals.inputTokens, outputTokens: totals.outputTokens } : (totals as RunSummary['totals']),
    };
    if (baseline) summary.baseline = baseline;
    if (this.opts.gate) summary.gate = this.opts.gate;
    return summary;
  }

  private metricSummary(a: MetricAcc, m: MetricInfo): MetricSummary {
    const mean = a.n ? a.sum / a.n : null;
    let ci = null;
    if (m.kind === 'binary') ci = wilson(a.passed, a.n);
    else if (mean !== null && a.n > 1) {
      const sd = Math.sqrt(Math.max(0, a.sumSq / a.n - mean * mean));
      ci = { low: mean - (1.96 * sd) / Math.sqrt(a.n), high: mean + (1.96 * sd) / Math.sqrt(a.n) };
    }
    const out: MetricSummary = { metric: m.name, kind: m.kind, mean, ci, scored: a.n, expected: this.records };
    if (m.kind === 'binary') out.passed = a.passed;
    return out;
  }
}

/** A RunSummary for rows already in memory (small tests). */
export function summarise(models: ModelInfo[], metrics: MetricInfo[], rows: RecordRow[], opts: ConstructorParameters<typeof SummaryBuilder>[2] = {}): RunSummary {
  const b = new SummaryBuilder(models, metrics, opts);
  for (const row of rows) b.add(row);
  return b.build();
}
