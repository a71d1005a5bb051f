// A model's cost from its scored table: each billed answer (ok or filtered) at the price of the execution mode whose
// attempt answered it, so a batch run's `beval rerun` that went realtime bills those answers on-demand.
import type { BilledInMode, ExecutionMode } from '../types/results.ts';
import type { ModelBilling } from '../types/pricing.ts';
import { costUsd } from '../pricing/cost.ts';
import { STATUS, type ModelTable } from '../score/model-table.ts';

export interface ModelCost {
  /** This run's new spend; undefined when a mode that billed answers (or the run's own) has no known price. */
  cost?: number;
  /** What the reused answers cost the runs that paid for them, at the run's own mode. */
  reusedCost?: number;
  /** Per mode, when answers came from another mode than the run's own (ModelSummary.billedByMode). */
  billedByMode?: BilledInMode[];
}

/**
 * `mode` is the run's own (ModelInfo.mode: its first attempt's); `reused` the answers `--reuse` took, which are
 * lines of the first attempt (planned before the first ledger write) and cost this run nothing.
 */
export function modelCost(t: ModelTable, mode: ExecutionMode, billing: ModelBilling, reused?: { answers: number; inputTokens: number; outputTokens: number }): ModelCost {
  // The run's own mode first: it is always priced (an unknown price leaves the cost unknown, as for a run never rerun).
  const byMode = new Map<ExecutionMode, BilledInMode>([[mode, { mode, answers: 0, inputTokens: 0, outputTokens: 0 }]]);
  for (let i = 0; i < t.status.length; i++) {
    if (t.status[i] !== STATUS.ok && t.status[i] !== STATUS.filtered) continue;
    const m = billing.attemptModes[t.attempt[i]!] ?? mode;
    let b = byMode.get(m);
    if (!b) byMode.set(m, (b = { mode: m, answers: 0, inputTokens: 0, outputTokens: 0 }));
    b.answers++;
    b.inputTokens += t.inputTokens[i]!;
    b.outputTokens += t.outputTokens[i]!;
  }
  const own = byMode.get(mode)!;
  if (reused) {
    own.answers -= reused.answers;
    own.inputTokens -= reused.inputTokens;
    own.outputTokens -= reused.outputTokens;
  }
  const parts = [...byMode.values()];
  for (const b of parts) {
    const price = billing.prices[b.mode];
    if (price) b.cost = costUsd(price, b.inputTokens, b.outputTokens, b.mode);
  }
  const cost = parts.every((b) => b.cost !== undefined) ? parts.slice(1).reduce((n, b) => n + b.cost!, own.cost!) : undefined;
  const ownPrice = billing.prices[mode];
  const reusedCost = ownPrice && reused ? costUsd(ownPrice, reused.inputTokens, reused.outputTokens, mode) : undefined;
  return {
    ...(cost !== undefined ? { cost } : {}),
    ...(reusedCost !== undefined ? { reusedCost } : {}),
    ...(parts.length > 1 ? { billedByMode: parts.filter((b) => b.answers > 0) } : {}),
  };
}
