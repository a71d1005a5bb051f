// Which suite records a shard holds: the slice [start, end) of a run's own shard, or, for a shard of chosen records
// (`subset`: a `beval rerun` attempt, the records a reusing run still sends), the recordIds of its input files.
// Scoring and `beval rerun` ask it which records of a shard that did not complete count as not-run.
import fs from 'node:fs';
import path from 'node:path';
import { forEachLine } from '../outputs/read-lines.ts';
import type { LedgerModel, LedgerShard } from './ledger.ts';

/** The suite indices of a subset shard's records, from its local input files (lines beval wrote at planning). */
async function subsetIndices(dir: string, shard: LedgerShard, index: ReadonlyMap<string, number>): Promise<number[]> {
  const out: number[] = [];
  for (const f of shard.files) {
    const file = path.join(dir, f.local);
    if (!fs.existsSync(file)) continue;
    await forEachLine(file, (_n, line) => {
      let id: unknown;
      try {
        id = (JSON.parse(line) as { recordId?: unknown } | null)?.recordId;
      } catch {
        return;
      }
      const i = typeof id === 'string' ? index.get(id) : undefined;
      if (i !== undefined) out.push(i);
    });
  }
  return out;
}

/** Sorted indices as ranges [start, end): consecutive records make one range. */
function ranges(indices: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const i of [...indices].sort((a, b) => a - b)) {
    const last = out.at(-1);
    if (last && last[1] === i) last[1] = i + 1;
    else if (!last || last[1] < i) out.push([i, i + 1]);
  }
  return out;
}

/**
 * The suite ranges of a model's shards that ended without completing (failed, stopped, expired, never created): a
 * record of theirs without any output line counts as not-run rather than missing.
 */
export async function incompleteRanges(dir: string, model: LedgerModel, index: ReadonlyMap<string, number>): Promise<[number, number][]> {
  const out: [number, number][] = [];
  for (const shard of model.shards) {
    if (shard.status === 'Completed') continue;
    if (shard.subset) out.push(...ranges(await subsetIndices(dir, shard, index)));
    else out.push([shard.start, shard.end]);
  }
  return out;
}
