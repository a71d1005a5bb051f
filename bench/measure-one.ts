// Ad-hoc: `npx tsx bench/measure-one.ts <dir> <records> <models> [copyReportsTo]` generates a synthetic run once and times one `beval score` child.
import fs from 'node:fs';
import path from 'node:path';
import { runInChild } from './spawn.ts';
import { writeSyntheticRun, type BenchRun } from './synthetic.ts';

const [dir = '/tmp/beval-measure', recordsArg = '3000', modelsArg = '4', copyTo] = process.argv.slice(2);
const meta = path.join(dir, 'bench-run.json');
let run: BenchRun;
if (fs.existsSync(meta)) run = JSON.parse(fs.readFileSync(meta, 'utf8')) as BenchRun;
else {
  run = writeSyntheticRun({ dir, records: Number(recordsArg), models: Number(modelsArg) });
  fs.writeFileSync(meta, JSON.stringify(run));
}
const scored = await runInChild({ kind: 'score', config: run.config, runId: run.runId });
process.stdout.write(`${run.records}×${run.models}: work ${(scored.workMs / 1000).toFixed(2)} s, peak RSS ${(scored.maxRssBytes / 2 ** 20).toFixed(0)} MiB\n`);
if (copyTo) {
  fs.mkdirSync(copyTo, { recursive: true });
  for (const f of ['summary.csv', 'records.csv', 'scores.csv', 'results.json', 'report.html']) fs.copyFileSync(path.join(run.runDir, f), path.join(copyTo, f));
}
