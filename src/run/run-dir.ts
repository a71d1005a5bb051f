// Run ids and run directories: reports/<runId>/, and finding the latest run.
import type { Advice } from '../advice.ts';
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

/** The ledger's creation time (ms), or NaN when it cannot be read: only used to order runs started in one second. */
function createdAtMs(outDir: string, runId: string): number {
  try {
    const ledger = JSON.parse(fs.readFileSync(path.join(outDir, runId, LEDGER_FILE), 'utf8')) as { createdAt?: unknown };
    return typeof ledger.createdAt === 'string' ? Date.parse(ledger.createdAt) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** The `YYYYMMDD-HHMMSS` part of a run id (the rest is a random suffix). */
const stampOf = (runId: string): string => runId.slice(0, 15);

/**
 * Run ids under outDir that have a ledger, oldest first. Ids sort by their second; runs started within the same second
 * (CI jobs in parallel) are ordered by their ledgers' millisecond creation time, not by the random suffix, so "the
 * latest run" is the one started last.
 */
export function listRunIds(outDir: string): string[] {
  if (!fs.existsSync(outDir)) return [];
  const ids = fs.readdirSync(outDir).filter((name) => fs.existsSync(path.join(outDir, name, LEDGER_FILE))).sort();
  // Sorted ids keep each second's runs together, in id order.
  const bySecond = new Map<string, string[]>();
  for (const id of ids) {
    const same = bySecond.get(stampOf(id));
    if (same) same.push(id);
    else bySecond.set(stampOf(id), [id]);
  }
  return [...bySecond.values()].flatMap((same) => {
    if (same.length === 1) return same;
    const created = same.map((id) => ({ id, at: createdAtMs(outDir, id) }));
    // A second with an unreadable ledger keeps the plain id order (the commands that open it report the problem).
    if (created.some(({ at }) => Number.isNaN(at))) return same;
    // A stable sort: equal times keep their id order.
    return created.sort((a, b) => a.at - b.at).map(({ id }) => id);
  });
}

/** The given run's directory, or the latest run's when runId is omitted. */
export function resolveRunDir(outDir: string, runId: string | undefined, advice: Advice): string {
  if (runId) {
    const dir = runDir(outDir, runId);
    if (!fs.existsSync(path.join(dir, LEDGER_FILE))) throw new BevalError('USAGE', `No run ${runId} in ${outDir} (see \`${advice.command('runs')}\`; a run started with another config is found with the same \`--config\`).`);
    return dir;
  }
  const ids = listRunIds(outDir);
  if (ids.length === 0) throw new BevalError('USAGE', `No runs in ${outDir} yet. Start one with \`${advice.command('run')}\` or \`${advice.command('submit')}\`.`);
  return runDir(outDir, ids[ids.length - 1]!);
}
