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

/** The form of every run id {@link newRunId} makes; any other id is refused before a path is built from it. */
export const RUN_ID_PATTERN = /^\d{8}-\d{6}-[0-9a-f]{4}$/;

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

/**
 * Refuses a run directory that is not inside outDir once symlinks are followed: the commands write reports, locks and
 * ledgers there, and `beval score ../../elsewhere/x` (or a run folder linked elsewhere) must not write outside outDir.
 */
export function assertInsideOutDir(outDir: string, dir: string): void {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const rel = path.relative(real(outDir), real(dir));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new BevalError('USAGE', `${dir} is not inside the outDir ${outDir}: beval writes only to run folders inside outDir.`);
  }
}

/** The given run's directory, or the latest run's when runId is omitted. */
export function resolveRunDir(outDir: string, runId: string | undefined, advice: Advice): string {
  if (runId && runId !== 'latest') {
    // A run id (or a prefix of one) is never a path: checked before anything is joined to outDir.
    const notAnId = () => new BevalError('USAGE', `${JSON.stringify(runId)} is not a run id: run ids look like 20261125-153012-a3f9 (\`${advice.command('runs')}\` lists them).`);
    const noRun = () => new BevalError('USAGE', `No run ${runId} in ${outDir} (see \`${advice.command('runs')}\`; a run started with another config is found with the same \`--config\`).`);
    if (RUN_ID_PATTERN.test(runId)) {
      const dir = runDir(outDir, runId);
      assertInsideOutDir(outDir, dir);
      if (!fs.existsSync(path.join(dir, LEDGER_FILE))) throw noRun();
      return dir;
    }
    // A unique prefix names a run too (`beval status 20261206-1145`): digits, letters and dashes only.
    if (!/^[0-9a-z-]+$/.test(runId)) throw notAnId();
    const matches = listRunIds(outDir).filter((id) => id.startsWith(runId));
    if (matches.length > 1) throw new BevalError('USAGE', `Run id prefix ${runId} matches ${matches.length} runs in ${outDir} (${matches.slice(-5).join(', ')}${matches.length > 5 ? ', …' : ''}): give more of the id.`);
    if (matches.length === 0) throw noRun();
    const dir = runDir(outDir, matches[0]!);
    assertInsideOutDir(outDir, dir);
    return dir;
  }
  const ids = listRunIds(outDir);
  if (ids.length === 0) throw new BevalError('USAGE', `No runs in ${outDir} yet. Start one with \`${advice.command('run')}\` or \`${advice.command('submit')}\`.`);
  const dir = runDir(outDir, ids[ids.length - 1]!);
  assertInsideOutDir(outDir, dir);
  return dir;
}
