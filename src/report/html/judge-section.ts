// The judge stage in the report header: judge tokens and cost (apart from generation), verdict provenance, pairwise rates.
import type { JudgeTotals, PairwiseSummary, RunSummary } from '../../types/results.ts';
import { escapeHtml } from './escape.ts';
import { fmtCost, fmtInt } from './format.ts';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** `23.7% [16.2–31.2%]`: a rate with its 95% Wilson interval. */
export function fmtRate(r: PairwiseSummary['winRate']): string {
  return r ? `${pct(r.rate)} [${pct(r.ci.low)}–${pct(r.ci.high)}]` : '–';
}

/** One line per candidate: `verbose vs arith (judge-pairwise, 117 judged): win … · tie … · loss …`. */
export function pairwiseLine(p: PairwiseSummary): string {
  return `${p.candidate} vs ${p.baseline} (${p.metric}, ${p.judged} judged): win ${fmtRate(p.winRate)} · tie ${fmtRate(p.tieRate)} · loss ${fmtRate(p.lossRate)}`;
}

/** A plain-text summary of the verdicts' provenance, for the header and summary.csv. */
export function verdictCounts(j: JudgeTotals): string {
  return `${fmtInt(j.cachedVerdicts)} verdicts from the cache, ${fmtInt(j.freshVerdicts)} new, ${fmtInt(j.unscored)} judge scores unscored${j.skipped ? `, ${fmtInt(j.skipped)} requests skipped (below the batch minimum)` : ''}`;
}

/**
 * What the judge cost counts, beside it: the judge requests this run sent (every collect and rerun of it, padding
 * copies included), not the verdicts the cache gave, which earlier runs paid for. For the header and the terminal.
 */
export function judgeCost(j: JudgeTotals): string {
  const cost = j.cost === undefined ? 'unknown (no judge price configured)' : fmtCost(j.cost);
  const padded = j.padded ? ` and ${fmtInt(j.padded)} padding cop${j.padded === 1 ? 'y' : 'ies'}` : '';
  return `${cost} for the ${fmtInt(j.freshVerdicts)} judge request(s)${padded} this run sent; the ${fmtInt(j.cachedVerdicts)} verdict(s) from the cache cost nothing here`;
}

/** Header facts for the judge stage, or '' when the run has no judges. */
export function judgeFacts(summary: RunSummary): string {
  const j = summary.judge;
  if (!j) return '';
  const pairs = (j.pairwise ?? []).map((p) => `<li>${escapeHtml(pairwiseLine(p))}</li>`).join('');
  return `<div><dt>Judge tokens</dt><dd>${fmtInt(j.inputTokens)} in · ${fmtInt(j.outputTokens)} out</dd></div>
<div><dt>Judge cost</dt><dd>${escapeHtml(judgeCost(j))}</dd></div>
<div><dt>Judge verdicts</dt><dd>${escapeHtml(verdictCounts(j))}</dd></div>${pairs ? `
<div class="pairwise"><dt>Pairwise</dt><dd><ul>${pairs}</ul></dd></div>` : ''}`;
}
