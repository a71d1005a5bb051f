// Helpers shared by the CLI verbs: loading config, opening a run context, printing.
import path from 'node:path';
import type { ResolvedConfig } from '../../types/config.ts';
import type { RunSummary } from '../../types/results.ts';
import { metricsText } from '../metrics-text.ts';
import type { ReportPaths } from '../../report/write-reports.ts';
import { table } from '../table.ts';
import { loadConfig } from '../../config/load.ts';
import type { Ledger } from '../../run/ledger.ts';
import type { RunContext } from '../../run/context.ts';
import type { OpenTarget } from '../../pipeline/target.ts';
import { openRun as pipelineOpenRun, runContext as pipelineRunContext, type RunHost } from '../../pipeline/open-run.ts';
export { openLockedTarget, warnIfConfigChanged } from '../../pipeline/open-run.ts';
import type { CliIo } from '../io.ts';
import type { Log } from '../../types/ports.ts';
import { judgeCost, pairwiseLine, verdictCounts } from '../../report/html/judge-section.ts';
import { progressDisplay } from '../../realtime/progress.ts';
import { batchProgressDisplay } from '../batch-progress-display.ts';
import { outsideText, printable } from '../../safe-text.ts';
import { footnote } from '../footnote.ts';
import { fmtCost } from '../../report/html/format.ts';
import { billedCostSplit, billedModeLabel } from '../../report/mode-label.ts';
import { adviceFor, type Advice } from '../../advice.ts';
import { summaryGate, verdictLine } from '../../report/summary-md.ts';
import { runFields } from '../json-output.ts';
import { modelsAnsweringNone } from '../answered-none.ts';

export interface CommonArgs {
  config?: string;
}

export function makeLog(io: CliIo): Log {
  const stamp = () => new Date().toISOString().slice(11, 19);
  // Log lines carry job messages, ARNs and service errors: each prints as exactly one line, with no escape sequence
  // or credential from them.
  return {
    info: (line) => io.stdout.write(`${stamp()} ${outsideText(line)}\n`),
    warn: (line) => io.stderr.write(`${stamp()} warning: ${outsideText(line)}\n`),
  };
}

export async function config(io: CliIo, args: CommonArgs): Promise<ResolvedConfig> {
  return loadConfig(io.cwd, args.config);
}

/** The `beval …` commands this invocation prints as advice: with its `--config`, as typed. */
export function advice(args: CommonArgs): Advice {
  return adviceFor(args.config);
}

/** What this invocation gives the run stages: its log, Ctrl-C, the crash drill hook, realtime progress and --debug. */
export function runHost(io: CliIo): RunHost {
  return {
    log: makeLog(io),
    ...(io.signal ? { signal: io.signal } : {}), ...(io.crashAt ? { crashAt: io.crashAt } : {}), ...(io.debug ? { debug: io.debug } : {}),
    // Realtime progress and batch jobs' record counts between their state changes are drawn on stdout (on a
    // terminal's live line, src/cli/live-line.ts, which every other line clears first).
    realtimeProgress: progressDisplay({ print: (t) => io.stdout.write(t), ...(io.live ? { live: io.live } : {}) }),
    batchProgress: batchProgressDisplay({ print: (t) => io.stdout.write(t), ...(io.live ? { live: io.live } : {}) }),
  };
}

/** The context the run stages receive, with the CLI's signal and crash hook passed down. */
export function runContext(io: CliIo, cfg: ResolvedConfig, dir: string, ledger: Ledger, target: OpenTarget, advice: Advice): RunContext {
  return pipelineRunContext(runHost(io), cfg, dir, ledger, target, advice);
}

/** {@link pipelineOpenRun} for this invocation. */
export async function openRun(io: CliIo, cfg: ResolvedConfig, runId: string | undefined, command: string, advice: Advice): Promise<{ ctx: RunContext; target: OpenTarget }> {
  return pipelineOpenRun(runHost(io), cfg, runId, command, advice);
}

/**
 * The end of a finished run's output: the one-line verdict summary.md opens with (unless a gate follows and says its
 * own), and the run's fields for --json.
 */
export function finishRun(io: CliIo, dir: string, summary: RunSummary, paths: ReportPaths, opts: { gateFollows?: boolean } = {}): void {
  if (!opts.gateFollows) io.stdout.write(`\n${verdictLine(summary, summaryGate(summary))}\n`);
  io.result?.(runFields(summary, dir, paths));
}

export function printPaths(io: CliIo, dir: string, p: ReportPaths): void {
  const rel = (f: string) => path.relative(io.cwd, f) || f;
  // Reports left out by --reports are not listed (summary.csv and results.json are always written).
  const lines: [string, string | undefined][] = [
    ['run directory', dir], ['summary', p.summaryCsv], ['records', p.recordsCsv], ['scores', p.scoresCsv], ['results', p.resultsJson],
    ['parquet', p.resultsParquet], ['report', p.reportHtml], ['markdown', p.summaryMd], ['judges', p.judgesCsv],
  ];
  io.stdout.write(lines.filter(([, f]) => f !== undefined).map(([what, f]) => `  ${`${what}:`.padEnd(15)}${rel(f!)}\n`).join(''));
  if (p.summaryMd) io.wroteSummary?.(p.summaryMd);
}

