// The execution mode a report names beside a model's cost, the same words in every report: the run's own mode when it
// billed every answer (as before reruns existed), else each mode that billed answers, the run's own first, those only
// a `beval rerun` ran marked so: "batch + realtime (rerun)". One mode never stands for a cost two modes made.
import type { BilledInMode, ModelSummary } from '../types/results.ts';
import { fmtCost, fmtInt } from './html/format.ts';

export function billedModeLabel(pm: Pick<ModelSummary, 'model' | 'billedByMode'>): string {
  if (!pm.billedByMode) return pm.model.mode;
  return pm.billedByMode.map((b) => (b.mode === pm.model.mode ? b.mode : `${b.mode} (rerun)`)).join(' + ');
}

/** The prices a mode bills at, in the estimate's words. */
function pricesOf(b: Pick<BilledInMode, 'mode'>): string {
  return b.mode === 'batch' ? 'batch prices' : 'on-demand prices';
}

/**
 * What each mode's answers cost, the run's own first, for the HTML report's *Reruns* list and the terminal's: "$1.16 at
 * batch prices (185 answer(s)) + $0.1530 at on-demand prices (15 answer(s) of reruns)". Empty when one mode billed
 * every answer. Plain text of numbers and fixed words only (no model text), so it needs no escaping.
 */
export function billedCostSplit(pm: Pick<ModelSummary, 'model' | 'billedByMode'>): string {
  if (!pm.billedByMode) return '';
  // A mode without a known price says so instead of a dash that reads like zero: the total is then unknown too.
  const cost = (b: BilledInMode): string => (b.cost === undefined ? `unknown (no ${b.mode} price)` : fmtCost(b.cost));
  return pm.billedByMode.map((b) => `${cost(b)} at ${pricesOf(b)} (${fmtInt(b.answers)} answer(s)${b.mode === pm.model.mode ? '' : ' of reruns'})`).join(' + ');
}
