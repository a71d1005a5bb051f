// Splits a suite into batch jobs and input files within Bedrock's per-model quotas. Pure.
import { BevalError } from '../errors.ts';
import type { ResolvedConfig } from '../types/config.ts';

export interface Slice {
  start: number;
  end: number;
}

export interface ShardPlan extends Slice {
  files: Slice[];
}

/** Splits [0, n) into `parts` contiguous slices whose sizes differ by at most one. */
export function balancedSlices(start: number, end: number, parts: number): Slice[] {
  const n = end - start;
  const out: Slice[] = [];
  let at = start;
  for (let i = 0; i < parts; i++) {
    const size = Math.floor(n / parts) + (i < n % parts ? 1 : 0);
    out.push({ start: at, end: at + size });
    at += size;
  }
  return out;
}

function bytesOf(prefix: Float64Array, s: Slice): number {
  return prefix[s.end]! - prefix[s.start]!;
}

/** Fewest balanced slices of [start,end) such that each holds ≤ maxRecords records and ≤ maxBytes bytes. */
function split(prefix: Float64Array, whole: Slice, maxRecords: number, maxBytes: number, what: string): Slice[] {
  const n = whole.end - whole.start;
  let parts = Math.max(1, Math.ceil(n / maxRecords), Math.ceil(bytesOf(prefix, whole) / maxBytes));
  for (; parts <= n; parts++) {
    const slices = balancedSlices(whole.start, whole.end, parts);
    if (slices.every((s) => bytesOf(prefix, s) <= maxBytes)) return slices;
  }
  throw new BevalError('QUOTA', `A single record is larger than the ${what} limit of ${maxBytes} bytes.`);
}

/**
 * Plans jobs and files for one model's batch input.
 * @param lineBytes size in bytes of each record's JSONL line, newline included
 */
export function planShards(lineBytes: ArrayLike<number>, quotas: ResolvedConfig['quotas'], modelLabel: string): ShardPlan[] {
  const n = lineBytes.length;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + lineBytes[i]!;
  if (n < quotas.minRecordsPerJob) {
    throw new BevalError('QUOTA',
      `The suite has ${n} records, below Bedrock batch's minimum of ${quotas.minRecordsPerJob} records per job (model ${modelLabel}). ` +
      `Nothing was uploaded. Add records to the suite, run it in realtime (--realtime / mode 'auto') where available, ` +
      `or, if your account's quota is lower, set quotas.minRecordsPerJob in the config.`);
  }
  const jobs = split(prefix, { start: 0, end: n }, quotas.maxRecordsPerJob, quotas.maxBytesPerJob, 'per-job size');
  const small = jobs.find((j) => j.end - j.start < quotas.minRecordsPerJob);
  if (small) {
    throw new BevalError('QUOTA',
      `Splitting ${n} records into ${jobs.length} jobs of at most ${quotas.maxRecordsPerJob} records leaves ${small.end - small.start} per job, ` +
      `below the minimum of ${quotas.minRecordsPerJob}. Nothing was uploaded. Adjust quotas.maxRecordsPerJob or quotas.minRecordsPerJob.`);
  }
  return jobs.map((job) => ({ ...job, files: split(prefix, job, quotas.maxRecordsPerFile, quotas.maxBytesPerFile, 'per-file size') }));
}
