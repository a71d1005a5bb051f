// The sequence of `beval rerun` up to the plan: read each record's status → choose the records → estimate and let the
// caller approve (print, budget) → plan the attempt into the ledger. Submitting and collecting it are a run's own
// stages (src/pipeline/run.ts), so a rerun is carried on by `beval rerun` again, `run --resume` or `collect` alike.
import path from 'node:path';
import { BevalError } from '../errors.ts';
import type { RunContext } from '../run/context.ts';
import { modelRunMode, type ExecutionMode, type LedgerModel, type RerunRecord } from '../run/ledger.ts';
import { attemptMode, pendingRerun, planRerun, recordStatuses, rerunModel, type RerunSelection, type RerunStatus } from '../run/rerun.ts';
import { loadSuite } from '../suite/load-suite.ts';
import { estimateSubset } from '../pricing/subset-estimate.ts';
import type { RunEstimate } from '../pricing/estimate.ts';
import { didYouMean } from '../did-you-mean.ts';

export type RerunStart =
  /** A rerun planned earlier and not collected yet (interrupted or killed): carried on, nothing planned again. */
  | { state: 'continuing'; rerun: RerunRecord }
  /** No record of the chosen models has a status in `only`. */
  | { state: 'nothing' }
  | { state: 'planned'; rerun: RerunRecord; modes: AttemptModelMode[] };

/** The models of the run that `names` (labels, keys or IDs) choose; all of them when it is empty. */
function chooseModels(ctx: RunContext, names: string[]): LedgerModel[] {
  // Judge jobs sit in the ledger's own `judges` section: `models` are the models under evaluation.
  const models = ctx.ledger.models;
  const unknown = names.filter((n) => !models.some((m) => m.label === n || m.id === n || m.key === n));
  if (unknown.length) {
    const labels = models.map((m) => m.label);
    throw new BevalError('USAGE', unknown.map((n) => `--models: no model "${n}" in run ${ctx.ledger.runId}${didYouMean(n, labels)} (models: ${labels.join(', ')})`).join('\n'));
  }
  return names.length ? models.filter((m) => names.includes(m.label) || names.includes(m.id) || names.includes(m.key)) : models;
}

/** How one model's records of an attempt go: batch, or realtime (under the batch minimum, or no S3 location: on-demand prices). */
export interface AttemptModelMode {
  model: LedgerModel;
  records: number;
  mode: ExecutionMode;
  /** The model's own mode in the run (its first attempt's, ModelInfo.mode): the prices its answers paid so far. */
  runMode: ExecutionMode;
}

/**
 * Plans the next attempt of a collected run for the records whose status is in `only` (for the models `models`
 * names), or finds the one planned before. `approve` sees the estimate of just those records and the mode each
 * model's will go (the prices they pay); it throws to refuse, before anything is written.
 */
export async function startRerun(ctx: RunContext, opts: { only: RerunStatus[]; models: string[] }, approve: (estimate: RunEstimate, records: number, modes: AttemptModelMode[]) => void | Promise<void>): Promise<RerunStart> {
  const pending = pendingRerun(ctx.ledger);
  if (pending) return { state: 'continuing', rerun: pending };
  const { ledger, config } = ctx;
  if (ledger.phase === 'cancelled') {
    throw new BevalError('USAGE', `Run ${ledger.runId} was cancelled; a rerun does not send a cancelled run's records again. Start a new run (\`${ctx.advice.command('run')}\`).`);
  }
  if (ledger.phase !== 'collected') {
    throw new BevalError('USAGE', `Run ${ledger.runId} is ${ledger.phase}, not collected: \`${ctx.advice.collect(ledger.runId)}\` finishes it first; a rerun sends again what a collected run did not answer.`);
  }
  const models = chooseModels(ctx, opts.models);
  // The suite as the run ran it (only the chosen lines after --limit/--sample): record indices are its positions.
  const suite = loadSuite(path.join(ctx.dir, 'suite.jsonl'));
  const selections: RerunSelection[] = [];
  for (const model of models) {
    const statuses = await recordStatuses(ctx.dir, model, suite);
    selections.push({ model, indices: statuses.flatMap((s, i) => (s !== 'ok' && opts.only.includes(s) ? [i] : [])) });
  }
  const total = selections.reduce((n, s) => n + s.indices.length, 0);
  if (!total) return { state: 'nothing' };
  const modeOf = (records: number): ExecutionMode => attemptMode(config, ledger, records);
  // Before the estimate (which prices the config's models): each model must still be there, with the same ID.
  for (const s of selections) if (s.indices.length) rerunModel(config, ledger, s.model);
  // Judges: the records sent again get new answers to judge (the others' verdicts are in the run already).
  const judged = [...new Set(selections.flatMap((s) => s.indices))].sort((x, y) => x - y);
  const estimate = estimateSubset(config, suite, selections.map((s) => ({ key: s.model.key, indices: s.indices })), judged);
  // Each model's records at the prices of the mode they go (attemptShards decides it by the same rule).
  const modes = selections.filter((s) => s.indices.length).map((s) => ({ model: s.model, records: s.indices.length, mode: modeOf(s.indices.length), runMode: modelRunMode(s.model) }));
  await approve(estimate, total, modes);
  const rerun = planRerun(config, ledger, ctx.dir, suite, selections, opts.only, new Date(ctx.clock.now()));
  return { state: 'planned', rerun, modes };
}
