// The execution mode a report names beside a model's cost, the same words in every report: the run's own mode when it
// billed every answer (as before reruns existed), else each mode that billed answers, the run's own first, those only
// a `beval rerun` ran marked so: "batch + realtime (rerun)". One mode never stands for a cost two modes made.
import type { BilledInMode, ModelSummary } from '../types/results.ts';

export function billedModeLabel(pm: Pick<ModelSummary, 'model' | 'billedByMode'>): string {
  if (!pm.billedByMode) return pm.model.mode;
  return pm.billedByMode.map((b) => (b.mode === pm.model.mode ? b.mode : `${b.mode} (rerun)`)).join(' + ');
}

/** The prices a mode bills at, in the estimate's words. */
export function pricesOf(b: Pick<BilledInMode, 'mode'>): string {
  return b.mode === 'batch' ? 'batch prices' : 'on-demand prices';
}
