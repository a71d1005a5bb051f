// --limit, --sample/--seed and --models for `run`, `submit` and `estimate`: part of the suite and some of the models,
// for quick iterations. The run records what it ran (ledger `selection`), and the reports say so.
import { BevalError } from '../../errors.ts';
import type { ResolvedConfig } from '../../types/config.ts';
import { didYouMean } from '../../did-you-mean.ts';
import { readSuiteText, type Suite } from '../../suite/load-suite.ts';
import { selectSuite } from '../../suite/select-records.ts';

export interface SelectionArgs {
  limit?: number;
  sample?: number;
  seed?: number;
  /** Comma-separated labels, keys or ids of the config's models. */
  models?: string;
}

export function hasSelection(args: SelectionArgs): boolean {
  return args.limit !== undefined || args.sample !== undefined || args.models !== undefined;
}

/** The config with only the models --models names (by label, key or id); the baseline must be among them. */
export function selectModels(cfg: ResolvedConfig, models: string | undefined): ResolvedConfig {
  if (models === undefined) return cfg;
  const names = models.split(',').map((n) => n.trim()).filter(Boolean);
  if (!names.length) throw new BevalError('USAGE', '--models needs model labels separated by commas, e.g. --models arith,verbose');
  const known = cfg.models.flatMap((m) => [m.label, m.key, m.id]);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length) throw new BevalError('USAGE', unknown.map((n) => `--models: no model "${n}" in ${cfg.configPath}${didYouMean(n, cfg.models.map((m) => m.label))} (models: ${cfg.models.map((m) => m.label).join(', ')})`).join('\n'));
  const chosen = cfg.models.filter((m) => names.includes(m.label) || names.includes(m.key) || names.includes(m.id));
  const base = cfg.models.find((m) => m.key === cfg.baseline);
  if (base && chosen.length > 1 && !chosen.includes(base)) {
    throw new BevalError('USAGE', `--models leaves out the baseline "${base.label}", which every other model is compared with: add it (--models ${[base.label, ...chosen.map((m) => m.label)].join(',')}).`);
  }
  const keys = new Set(chosen.map((m) => m.key));
  const gate = cfg.gate ? { ...cfg.gate, ...(cfg.gate.candidates ? { candidates: cfg.gate.candidates.filter((c) => keys.has(c)) } : {}) } : undefined;
  return { ...cfg, models: chosen, ...(base && keys.has(base.key) ? {} : { baseline: chosen[0]!.key }), ...(gate ? { gate } : {}) };
}

/** The suite with only the records --limit or --sample chooses. */
export function selectSuiteRecords(cfg: ResolvedConfig, suite: Suite, args: SelectionArgs): Suite {
  if (args.limit === undefined && args.sample === undefined) return suite;
  try {
    return selectSuite(suite, readSuiteText(suite.path, cfg.configPath), {
      ...(args.limit !== undefined ? { limit: args.limit } : {}), ...(args.sample !== undefined ? { sample: args.sample } : {}),
      ...(args.seed !== undefined ? { seed: args.seed } : {}),
    });
  } catch (e) {
    if (e instanceof RangeError) throw new BevalError('USAGE', e.message);
    throw e;
  }
}
