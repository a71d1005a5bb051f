// The gate simulation figures (`npm run bench -- --only gate`), measured by src/gate/simulate.ts in a child process.
import type { SimulateOptions, SimulateResult } from '../src/gate/simulate.ts';
import { runInChild } from './spawn.ts';

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
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
