// One beval process at a time per run directory: each process keeps the ledger in memory and writes it whole, so two
// processes driving one run (a `run` and a `cancel`, a `collect` and a `status`) would overwrite each other's records,
// undoing a cancel or forgetting a just-created job.
import { createHash } from 'node:crypto';
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

/** How long a takeover claim may stand before it counts as left by a process that died mid-takeover. */
const CLAIM_STALE_MS = 10_000;

/**
 * Replaces the stale lock whose exact text is `stale` with ours (`tmp`), or returns false when another process got
 * there first. Deleting the stale file and linking a new one is racy: of two processes that judged the same dead
 * holder stale, the slower one deletes the faster one's brand-new lock, and both hold the run. Here each contender
 * first hard-links the current lock file to a claim name derived from the stale text: only one link can create that
 * name, and only the process that made it (and saw the stale text through it) renames its own lock over the old one.
 */
function takeOver(file: string, stale: string, tmp: string): boolean {
  const claim = `${file}.takeover-${createHash('sha256').update(stale).digest('hex').slice(0, 16)}`;
  try {
    fs.linkSync(file, claim);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false; // the lock went away meanwhile: the caller links normally
    if (code !== 'EEXIST') throw e;
    // Another process claimed this stale lock. If it died before finishing, its claim would block the run for ever.
    const age = Date.now() - (fs.statSync(claim, { throwIfNoEntry: false })?.ctimeMs ?? Date.now());
    if (age > CLAIM_STALE_MS && readText(file) === stale) fs.rmSync(claim, { force: true });
    return false;
  }
  try {
    // The link may have caught a lock written after we read the stale one: then it is not ours to replace.
    if (readText(claim) !== stale) return false;
    fs.renameSync(tmp, file);
    return true;
  } finally {
    fs.rmSync(claim, { force: true });
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Takes the run's lock for `command`, or throws naming the process that holds it. A stale lock (its process died,
 * e.g. killed mid-run) is taken over, by one process only (see takeOver). The lock file appears whole or not at all:
 * it is written to a temporary name and hard-linked into place, which fails if a lock already exists.
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
      const text = readText(file);
      if (text === undefined && attempt < 3) continue; // released between our link and read: link again
      const holder = lockHolder(dir);
      // Unreadable means torn by a crash mid-write (links are atomic, so not a live writer) or not a beval lock.
      if (attempt < 3 && text !== undefined && (holder === undefined || isStale(holder))) {
        if (takeOver(file, text, tmp)) break;
        continue; // someone else took it over (or it changed): look again at who holds it now
      }
      const now = lockHolder(dir);
      const who = now ? describeHolder(dir, now) : `run ${path.basename(dir)} is locked`;
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
      // Never throws: release runs in `finally` blocks, where an error (a run directory made read-only meanwhile)
      // would replace the error that ended the command. A lock left behind is taken over as stale later.
      try {
        if (holder && holder.pid === me.pid && holder.since === me.since) fs.rmSync(file, { force: true });
      } catch {
        // left for the next command to take over
      }
    },
  };
}
