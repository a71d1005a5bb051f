// `beval gate [runId]`: the regression gate's verdict table from stored results; exit 0 pass, 2 regression, 3 inconclusive.
import fs from 'node:fs';
import path from 'node:path';
import { resolveRunDir } from '../../run/run-dir.ts';
import { readResults } from '../../results/results-reader.ts';
import { GATE_FILE, gateJson, gateRun, readBaselineRun } from '../../gate/gate-run.ts';
import { verdictOptions } from '../../stats/compare-tables.ts';
import { gateExitCode } from '../../gate/index.ts';
import { BevalError } from '../../errors.ts';
import type { CliIo } from '../io.ts';
import type { ResolvedConfig } from '../../types/config.ts';
import { advice, config, type CommonArgs } from './shared.ts';
import { table } from '../table.ts';
import { printable } from '../../safe-text.ts';
import { gateJunitXml } from '../../gate/junit.ts';
import { reportLink, summaryMarkdown, verdictLine } from '../../report/summary-md.ts';
import { finishedRunExit, modelsAnsweringNone, reportAnsweredNone } from '../answered-none.ts';

/** Throws when the config has no gate section (checked by `run --gate` before it submits anything). */
export function requireGate(cfg: ResolvedConfig): asserts cfg is ResolvedConfig & { gate: NonNullable<ResolvedConfig['gate']> } {
  if (!cfg.gate) throw new BevalError('CONFIG', `${cfg.configPath} has no \`gate\` section: add gate: { rules: [{ metric: "numeric", margin: 0.02 }] } (every candidate must also answer within gate.coverageTolerance, default 0.01 = one point, of the baseline's answered share).`);
}

/**
 * Exits with the verdict's code, or 1 when the gate passed but a model of the run answered none of its records.
 * `answeredNoneShown`: `run --gate` printed those models' lines under its coverage table already.
 */
export async function gateCommand(io: CliIo, args: CommonArgs & { runId?: string }, opts: { answeredNoneShown?: boolean } = {}): Promise<number> {
  const cfg = await config(io, args);
  requireGate(cfg);
  const says = advice(args);
  const dir = resolveRunDir(cfg.outDir, args.runId, says);
  const current = await readResults(dir, says);
  const baseline = await readBaselineRun(cfg, io.cwd, says);
  const result = gateRun({ gate: cfg.gate, current, ...(baseline ? { baselineRun: baseline } : {}), seed: cfg.seed, opts: verdictOptions(cfg) });
  const rows = [['CANDIDATE', 'METRIC', 'RULE', 'VERDICT', 'EVIDENCE'], ...result.rows.map((r) => [r.candidate, r.metric, r.rule, r.verdict.toUpperCase(), r.evidence])];
  const compared = result.rows.length ? table(rows) : 'No candidate to compare: the run has no model besides the baseline (or gate.candidates is empty), so the gate checked nothing.';
  const paired = result.pairing ? ` (run ${printable(result.pairing.runId)}, ${result.pairing.paired} of ${result.pairing.records} records paired by recordId${result.pairing.subset ? '; a subset: the suites differ' : ''})` : '';
  io.stdout.write(`Gate for run ${printable(current.summary.runId)} against ${printable(result.baselineLabel)}${paired}:\n\n${compared}\n\nVerdict: ${result.verdict.toUpperCase()}\n`);
  fs.writeFileSync(path.join(dir, GATE_FILE), gateJson(result));
  // For CI: the JUnit report (one case per row) and summary.md again, now with this gate (a baselineRun gate is known
  // only here).
  const gateOut = { verdict: result.verdict, baseline: result.baselineLabel, rows: result.rows };
  fs.writeFileSync(path.join(dir, 'gate.junit.xml'), gateJunitXml({ runId: current.summary.runId, timestamp: current.summary.createdAt, ...gateOut }));
  const summaryMd = path.join(dir, 'summary.md');
  fs.writeFileSync(summaryMd, summaryMarkdown(current.summary, { gate: gateOut, ...reportLink(process.env) }));
  io.wroteSummary?.(summaryMd);
  io.stdout.write(`\n${verdictLine(current.summary, gateOut)}\n`);
  io.result?.({ runId: current.summary.runId, runDir: dir, gate: { ...gateOut, comparisons: result.comparisons }, files: { gateJson: path.join(dir, GATE_FILE), gateJunit: path.join(dir, 'gate.junit.xml'), summaryMd } });
  const answeredNone = opts.answeredNoneShown ? modelsAnsweringNone(current.summary).length > 0 : reportAnsweredNone(io, current.summary, says);
  return finishedRunExit(gateExitCode(result.verdict), answeredNone);
}
