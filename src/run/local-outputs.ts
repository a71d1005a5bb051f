// Finds output files the ledger records as downloaded that are no longer usable on disk (deleted, cut short, changed,
// or a torn manifest).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { allShards, type Ledger, type LedgerModel, type LedgerShard, type ReceivedFile } from './ledger.ts';

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

/** The sha256 of a local file, read in chunks (outputs can be GBs). */
export function sha256File(file: string): string {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

/**
 * The sha256 of an output file for the check below (`file` absolute, `local` as the ledger names it), or undefined
 * to leave the content unchecked for now: `beval score` checks sizes first and the sha256 later, from the bytes
 * scoring reads anyway (see scoreRun's verifyOutputs), instead of reading every file twice.
 */
export type Sha256Of = (file: string, local: string) => string | undefined;

/** Sizes, presence, manifests and stamps only: a file whose stamp changed is hashed later, from the bytes scoring reads. */
export const CONTENT_LATER: Sha256Of = () => undefined;

/** The stamp a download records with a file's size and sha256 (ReceivedFile.mtimeMs, .ino). */
export function fileStamp(file: string): { mtimeMs: number; ino: number } {
  const { mtimeMs, ino } = fs.statSync(file);
  return { mtimeMs, ino };
}

/**
 * rsync's quick check: a file with the size, modification time and inode it had right after its download has not
 * been written since, so it is not read to be hashed (1.2 GB at 50k × 10 took longer than parsing a fifth of it).
 * Anything that writes it (an editor, a copy, a restore, a torn rewrite) changes its mtime or inode, and then its
 * sha256 decides. Ledgers from before the stamp have none: their files are always hashed.
 */
function stampUnchanged(stat: fs.Stats, got: ReceivedFile): boolean {
  return got.mtimeMs !== undefined && got.ino !== undefined && stat.mtimeMs === got.mtimeMs && stat.ino === got.ino;
}

/**
 * True when a file differs from what its download wrote (ledger `received`): cut short by a killed copy or a full
 * disk, or changed since. The size is checked first (cheap), then the stamp; the sha256 catches a file of the same
 * size written since.
 */
function changedSince(file: string, local: string, got: ReceivedFile, sha256Of: Sha256Of): boolean {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat || stat.size !== got.bytes) return true;
  if (stampUnchanged(stat, got)) return false;
  const sha = sha256Of(file, local);
  return sha !== undefined && sha !== got.sha256;
}

/** Whether any downloaded output file needs its content hashed to be trusted (its stamp is missing or changed). */
export function contentToCheck(dir: string, ledger: Ledger): boolean {
  return allShards(ledger).some(({ shard }) => (shard.received ?? []).some((got) => {
    const stat = fs.statSync(path.join(dir, got.file), { throwIfNoEntry: false });
    return stat !== undefined && !stampUnchanged(stat, got);
  }));
}

/**
 * Downloaded shards with a listed output file missing, cut short or changed since its download, or a manifest that
 * is missing or not JSON. Scoring such a shard would stop with a raw file error, or count the answered records of a
 * deleted or truncated file as missing.
 */
export function damagedOutputs(dir: string, ledger: Ledger, sha256Of: Sha256Of = sha256File): DamagedShard[] {
  const damaged: DamagedShard[] = [];
  for (const { model, shard } of allShards(ledger)) {
    if (!shard.downloaded) continue;
    const received = new Map((shard.received ?? []).map((r) => [r.file, r]));
    const files = shard.downloaded.filter((f) => {
      const got = received.get(f);
      return got ? changedSince(path.join(dir, f), f, got, sha256Of) : !fs.existsSync(path.join(dir, f));
    });
    if (shard.manifest && !manifestReadable(path.join(dir, shard.manifest))) files.push(shard.manifest);
    if (files.length) damaged.push({ model, shard, files });
  }
  return damaged;
}

/** The files of `damaged`, one per line, for messages. */
export function listDamaged(damaged: DamagedShard[]): string {
  return damaged.map(({ model, shard, files }) => `  ${model.label} shard ${shard.index}: ${files.join(', ')}`).join('\n');
}
