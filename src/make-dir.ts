// Creates a folder and its missing parents one level at a time, failing where Node's recursive mkdir would spin.
import fs from 'node:fs';
import path from 'node:path';

/**
 * Like `fs.mkdirSync(dir, { recursive: true })`, but inside a folder that exists and still refuses a new entry with
 * ENOENT (`/proc/self`), Node's recursive mkdir retries for ever at 100% CPU, deaf to SIGTERM. Here each missing
 * level is made once; an error names the folder that could not be made.
 */
export function makeDir(dir: string): void {
  const abs = path.resolve(dir);
  const missing: string[] = [];
  for (let d = abs; ; d = path.dirname(d)) {
    const stat = fs.statSync(d, { throwIfNoEntry: false });
    if (stat) {
      if (!stat.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${d}'`), { code: 'ENOTDIR', syscall: 'mkdir', path: d });
      break;
    }
    missing.unshift(d);
    if (d === path.dirname(d)) break;
  }
  for (const d of missing) {
    try {
      fs.mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && fs.statSync(d, { throwIfNoEntry: false })?.isDirectory()) continue;
      // ENOENT although the parent exists: a folder that takes no new entries (procfs, sysfs).
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw Object.assign(new Error(`EPERM: cannot create a folder in ${path.dirname(d)}, mkdir '${d}'`), { code: 'EPERM', syscall: 'mkdir', path: d });
      throw e;
    }
  }
}
