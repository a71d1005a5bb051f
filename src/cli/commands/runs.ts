// `beval runs`: every run in outDir with its suite, models, headline metric (with coverage), gate verdict and cost.
import { EXIT, type CliIo } from '../io.ts';
import { config, type CommonArgs } from './shared.ts';
import { runState } from './status.ts';
import { table } from '../table.ts';
import { indexRuns, matchRun, type RunEntry } from '../../history/run-index.ts';

export interface RunsArgs extends CommonArgs {
  json?: boolean;
  suite?: string;
  model?: string;
}

function fmtMean(m: RunEntry['models'][number]['metrics'][number]): string {
  if (m.mean === null) return '-';
  return m.kind === 'binary' ? `${(m.mean * 100).toFixed(1)}%` : m.mean.toFixed(3);
}

/** `arith 95.0% (100%)`: the headline metric's mean, then its coverage (scored / expected) in brackets. */
function headlineCell(e: RunEntry): string {
  if (!e.headline) return '-';
  return e.models.map((m) => {
    const x = m.metrics.find((mm) => mm.metric === e.headline);
    if (!x) return `${m.label} -`;
    const coverage = x.expected ? `${Math.round((100 * x.scored) / x.expected)}%` : '-';
    return `${m.label} ${fmtMean(x)} (${coverage})`;
  }).join(', ');
}

export async function runsCommand(io: CliIo, args: RunsArgs): Promise<number> {
  const cfg = await config(io, args);
  const entries = indexRuns(cfg.outDir, runState).filter((e) => matchRun(e, args));
  // Under --json, main prints one document with these fields on stdout and this command's table goes to stderr.
  io.result?.({ outDir: cfg.outDir, runs: entries });
  if (!entries.length) {
    io.stdout.write(`No runs in ${cfg.outDir}${args.suite !== undefined || args.model !== undefined ? ' match the filters' : ''}.\n`);
    return EXIT.ok;
  }
  const rows = [['RUN', 'CREATED', 'SUITE', 'RECORDS', 'HEADLINE (coverage)', 'GATE', 'COST', 'STATE']];
  for (const e of entries) {
    if (e.problem && !e.createdAt) {
      rows.push([e.runId, '-', '-', '-', '-', '-', '-', `${e.state} (${e.problem})`]);
      continue;
    }
    rows.push([
      e.runId, e.createdAt.slice(0, 19).replace('T', ' '), `${e.suite.name} ${e.suite.sha256.slice(0, 8)}`, String(e.suite.records),
      e.headline ? `${e.headline}: ${headlineCell(e)}` : `${e.models.map((m) => m.label).join(', ')}: no results yet`,
      e.gate ?? '-', e.cost !== undefined ? `$${e.cost.toFixed(4)}` : '-', e.problem ? `${e.state} (${e.problem})` : e.state,
    ]);
  }
  io.stdout.write(`${table(rows)}\n`);
  return EXIT.ok;
}
