// Writes a synthetic, already-collected run directory (suite, ledger, Bedrock-format .jsonl.out files, manifests).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileStamp } from '../src/run/local-outputs.ts';
import path from 'node:path';
import { batchModelOutput } from '../src/emulator/converse-format.ts';
import { writeLedger, type Ledger, type LedgerModel } from '../src/run/ledger.ts';

/** What the bench needs to know about a run directory it prepared. */
export interface BenchRun {
  /** Project folder holding eval.config.ts; the run lives in `<project>/reports/<runId>`. */
  project: string;
  config: string;
  runId: string;
  runDir: string;
  /** Every .jsonl.out file of the run (absolute paths). */
  outputFiles: string[];
  outputBytes: number;
  records: number;
  models: number;
}

/** Options for {@link writeSyntheticRun}. */
export interface SyntheticOptions {
  dir: string;
  records: number;
  models: number;
  /** Approximate characters of model text per output line (the line also echoes the ~1 KB prompt). @default 700 */
  textChars?: number;
}

/** The scorers every bench workload turns on: numeric, exact match and contains. */
export const BENCH_SCORERS = ['numeric', 'equals', 'contains'] as const;

const WORDS = 'first we compute the total number of items then subtract what was given away and multiply by the price per unit so the result follows'.split(' ');

/** A deterministic 32-bit hash, so the generated data is identical on every run. */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}

function prose(seed: number, chars: number): string {
  const parts: string[] = [];
  let len = 0;
  for (let k = 0; len < chars; k++) {
    const w = WORDS[mix(seed, k) % WORDS.length]!;
    const piece = k % 17 === 16 ? `${w} ${mix(seed, k) % 1000}.\n` : `${w} `;
    parts.push(piece);
    len += piece.length;
  }
  return parts.join('');
}

function suiteLine(i: number): { line: string; inputJson: string; answer: number } {
  const answer = mix(i, 7) % 10000;
  const modelInput = {
    messages: [{ role: 'user', content: [{ text: `Problem ${i}: ${prose(i, 900)}\nGive the final answer on a last line "A: <number>".` }] }],
    inferenceConfig: { maxTokens: 512 },
  };
  const inputJson = JSON.stringify(modelInput);
  const line = `{"recordId":"${recordId(i)}","modelInput":${inputJson},"expected":"${answer}","tags":["t${i % 5}"]}`;
  return { line, inputJson, answer };
}

/** Model m answers record i correctly with a probability that rises with m (so comparisons have something to find). */
function modelText(i: number, m: number, answer: number, chars: number): string {
  const correct = mix(i, 1000 + m) % 100 < 55 + 4 * m;
  const given = correct ? answer : answer + 1 + (mix(i, m) % 50);
  return `${prose(i * 31 + m, chars)}\nA: ${given}`;
}

function recordId(i: number): string {
  return `r${String(i).padStart(6, '0')}`;
}

function modelKey(m: number): string {
  return `model-${m}`;
}

