// Writes that never end short: a full disk must fail loudly instead of leaving a file cut at some page boundary.
import fs from 'node:fs';

/**
 * Writes every byte of `data` to `fd` (at `position`, or the file's current offset when omitted), looping on partial
 * writes: write(2) on a nearly full disk writes what fits and returns a short count, and the next call fails with
 * ENOSPC. A single fs.writeSync that ignores its count leaves a torn file that looks finished.
 * Returns the number of bytes written (always `data`'s byte length).
 */
export function writeAllSync(fd: number, data: string | Uint8Array, position?: number, file?: string): number {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  let done = 0;
  try {
    while (done < buf.length) {
      const n = fs.writeSync(fd, buf, done, buf.length - done, position === undefined ? null : position + done);
      // A zero-byte write that raised nothing would loop for ever; no filesystem does this without an error, but
      // report it as the full disk it stands for rather than spin.
      if (n <= 0) throw Object.assign(new Error(`ENOSPC: no space left on device, write returned ${n}`), { code: 'ENOSPC', syscall: 'write' });
      done += n;
    }
  } catch (e) {
    // write(2) errors carry no path; `file` lets the message say which file the disk refused.
    if (file && e && typeof e === 'object' && (e as NodeJS.ErrnoException).path === undefined) (e as NodeJS.ErrnoException).path = file;
    throw e;
  }
  return done;
}

/**
 * Writes `data` to `file` through a temp name (fsynced, then renamed over `file`), so a crash or a full disk leaves
 * either the old file or the new one. On failure the temp file is removed and the old file is untouched.
 */
export function writeFileAtomicSync(file: string, data: string | Uint8Array, tmp = `${file}.${process.pid}.tmp`): void {
  const fd = fs.openSync(tmp, 'w');
  try {
    try {
      writeAllSync(fd, data, undefined, file);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    // The error names the temp file; the person at the terminal needs the file that did not change.
    if (e && typeof e === 'object' && (e as NodeJS.ErrnoException).path === tmp) (e as NodeJS.ErrnoException).path = file;
    if (e && typeof e === 'object' && (e as NodeJS.ErrnoException).path === undefined) (e as NodeJS.ErrnoException).path = file;
    throw e;
  }
}
