// Errors from the file system (full disk, read-only folder, no permission, a file where a folder belongs) as one clear
// line for the person at the terminal, instead of "unexpected error" and a stack trace.
import fs from 'node:fs';
import path from 'node:path';
import { RUN_ID_PATTERN } from '../run/run-dir.ts';

/** The first error in `e`'s cause chain that carries a system error code (ENOSPC, EACCES…). */
export function systemCause(e: unknown): NodeJS.ErrnoException | undefined {
  for (let at = e, depth = 0; at && typeof at === 'object' && depth < 10; at = (at as { cause?: unknown }).cause, depth++) {
    const code = (at as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code) && code in EXPLAIN) return at as NodeJS.ErrnoException;
  }
  return undefined;
}

const EXPLAIN: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of this path is a file, not a folder',
  EISDIR: 'this is a folder, not a file',
  EEXIST: 'a file of this name is in the way',
  EIO: 'input/output error (a failing disk or a lost network share)',
  EMFILE: 'too many open files',
};

/**
 * The run a failing path belongs to, when the path runs through `<outDir>/<runId>/` and that run has a ledger:
 * only then does `beval run --resume` have something to resume.
 */
function runOf(file: string): string | undefined {
  const parts = path.resolve(file).split(path.sep);
  for (let i = parts.length - 1; i > 0; i--) {
    if (!RUN_ID_PATTERN.test(parts[i]!)) continue;
    const dir = parts.slice(0, i + 1).join(path.sep);
    if (fs.existsSync(path.join(dir, 'ledger.json'))) return parts[i];
  }
  return undefined;
}

/**
 * One message for a file-system error, or undefined for any other error. `hint(command)` formats a beval command
 * with the user's `--config`. The ledger and the reports are always replaced whole (temp file, then rename), so a
 * failed write leaves the previous ones: the message says so, and how to go on.
 */
export function systemErrorText(e: unknown, hint: (command: string) => string): string | undefined {
  const cause = systemCause(e);
  if (!cause) return undefined;
  const code = cause.code!;
  const file = cause.path ?? (cause as { dest?: string }).dest;
  const where = file ? ` (${cause.syscall ?? 'access'} ${file})` : '';
  const runId = file ? runOf(file) : undefined;
  const again = runId ? `run \`${hint(`run --resume ${runId}`)}\`` : 'run the command again';
  const kept = 'The ledger and the reports are replaced whole, so the ones already written are unchanged';
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return `${EXPLAIN[code]}${where}. ${kept}; free space and ${again}.`;
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
      return `${EXPLAIN[code]}${where}. beval needs to write in the run folder (even \`status\` records what it polled). ${kept}; make the folder writable (or point outDir elsewhere) and ${again}.`;
    case 'ENOTDIR':
    case 'EEXIST':
      return `${EXPLAIN[code]}${where}. Check \`outDir\` in the config: it must be a folder (or not exist yet).`;
    default:
      return `${EXPLAIN[code]}${where}. ${kept}; fix that and ${again}.`;
  }
}