/** Writes the run and returns where everything is. Files are written in ~4 MiB chunks. */
export function writeSyntheticRun(opts: SyntheticOptions): BenchRun {
  const { dir, records, models } = opts;
  const textChars = opts.textChars ?? 700;
  const runId = 'bench';
  const runDir = path.join(dir, 'reports', runId);
  fs.mkdirSync(runDir, { recursive: true });
  const inputs: { line: string; inputJson: string; answer: number }[] = [];
  for (let i = 0; i < records; i++) inputs.push(suiteLine(i));
  const suiteText = `${inputs.map((r) => r.line).join('\n')}\n`;
  fs.writeFileSync(path.join(runDir, 'suite.jsonl'), suiteText);
  const outputFiles: string[] = [];
  let outputBytes = 0;
  const ledgerModels: LedgerModel[] = [];
  for (let m = 0; m < models; m++) {
    const key = modelKey(m);
    const rel = path.join('outputs', key, 'shard-0', 'input.jsonl.out');
    const file = path.join(runDir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fd = fs.openSync(file, 'w');
    let parts: string[] = [];
    let pending = 0;
    let inTok = 0;
    let outTok = 0;
    // Size and sha256 of each file, as a download records them (ledger `received`): `beval score` checks them.
    const hash = createHash('sha256');
    let fileBytes = 0;
    // Real batch output is not in input order; a fixed stride permutation is enough to defeat any ordering luck.
    const stride = records > 7919 ? 7919 : 1;
    for (let j = 0; j < records; j++) {
      const i = (j * stride) % records;
      const rec = inputs[i]!;
      const text = modelText(i, m, rec.answer, textChars);
      const inputTokens = 230 + (i % 40);
      const outputTokens = Math.round(text.length / 4);
      inTok += inputTokens;
      outTok += outputTokens;
      // The same bytes JSON.stringify({ recordId, modelInput, modelOutput }) gives, without re-encoding the prompt.
      const output = JSON.stringify(batchModelOutput({ ok: true, text, stopReason: 'end_turn', inputTokens, outputTokens }));
      const line = `{"recordId":"${recordId(i)}","modelInput":${rec.inputJson},"modelOutput":${output}}\n`;
      parts.push(line);
      pending += line.length;
      if (pending >= 4 << 20) {
        const chunk = parts.join('');
        hash.update(chunk);
        fileBytes += fs.writeSync(fd, chunk);
        parts = [];
        pending = 0;
      }
    }
    const chunk = parts.join('');
    hash.update(chunk);
    fileBytes += fs.writeSync(fd, chunk);
    outputBytes += fileBytes;
    fs.closeSync(fd);
    outputFiles.push(file);
    const manifest = path.join('outputs', key, 'shard-0', 'manifest.json.out');
    const manifestText = JSON.stringify({
      totalRecordCount: records, processedRecordCount: records, successRecordCount: records, errorRecordCount: 0,
      inputTokenCount: inTok, outputTokenCount: outTok,
    });
    fs.writeFileSync(path.join(runDir, manifest), manifestText);
    const received = [
      { file: rel, bytes: fileBytes, sha256: hash.digest('hex'), ...fileStamp(file) },
      { file: manifest, bytes: Buffer.byteLength(manifestText), sha256: createHash('sha256').update(manifestText).digest('hex'), ...fileStamp(path.join(runDir, manifest)) },
    ];
    ledgerModels.push({
      key, id: `bench.${key}`, label: key,
      shards: [{
        index: 0, start: 0, end: records, mode: 'batch', files: [],
        inputUri: `s3://bench/in/${key}/`, outputUri: `s3://bench/out/${key}/`, jobName: `bench-${key}`, clientRequestToken: `bench-${key}`,
        jobArn: `arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/bench${m}`, status: 'Completed',
        counts: { total: records, processed: records, success: records, error: 0 },
        downloaded: [rel], manifest, received,
      }],
    });
  }
  const now = new Date(0).toISOString();
  const ledger: Ledger = {
    // Version 1: without judges it is the same shape as version 2, and every beval since reads it (a 2 is migrated
    // from it), so an A/B bench against a commit from before version 2 scores the same run.
    version: 1 as unknown as Ledger['version'], runId, createdAt: now, updatedAt: now, phase: 'collected', configPath: 'eval.config.ts', target: 'emulator',
    suite: { path: 'suite.jsonl', sha256: createHash('sha256').update(suiteText).digest('hex'), records }, s3: { bucket: 'bench', prefix: '' }, models: ledgerModels,
  };
  writeLedger(runDir, ledger);
  const config = path.join(dir, 'eval.config.ts');
  const modelList = ledgerModels.map((m) => ({ id: m.id, label: m.label }));
  fs.writeFileSync(config, `export default ${JSON.stringify({ suite: 'reports/bench/suite.jsonl', models: modelList, baseline: modelKey(0), scorers: BENCH_SCORERS })};\n`);
  return { project: dir, config, runId, runDir, outputFiles, outputBytes, records, models };
}
