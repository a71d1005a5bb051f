// One beval process at a time per run directory: each process keeps the ledger in memory and writes it whole, so two
// processes driving one run (a `run` and a `cancel`, a `collect` and a `status`) would overwrite each other's records,
// undoing a cancel or forgetting a just-created job.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BevalError } from '../errors.ts';

export const LOCK_FILE = 'run.lock';

/** Who holds a run: written into the lock file. */
export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

export interface RunLock {
  /** Removes the lock if this process still holds it (idempotent). */
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock's holder, or undefined when there is no lock file (or it cannot be read as one). */
export function lockHolder(dir: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return undefined;
    return { pid: parsed.pid, host: parsed.host, command: String(parsed.command ?? '?'), since: String(parsed.since ?? '?') };
  } catch {
    return undefined;
  }
}

/**
 * True when the holder is certainly gone: a process of this host that no longer exists, or this very process (a
 * lock left by an earlier attempt in the same process, as in-process tests do). A holder on another host (a shared
 * disk) cannot be checked and counts as live.
 */
function isStale(holder: LockHolder): boolean {
  return holder.host === os.hostname() && (holder.pid === process.pid || !isAlive(holder.pid));
}

/** A lock held by another live process, as the message the person at the terminal needs. */
export function describeHolder(dir: string, holder: LockHolder): string {
  return `run ${path.basename(dir)} is in use by \`beval ${holder.command}\` (process ${holder.pid} on ${holder.host}, since ${holder.since})`;
}

/** The holder when another live process holds the run, else undefined (no lock, or a stale one). */
export function liveHolder(dir: string): LockHolder | undefined {
  const holder = lockHolder(dir);
  return holder && !isStale(holder) ? holder : undefined;
}

/**
 * Takes the run's lock for `command`, or throws naming the process that holds it. A stale lock (its process died,
 * e.g. killed mid-run) is taken over. The lock file appears whole or not at all: it is written to a temporary name
 * and hard-linked into place, which fails if a lock already exists.
 */
export function lockRun(dir: string, command: string): RunLock {
  const file = path.join(dir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: os.hostname(), command, since: new Date().toISOString() };
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(me)}\n`);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        fs.linkSync(tmp, file);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const holder = lockHolder(dir);
      if (attempt === 0 && (holder === undefined || isStale(holder))) {
        // Unreadable means torn by a crash mid-write (links are atomic, so not a live writer) or not a beval lock.
        fs.rmSync(file, { force: true });
        continue;
      }
      const who = holder ? describeHolder(dir, holder) : `run ${path.basename(dir)} is locked`;
      throw new BevalError(
        'LEDGER',
        `${who}. Two processes driving one run would overwrite each other's ledger. Wait for it to finish, or stop it ` +
          `(Ctrl-C leaves its jobs running) and try again. If no such process exists, delete ${file}.`,
      );
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      const holder = lockHolder(dir);
      if (holder && holder.pid === me.pid && holder.since === me.since) fs.rmSync(file, { force: true });
    },
  };
}
