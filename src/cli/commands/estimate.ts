// `beval estimate`: tokens and cost of the configured run before anything is spent; also printed by submit/run.
import { footnote } from '../footnote.ts';
import { printable } from '../../safe-text.ts';
import { loadSuite } from '../../suite/load-suite.ts';
import { estimateRun, type ModelEstimate, type RunEstimate } from '../../pricing/estimate.ts';
import type { ExecutionMode } from '../../types/results.ts';
import { DEFAULT_MAX_TOKENS, LIKELY_OUTPUT_TOKENS } from '../../pricing/tokens.ts';
import { DEFAULT_PRICES_DATE, DEFAULT_PRICES_REGION } from '../../pricing/default-prices.ts';
import { BevalError } from '../../errors.ts';
import type { ResolvedConfig } from '../../types/config.ts';
import { EXIT, type CliIo } from '../io.ts';
import { config, type CommonArgs } from './shared.ts';
import { table } from '../table.ts';
import { selectModels, selectSuiteRecords, type SelectionArgs } from './selection.ts';

const usd = (v: number | undefined) => (v === undefined ? 'n/a' : `$${v < 0.01 ? v.toFixed(4) : v.toFixed(2)}`);
const int = (n: number) => n.toLocaleString('en-US');

export function estimateTable(e: RunEstimate): string {
  const rows = [['MODEL', 'RECORDS', 'INPUT TOK', 'OUTPUT TOK (likely / max)', 'BATCH (likely / max)', 'ON-DEMAND (likely / max)']];
  for (const m of e.models) {
    rows.push([m.label, int(m.records), int(m.inputTokens), `${int(m.outputTokensLikely)} / ${int(m.outputTokensMax)}`,
      `${usd(m.batchLikely)} / ${usd(m.batchMax)}`, `${usd(m.onDemandLikely)} / ${usd(m.onDemandMax)}`]);
  }
  rows.push(['total', '', '', '', `${usd(e.batchLikely)} / ${usd(e.batchMax)}`, `${usd(e.onDemandLikely)} / ${usd(e.onDemandMax)}`]);
  const notes = [
    `Input ≈ 4 ASCII characters per token and 1 per other character (CJK, Cyrillic, emoji; images, documents and other non-text blocks counted from their encoded size); likely output assumes ${LIKELY_OUTPUT_TOKENS} tokens per record, max assumes every record writes its full maxTokens (without one, the model's output limit).`,
    `Prices: built-in ${DEFAULT_PRICES_REGION} table (rows dated, newest ${DEFAULT_PRICES_DATE}) or models[].pricing; batch = on-demand × (1 − batchDiscount: 0.5 where AWS lists a batch price, default 0.5 for models[].pricing).`,
  ];
  const atLimit = e.models.filter((m) => m.withoutMaxTokens > 0 && m.outputLimit !== undefined);
  if (atLimit.length) notes.push(`Records without maxTokens may write up to the model's output limit (Bedrock's default), and max counts them so: ${atLimit.map((m) => `${m.label} ${int(m.outputLimit!)} (${int(m.withoutMaxTokens)} records)`).join(', ')}.`);
  if (e.unbounded.length) notes.push(`No output limit known for ${e.unbounded.join(', ')}: max assumes ${int(DEFAULT_MAX_TOKENS)} tokens each, but Bedrock lets the model write up to its own limit; set inferenceConfig.maxTokens (in the suite or models[].inferenceConfig) for a real upper bound.`);
  if (e.unpriced.length) notes.push(`No price known for ${e.unpriced.join(', ')}: set models[].pricing.`);
  if (e.unpricedJudges.length) notes.push(`No price known for judge ${e.unpricedJudges.join(', ')}: set judges[].pricing.`);
  // Notes quote config labels, which may hold escape sequences or line breaks: printable, then wrapped under 100
  // characters (table() makes its cells printable too).
  return `${table(rows)}\n\n${notes.map((n) => footnote(n)).join('\n')}${e.judges?.length ? `\n\n${judgeTable(e)}` : ''}`;
}

/** The judge stage, apart from generation: requests, tokens and cost (batch, or on-demand if realtime) if no verdict is cached. */
function judgeTable(e: RunEstimate): string {
  const rows = [['JUDGE', 'MODEL', 'REQUESTS', 'INPUT TOK (likely / max)', 'OUTPUT TOK (likely / max)', 'PRICED AT', 'COST (likely / max)']];
  for (const j of e.judges ?? []) {
    rows.push([j.name, j.model, int(j.requests), `${int(j.inputTokens)} / ${int(j.inputTokensMax)}`, `${int(j.outputTokensLikely)} / ${int(j.outputTokensMax)}`,
      j.mode === 'realtime' ? 'on-demand' : j.paddedTo !== undefined ? `batch, padded to ${int(j.paddedTo)}` : 'batch', `${usd(j.costLikely)} / ${usd(j.costMax)}`]);
  }
  rows.push(['judges total', '', '', '', '', '', `${usd(e.judgeBatchLikely)} / ${usd(e.judgeBatchMax)}`]);
  const realtime = e.judges?.some((j) => j.mode === 'realtime') ? ' Judges priced on-demand have fewer requests than the batch minimum and judge.belowMinimum: \'realtime\'.' : '';
  const padded = e.judges?.some((j) => j.paddedTo !== undefined) ? ' Judges padded to the batch minimum (judge.belowMinimum: \'pad\') include the billed copies in their tokens and cost.' : '';
  return `${table(rows)}\n\n${footnote(`Judge requests assume nothing is cached yet (cached verdicts cost nothing); the likely input reads answers of ${LIKELY_OUTPUT_TOKENS} tokens, the max answers of their full maxTokens; judge prices: built-in table or judges[].pricing.${realtime}${padded}`)}`;
}

