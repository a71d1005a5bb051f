// A small tmpfs to fill up, for the full-disk tests: mounted where the machine allows it (root on Linux), else absent.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SmallDisk {
  dir: string;
  /** Fills the disk, leaving about `leave` bytes free (tmpfs counts whole 4 KiB pages). */
  fill(leave: number): void;
  /** Removes the filler. */
  free(): void;
  dispose(): void;
}

/** A fresh `size`-MB tmpfs, or undefined where mounting one is not permitted (then the caller injects ENOSPC). */
export function smallDisk(sizeMb = 20): SmallDisk | undefined {
  if (process.platform !== 'linux') return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    fs.rmdirSync(dir);
    return undefined;
  }
  const filler = path.join(dir, '.filler');
  return {
    dir,
    fill(leave) {
      const fd = fs.openSync(filler, 'w');
      const chunk = Buffer.alloc(64 * 1024, 1);
      let size = 0;
      try {
        for (;;) size += fs.writeSync(fd, chunk);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
      }
      fs.ftruncateSync(fd, Math.max(0, size - leave));
      fs.closeSync(fd);
    },
    free() {
      fs.rmSync(filler, { force: true });
    },
    dispose() {
      try {
        execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
