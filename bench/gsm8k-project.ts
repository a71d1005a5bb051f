// Prepares the GSM8K bench project: the recorded outputs cycled to N records, replayed by a fast-paced emulator.
import fs from 'node:fs';
import path from 'node:path';
import { GSM8K_RECORDED_MODELS, writeGsm8kFiles } from '../src/datasets/gsm8k.ts';
import { readLedger } from '../src/run/ledger.ts';
import { BENCH_SCORERS } from './synthetic.ts';

/** True when the GSM8K data the workload needs is present (it lives in the workplace's shared folder, not the repo). */
export function gsm8kPresent(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'test.jsonl')) && fs.existsSync(path.join(dataDir, 'model_solutions.jsonl'));
}

/**
 * Writes suite, recordings and eval.config.ts into `dir`. The emulator's job pacing is set to "as fast as it can":
 * the outputs are already known, so the bench measures beval's own work, not a simulated queue.
 */
export function writeGsm8kProject(dataDir: string, dir: string, records: number): { config: string } {
  const files = writeGsm8kFiles(dataDir, dir, { records });
  const models = Object.entries(GSM8K_RECORDED_MODELS).map(([label, id]) => ({ id, label }));
  const config = path.join(dir, 'eval.config.ts');
  fs.writeFileSync(config, `export default ${JSON.stringify({
    suite: 'suite.jsonl', models, baseline: '175b_verification', scorers: BENCH_SCORERS,
    target: { kind: 'emulator', replay: files.replay, timing: { stepMs: 5, recordsPerSecond: 1e9 } },
    polling: { initialMs: 20, maxMs: 100 },
  })};\n`);
  return { config };
}

/** The run id and every downloaded .jsonl.out file of a finished run. */
export function runOutputs(runDir: string): { runId: string; files: string[]; bytes: number } {
  const ledger = readLedger(runDir);
  const files = ledger.models.flatMap((m) => m.shards.flatMap((s) => (s.downloaded ?? []).map((f) => path.join(runDir, f))));
  const bytes = files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
  return { runId: ledger.runId, files, bytes };
}
