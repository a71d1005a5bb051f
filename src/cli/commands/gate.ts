// `beval gate [runId]`: the regression gate's verdict table from stored results; exit 0 pass, 2 regression, 3 inconclusive.
import fs from 'node:fs';
import path from 'node:path';
import { resolveRunDir } from '../../run/run-dir.ts';
import { readResults } from '../../results/results-reader.ts';
import { gateRun } from '../../gate/gate-run.ts';
import { gateExitCode } from '../../gate/index.ts';
import { BevalError } from '../../errors.ts';
import type { CliIo } from '../io.ts';
import type { ResolvedConfig } from '../../types/config.ts';
import { advice, config, type CommonArgs } from './shared.ts';
import { table } from '../table.ts';
import { printable } from '../../safe-text.ts';
import { finishedRunExit, modelsAnsweringNone, reportAnsweredNone } from '../answered-none.ts';

/** Throws when the config has no gate section (checked by `run --gate` before it submits anything). */
export function requireGate(cfg: ResolvedConfig): asserts cfg is ResolvedConfig & { gate: NonNullable<ResolvedConfig['gate']> } {
  if (!cfg.gate) throw new BevalError('CONFIG', `${cfg.configPath} has no \`gate\` section: add gate: { rules: [{ metric: "numeric", margin: 0.02 }] }.`);
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
  const current = await readResults(dir);
  const { baselineRun, ...gate } = cfg.gate;
  const baseline = baselineRun
    ? await readResults(fs.existsSync(path.resolve(io.cwd, baselineRun)) ? path.resolve(io.cwd, baselineRun) : resolveRunDir(cfg.outDir, baselineRun, says))
    : undefined;
  const result = gateRun({ gate, current, ...(baseline ? { baselineRun: baseline } : {}), seed: cfg.seed });
  const rows = [['CANDIDATE', 'METRIC', 'RULE', 'VERDICT', 'EVIDENCE'], ...result.rows.map((r) => [r.candidate, r.metric, r.rule, r.verdict.toUpperCase(), r.evidence])];
  const compared = result.rows.length ? table(rows) : 'No candidate to compare: the run has no model besides the baseline (or gate.candidates is empty), so the gate checked nothing.';
  io.stdout.write(`Gate for run ${printable(current.summary.runId)} against ${printable(result.baselineLabel)}:\n\n${compared}\n\nVerdict: ${result.verdict.toUpperCase()}\n`);
  fs.writeFileSync(path.join(dir, 'gate.json'), JSON.stringify({ schemaVersion: 1, baseline: result.baselineLabel, verdict: result.verdict, rows: result.rows, comparisons: result.comparisons }, null, 2));
  const answeredNone = opts.answeredNoneShown ? modelsAnsweringNone(current.summary).length > 0 : reportAnsweredNone(io, current.summary, says);
  return finishedRunExit(gateExitCode(result.verdict), answeredNone);
}
