// Budget lines of the bench: a budget, what was measured, PASS/MISS and by how much (pure, unit-tested).

/** A budget and whether it held. */
export interface BudgetCheck {
  name: string;
  limit: string;
  measured: string;
  ok: boolean;
  /** How far off, in the budget's own terms ("over by 0.30×; needs 1.20× its speed"), when missed. */
  miss?: string;
}

export function budgetLines(checks: readonly BudgetCheck[]): string {
  return checks.map((c) => `${c.ok ? 'PASS' : 'MISS'}  ${c.name}: ${c.measured} (budget ${c.limit})${c.miss ? ` — ${c.miss}` : ''}`).join('\n');
}
