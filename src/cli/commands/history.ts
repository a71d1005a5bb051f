// `beval history`: writes one offline HTML page over the runs of one suite (docs/history.md).
import fs from 'node:fs';
import path from 'node:path';
import { BevalError } from '../../errors.ts';
import { EXIT, type CliIo } from '../io.ts';
import { config, type CommonArgs } from './shared.ts';
import { runState } from './status.ts';
import { indexRuns, suiteName } from '../../history/run-index.ts';
import { historyPage } from '../../history/history-page.ts';

export interface HistoryArgs extends CommonArgs {
  runIds?: string[];
  suite?: string;
  out?: string;
}

export async function historyCommand(io: CliIo, args: HistoryArgs): Promise<number> {
  const cfg = await config(io, args);
  const all = indexRuns(cfg.outDir, runState);
  let runs;
  let suite: string;
  if (args.runIds?.length) {
    const byId = new Map(all.map((e) => [e.runId, e]));
    runs = args.runIds.map((id) => byId.get(id) ?? (() => { throw new BevalError('USAGE', `No run ${id} in ${cfg.outDir} (\`beval runs\` lists them).`); })());
    const names = [...new Set(runs.map((r) => r.suite.name))];
    if (names.length > 1) throw new BevalError('USAGE', `The runs given are of different suites (${names.join(', ')}); a history page follows one suite.`);
    suite = names[0]!;
    runs.sort((a, b) => a.runId.localeCompare(b.runId));
  } else {
    suite = args.suite ?? suiteName(cfg.suite);
    runs = all.filter((e) => e.suite.name === suite);
  }
  const scored = runs.filter((r) => r.headline !== undefined);
  if (!scored.length) throw new BevalError('USAGE', `No scored run of suite "${suite}" in ${cfg.outDir}${all.length ? ` (suites there: ${[...new Set(all.map((e) => e.suite.name))].join(', ')}; choose one with --suite)` : ''}.`);
  const out = path.resolve(io.cwd, args.out ?? path.join(cfg.outDir, 'history.html'));
  // Links to each run's report are relative to the page, so the folder can be moved or zipped as a whole.
  for (const r of scored) if (r.report) r.report = path.relative(path.dirname(out), path.join(cfg.outDir, r.report)).split(path.sep).join('/');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(`${out}.tmp`, historyPage(suite, scored));
  fs.renameSync(`${out}.tmp`, out);
  const skipped = runs.length - scored.length;
  io.stdout.write(`History of ${suite}: ${scored.length} run(s)${skipped ? ` (${skipped} without results left out)` : ''}\n  page: ${path.relative(io.cwd, out) || out}\n`);
  return EXIT.ok;
}
