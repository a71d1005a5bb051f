// Finds output files the ledger records as downloaded that are no longer usable on disk (deleted, or a torn manifest).
import fs from 'node:fs';
import path from 'node:path';
import { allShards, type Ledger, type LedgerModel, type LedgerShard } from './ledger.ts';

export interface DamagedShard {
  model: LedgerModel;
  shard: LedgerShard;
  /** Paths relative to the run directory, as the ledger records them. */
  files: string[];
}

function manifestReadable(file: string): boolean {
  try {
    JSON.parse(fs.readFileSync(file, 'utf8'));
    return true;
  } catch {
    return false;
  }
}

/**
 * Downloaded shards with a listed output file missing, or a manifest that is missing or not JSON. Scoring such a
 * shard would stop with a raw file error, or count the records of a deleted file as missing.
 */
export function damagedOutputs(dir: string, ledger: Ledger): DamagedShard[] {
  const damaged: DamagedShard[] = [];
  for (const { model, shard } of allShards(ledger)) {
    if (!shard.downloaded) continue;
    const files = shard.downloaded.filter((f) => !fs.existsSync(path.join(dir, f)));
    if (shard.manifest && !manifestReadable(path.join(dir, shard.manifest))) files.push(shard.manifest);
    if (files.length) damaged.push({ model, shard, files });
  }
  return damaged;
}

/** The files of `damaged`, one per line, for messages. */
export function listDamaged(damaged: DamagedShard[]): string {
  return damaged.map(({ model, shard, files }) => `  ${model.label} shard ${shard.index}: ${files.join(', ')}`).join('\n');
}
