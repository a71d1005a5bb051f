// `beval compare <runA> <runB>`: run B against run A, model by model, paired by recordId (docs/compare.md). Writes
// compare.json and compare.html; exits 0 whatever the verdicts (a viewer: `beval gate` is the gate).
import path from 'node:path';
import { BevalError } from '../../errors.ts';
import { EXIT, type CliIo } from '../io.ts';
import { advice, config, type CommonArgs } from './shared.ts';
import { table } from '../table.ts';
import { printable } from '../../safe-text.ts';
import { makeDir } from '../../make-dir.ts';
import { writeFileAtomicSync } from '../../write-all.ts';
import { readResults } from '../../results/results-reader.ts';
import { locateBaselineRun } from '../../gate/gate-run.ts';
import { verdictOptions } from '../../stats/compare-tables.ts';
import { fmtDiff, fmtValue } from '../../report/html/format.ts';
import { compareRuns, type PairSpec } from '../../history/compare-runs.ts';
import { explorerRows, findChanges, type StoredRun } from '../../history/compare-records.ts';
import { compareDocument, type CompareDocument } from '../../history/compare-document.ts';
import { comparePage } from '../../history/compare-page.ts';

export interface CompareArgs extends CommonArgs {
  runA: string;
  runB: string;
  pair?: string[];
  subset?: boolean;
  out?: string;
}

/** `--pair a=b`, each side a model's key, label or Bedrock model ID. */
export function parsePairs(given: string[] | undefined): PairSpec[] | undefined {
  if (!given?.length) return undefined;
  return given.map((p) => {
    const at = p.indexOf('=');
    if (at <= 0 || at === p.length - 1) throw new BevalError('USAGE', `--pair ${JSON.stringify(p)}: expected <model of run A>=<model of run B> (a key, label or model ID on each side), e.g. --pair arith=arith.`);
    return { a: p.slice(0, at), b: p.slice(at + 1) };
  });
}

/** A run id (unique prefix, `latest`) under outDir, or a run folder or results.json path. */
async function openRun(ref: string, where: { outDir: string }, io: CliIo, args: CommonArgs): Promise<StoredRun> {
  const says = advice(args);
  const results = await readResults(locateBaselineRun(where, ref, io.cwd, says), says);
  return { dir: path.dirname(results.file), results };
}

const range = (ci: { low: number; high: number } | null, kind: 'binary' | 'continuous', f = fmtValue) => (ci ? `[${f(ci.low, kind)}, ${f(ci.high, kind)}]` : '');

function summaryText(doc: CompareDocument): string {
  const rows = [['PAIR (A → B)', 'METRIC', 'A', 'B', 'B − A [95% CI]', 'VERDICT', 'N PAIRED']];
  for (const p of doc.pairs) {
    for (const m of p.metrics) {
      const c = m.comparison;
      rows.push([
        `${p.a.label} → ${p.b.label}`, m.metric,
        `${fmtValue(m.a.mean, m.kind)} ${range(m.a.ci, m.kind)}`.trim(), `${fmtValue(m.b.mean, m.kind)} ${range(m.b.ci, m.kind)}`.trim(),
        `${fmtDiff(c.difference, c.kind)} ${range(c.ci, c.kind, fmtDiff)}`.trim(), c.verdict, `${c.paired} of ${doc.records.paired}`,
      ]);
    }
  }
  const lines = doc.pairs.map((p) => {
    const verdicts = p.metrics.map((m) => `${m.metric} ${m.comparison.verdict} (${fmtDiff(m.comparison.difference, m.kind)})`).join(', ');
    const ch = p.changes;
    return printable(`${p.a.label} → ${p.b.label}: ${verdicts || 'no metric in common'}; ${ch.regressed} regressed, ${ch.fixed} fixed, ${ch.changedText} changed text of ${ch.textCompared} both replied to.`);
  });
  const { a, b } = doc.unmatched;
  const unmatched = a.length || b.length ? `\n${printable(`Not compared (no counterpart; use --pair): run A ${a.join(', ') || 'none'}; run B ${b.join(', ') || 'none'}.`)}` : '';
  return `${table(rows)}\n\n${lines.join('\n')}${unmatched}\n`;
}

export async function compareCommand(io: CliIo, args: CompareArgs): Promise<number> {
  const cfg = await config(io, args);
  const pairs = parsePairs(args.pair);
  const a = await openRun(args.runA, cfg, io, args);
  const b = await openRun(args.runB, cfg, io, args);
  const cmp = compareRuns({ a: a.results, b: b.results, ...(pairs ? { pairs } : {}), allowSubset: args.subset === true, opts: verdictOptions(cfg), seed: cfg.seed });
  const { changed, counts } = await findChanges(a, b, cmp);
  const doc = compareDocument({ a, b, cmp, changed, counts });
  const { rows, flags } = await explorerRows(a, b, cmp, changed);
  const dir = path.resolve(io.cwd, args.out ?? path.join(cfg.outDir, `compare-${a.results.summary.runId}-vs-${b.results.summary.runId}`));
  makeDir(dir);
  const files = { compareJson: path.join(dir, 'compare.json'), compareHtml: path.join(dir, 'compare.html') };
  writeFileAtomicSync(files.compareJson, `${JSON.stringify(doc, null, 2)}\n`);
  writeFileAtomicSync(files.compareHtml, comparePage(doc, rows, flags));
  io.result?.({ compare: doc, files });
  io.stdout.write(`Run B ${printable(doc.runB.runId)} against run A ${printable(doc.runA.runId)}. ${doc.records.statement}\n\n${summaryText(doc)}\n  json:   ${path.relative(io.cwd, files.compareJson) || files.compareJson}\n  report: ${path.relative(io.cwd, files.compareHtml) || files.compareHtml}\n`);
  return EXIT.ok;
}
