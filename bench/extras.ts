// The bench's other figures, measured by other engineers' functions: report size/paint at scale and gate simulation.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimulateOptions, SimulateResult } from '../src/gate/simulate.ts';
import { runInChild } from './spawn.ts';

const CHROMIUM = '/usr/bin/chromium';
const REPORT_SCALE = fileURLToPath(new URL('./report-scale.ts', import.meta.url));

export interface ExtrasInput {
  tmp: string;
  reportScale: { records: number; models: number };
  gateTrials: number;
  log: (line: string) => void;
}

export interface ExtrasResult {
  lines: string[];
  notes: string[];
  figures: { reportScale?: unknown; gate?: { options: SimulateOptions; result: SimulateResult }[] };
}

/** Flattens whatever runReportScaleBench returns into `key: value` lines (its shape is its owner's to choose). */
function flatten(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [`  ${prefix}: ${typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(2) : String(value)}`];
  return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

export async function runExtras(input: ExtrasInput): Promise<ExtrasResult> {
  const lines: string[] = [];
  const notes: string[] = [];
  const figures: ExtrasResult['figures'] = {};
  const { records, models } = input.reportScale;
  if (!fs.existsSync(CHROMIUM)) notes.push(`Report scale skipped: ${CHROMIUM} not found (apt-get install -y chromium).`);
  else if (!fs.existsSync(REPORT_SCALE)) notes.push('Report scale skipped: bench/report-scale.ts is not in this checkout yet.');
  else {
    input.log(`  report scale: ${records}×${models} report.html in Chromium…`);
    const dir = path.join(input.tmp, 'report-scale');
    fs.mkdirSync(dir, { recursive: true });
    try {
      const run = await runInChild({ kind: 'report-scale', records, models, dir });
      figures.reportScale = run.detail;
      lines.push(`HTML report at ${records.toLocaleString('en-US')}×${models} (bench/report-scale.ts):`, ...flatten(run.detail), '');
    } catch (e) {
      notes.push(`Report scale failed: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  const gate = await gateSimulation(input.gateTrials, input.log);
  figures.gate = gate.figures;
  lines.push(...gate.lines);
  return { lines, notes, figures };
}

/**
 * The gate's false-alarm rate and power by simulation (src/gate/simulate.ts), on a child process: accuracy at three true
 * differences, and the always-on answered-share rule at three candidate error rates. `npm run bench -- --only gate`
 * runs only this.
 */
export async function gateSimulation(trials: number, log: (line: string) => void): Promise<{ lines: string[]; figures: { options: SimulateOptions; result: SimulateResult }[] }> {
  log('  gate simulation…');
  const base = { n: 500, baseRate: 0.8, margin: 0.05, trials, seed: 20240611 };
  // Accuracy cases answer every record; the coverage cases keep accuracy equal and vary the error rates: 1% for both
  // (false alarms of the answered-share rule), then a candidate failing 3% and 5% of its records (its power).
  const coverage = [0.01, 0.03, 0.05].map((candidate) => ({ ...base, trueDiff: 0, errorRate: { baseline: 0.01, candidate } }));
  const options: SimulateOptions[] = [...[0, -0.05, -0.1].map((trueDiff) => ({ ...base, trueDiff })), ...coverage];
  const gate = await runInChild({ kind: 'simulate-gate', options });
  const sims = gate.detail as { options: SimulateOptions; result: SimulateResult }[];
  const at = (d: number): SimulateResult => sims.find((s) => s.options.trueDiff === d && !s.options.errorRate)!.result;
  const err = (c: number): SimulateResult => sims.find((s) => s.options.errorRate?.candidate === c)!.result;
  const lines = [
    `Regression gate simulation (n=${base.n} paired records, baseline rate ${base.baseRate}, margin δ=${base.margin}, ${base.trials} trials each):`,
    `  no true difference:         false regression alarms ${pct(at(0).regressionRate)}, passes ${pct(at(0).passRate)}`,
    `  true difference −δ (−0.05): wrongly passes ${pct(at(-0.05).passRate)} (nominal ≤ 2.5%)`,
    `  true difference −2δ (−0.1): power (regression flagged) ${pct(at(-0.1).regressionRate)}`,
    `  coverage rule (tolerance 1 point), equal accuracy, baseline errors on 1% of records:`,
    `    candidate errors 1%: false regression alarms ${pct(err(0.01).regressionRate)}, passes ${pct(err(0.01).passRate)}`,
    `    candidate errors 3%: power (regression flagged) ${pct(err(0.03).regressionRate)}`,
    `    candidate errors 5%: power (regression flagged) ${pct(err(0.05).regressionRate)}`,
  ];
  return { lines, figures: sims };
}
