// Run ids and run directories: reports/<runId>/, and finding the latest run.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { BevalError } from '../errors.ts';
import { LEDGER_FILE } from './ledger.ts';

/** `20261125-153012-a3f9`: sortable, and safe in S3 keys and job names (no ':' or '_'). */
export function newRunId(now: Date = new Date()): string {
  const iso = now.toISOString();
  const stamp = `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

export function runDir(outDir: string, runId: string): string {
  return path.join(outDir, runId);
}

/** Run ids under outDir that have a ledger, oldest first. */
export function listRunIds(outDir: string): string[] {
  if (!fs.existsSync(outDir)) return [];
  return fs.readdirSync(outDir)
    .filter((name) => fs.existsSync(path.join(outDir, name, LEDGER_FILE)))
    .sort();
}

/** The given run's directory, or the latest run's when runId is omitted. */
export function resolveRunDir(outDir: string, runId?: string): string {
  if (runId) {
    const dir = runDir(outDir, runId);
    if (!fs.existsSync(path.join(dir, LEDGER_FILE))) throw new BevalError('USAGE', `No run ${runId} in ${outDir} (see \`beval runs\`).`);
    return dir;
  }
  const ids = listRunIds(outDir);
  if (ids.length === 0) throw new BevalError('USAGE', `No runs in ${outDir} yet. Start one with \`beval run\` or \`beval submit\`.`);
  return runDir(outDir, ids[ids.length - 1]!);
}
