// Makes a rename (or a new file's name) durable: fsyncs the directory that holds it.
import fs from 'node:fs';

/** Codes of platforms that refuse to fsync a directory (Windows: EISDIR/EPERM; some filesystems: EINVAL). */
const UNSUPPORTED = new Set(['EISDIR', 'EINVAL', 'EPERM']);

/**
 * Opens `dir` read-only and fsyncs it, so entries renamed or created in it survive a power loss. Does nothing where
 * the platform refuses to fsync a directory; any other error (EIO, ENOSPC…) is thrown.
 */
export function fsyncDir(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch (e) {
    if (UNSUPPORTED.has((e as NodeJS.ErrnoException).code ?? '')) return;
    throw e;
  }
  try {
    fs.fsyncSync(fd);
  } catch (e) {
    if (!UNSUPPORTED.has((e as NodeJS.ErrnoException).code ?? '')) throw e;
  } finally {
    fs.closeSync(fd);
  }
}