/**
 * Generation's upper and likely cost at the prices the records go at: one mode for the whole run, or per model key (a
 * rerun, whose models' records go batch or realtime by their number). Undefined where a price is unknown.
 */
function generationCost(e: RunEstimate, mode: ExecutionMode | ReadonlyMap<string, ExecutionMode>): { max?: number; likely?: number; label: string } {
  // A realtime run pays on-demand prices (no batch discount).
  if (typeof mode === 'string') return { max: mode === 'realtime' ? e.onDemandMax : e.batchMax, likely: mode === 'realtime' ? e.onDemandLikely : e.batchLikely, label: mode };
  const modeOf = (m: ModelEstimate): ExecutionMode => mode.get(m.key) ?? 'batch';
  const sum = (f: (m: ModelEstimate) => number | undefined): number | undefined =>
    e.models.some((m) => f(m) === undefined) ? undefined : e.models.reduce((n, m) => n + f(m)!, 0);
  return {
    max: sum((m) => (modeOf(m) === 'realtime' ? m.onDemandMax : m.batchMax)),
    likely: sum((m) => (modeOf(m) === 'realtime' ? m.onDemandLikely : m.batchLikely)),
    label: [...new Set(e.models.map(modeOf))].sort().join(' + '),
  };
}

/**
 * Refuses when the upper bound exceeds the budget, unless the user said --yes. `mode`: how generation goes, for the
 * whole run or per model key (see generationCost).
 */
export function checkBudget(cfg: ResolvedConfig, e: RunEstimate, yes: boolean | undefined, mode: ExecutionMode | ReadonlyMap<string, ExecutionMode> = 'batch'): void {
  if (cfg.budgetUsd === undefined || yes) return;
  // Judges are spent too: their upper bound (batch, or on-demand for judges that run realtime) counts against the budget.
  const { max: generation, likely: generationLikely, label } = generationCost(e, mode);
  // The built-in prices are us-east-1's; elsewhere (or where the SDK chain picks the Region) they are a guess.
  const region = cfg.target.kind === 'aws' ? cfg.target.region : DEFAULT_PRICES_REGION;
  const guessed = region === DEFAULT_PRICES_REGION ? [] : [
    ...cfg.models.filter((m) => !m.pricing).map((m) => `model ${m.label}`),
    ...(cfg.judges ?? []).filter((j) => !j.pricing).map((j) => `judge ${j.name}`),
  ];
  if (guessed.length) {
    throw new BevalError('BUDGET', `budgetUsd is set but the built-in prices are ${DEFAULT_PRICES_REGION}'s and this run is in ${region ?? 'the Region the SDK chain picks'}, where prices differ: set models[].pricing / judges[].pricing for ${guessed.join(', ')}, or pass --yes. Nothing was submitted.`);
  }
  const unknown = [
    ...(generation === undefined ? [`model ${e.unpriced.join(', ')} (set models[].pricing)`] : []),
    ...(e.unpricedJudges.length ? [`judge ${e.unpricedJudges.join(', ')} (set judges[].pricing)`] : []),
  ];
  // Records that may write up to an output limit beval does not know have no upper bound either.
  if (generation === undefined || unknown.length || e.unbounded.length) {
    const why = [
      ...(unknown.length ? [`no price is known for ${unknown.join(' and ')}`] : []),
      ...(e.unbounded.length ? [`no output limit is known for ${e.unbounded.join(', ')} (set inferenceConfig.maxTokens in the suite or models[].inferenceConfig)`] : []),
    ];
    const fix = [...(unknown.length ? ['the pricing'] : []), ...(e.unbounded.length ? ['maxTokens'] : [])].join(' and ');
    throw new BevalError('BUDGET', `budgetUsd is set but ${printable(why.join(', and '))}, so the run's cost has no upper bound. Nothing was submitted. Set ${fix}, or pass --yes to submit anyway.`);
  }
  const max = generation + (e.judgeBatchMax ?? 0);
  const likely = (generationLikely ?? 0) + (e.judgeBatchLikely ?? 0);
  // NaN or a negative total cannot be a bound (the config checks refuse the prices that would give one).
  if (!Number.isFinite(max) || max < 0) {
    throw new BevalError('BUDGET', `budgetUsd is set but the run's cost bound came out as ${max}, so it has no upper bound. Nothing was submitted. Check models[].pricing and judges[].pricing, or pass --yes.`);
  }
  if (max > cfg.budgetUsd) {
    throw new BevalError('BUDGET', `The ${label} run may cost up to ${usd(max)} (likely ${usd(likely)}), above budgetUsd ${usd(cfg.budgetUsd)}. Nothing was submitted. Lower maxTokens, trim the suite, or pass --yes.`);
  }
}

export async function estimateCommand(io: CliIo, args: CommonArgs & SelectionArgs): Promise<number> {
  const cfg = selectModels(await config(io, args), args.models);
  const suite = selectSuiteRecords(cfg, loadSuite(cfg.suite, cfg.configPath), args);
  if (suite.selection) io.stdout.write(`Records: ${suite.selection.description}.\n`);
  const estimate = estimateRun(cfg, suite);
  io.stdout.write(`${estimateTable(estimate)}\n`);
  io.result?.({ estimate });
  return EXIT.ok;
}