/**
 * After a finished run with records that did not answer: the command that sends only those again (`beval rerun`).
 * Nothing for a cancelled run, whose records a rerun does not send, nor for models that answered none of theirs.
 */
export function rerunHint(summary: RunSummary, advice: Advice, cancelled: boolean): string {
  // A model that answered nothing (a wrong ID, no access, a refused job) gets its own advice: sending again would not help.
  const none = new Set(modelsAnsweringNone(summary));
  const unanswered = summary.perModel.filter((m) => !none.has(m)).reduce((n, m) => n + m.errors + m.missing + m.notRun, 0);
  if (!unanswered || cancelled) return '';
  // The command on a line of its own, whole, to copy (a footnote under 100 characters would break it).
  return `${footnote(`${unanswered} record(s) have no answer (error, missing or not run). This sends only those again, as a new attempt of this run:`)}\n  ${advice.rerun(summary.runId)}\n`;
}

/**
 * What a finished run says on the terminal: one row per model (ok / error / missing / not-run, job states), every
 * reconciliation note, each metric per model against the baseline, then the judges.
 */
export function coverageText(summary: RunSummary): string {
  const rows = [['MODEL', 'RECORDS', 'OK', 'ERROR', 'MISSING', 'NOT-RUN', 'FILTERED', 'JOBS']];
  for (const m of summary.perModel) {
    const jobs = Object.entries(m.jobs ?? {}).map(([status, n]) => `${n} ${status}`).join(', ');
    rows.push([m.model.label, String(m.records), String(m.ok), String(m.errors), String(m.missing), String(m.notRun), String(m.filtered ?? 0), jobs]);
  }
  // A reconciliation note stays one line (it quotes a service's message someone may search a CI log for); the judge
  // lines under the tables wrap under 100 characters (footnote.ts), continuation lines indented under their first.
  const notes = summary.perModel.flatMap((m) => (m.notes ?? []).map((n) => `  ${printable(`${m.model.label}: ${n}`)}`));
  // `beval rerun`: how many records went again, and which attempt each counted answer came from; when the rerun went
  // the other way, what each mode's answers cost (the words of report.html's *Reruns* and summary.md's cost cell).
  const reruns = summary.perModel.filter((m) => m.retried).map((m) => {
    const by = Object.entries(m.answersByAttempt ?? {}).sort(([a], [b]) => Number(a) - Number(b)).map(([a, n]) => `attempt ${a}: ${n}`).join(', ');
    const cost = m.billedByMode ? `\n${footnote(printable(`${m.model.label}: cost ${m.cost === undefined ? 'unknown' : fmtCost(m.cost)} (${billedModeLabel(m)}) = ${billedCostSplit(m)}`), { indent: '  ', hanging: '    ' })}` : '';
    return `  ${printable(m.model.label)}: ${m.retried} record(s) retried; answers counted from ${by || 'no attempt'}${cost}`;
  });
  const judge = summary.judge ? `\n${footnote(`Judges: ${verdictCounts(summary.judge)}. Judge cost: ${judgeCost(summary.judge)}.`)}\n${(summary.judge.pairwise ?? []).map((p) => `${footnote(pairwiseLine(p), { indent: '  ', hanging: '    ' })}\n`).join('')}` : '';
  const metrics = metricsText(summary);
  // `beval run --reuse`: answers taken from earlier runs, and their cost, which is not in this run's.
  const reused = summary.perModel.filter((m) => m.reused).map((m) => {
    const r = m.reused!;
    const from = Object.entries(r.fromRuns).map(([id, n]) => `${n} from ${id}`).join(', ');
    return `  ${printable(m.model.label)}: ${r.records} answer(s) reused (${from})${r.cost !== undefined ? `, their cost $${r.cost.toFixed(4)} paid by those runs, not counted in this one` : ''}`;
  });
  // A run of part of the suite says so above its figures (`beval score` prints only this, not the run's start).
  const selection = summary.suite.selection ? `${footnote(`Records: ${summary.suite.selection}.`)}\n\n` : '';
  return `${selection}${table(rows)}\n${reused.length ? `\nReused answers (not sent again; --no-reuse sends every record):\n${reused.join('\n')}\n` : ''}${reruns.length ? `\nReruns (the newest answer of each record counts):\n${reruns.join('\n')}\n` : ''}${notes.length ? `\nNotes:\n${notes.join('\n')}\n` : ''}${metrics ? `\n${metrics}` : ''}${judge}`;
}
