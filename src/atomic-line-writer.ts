// A file written line by line through a temp name, in blocks, and renamed into place only when complete: for files
// too large to build as one string first (writeFileAtomicSync takes the whole text).
import fs from 'node:fs';
import { writeAllSync } from './write-all.ts';

/**
 * Writes lines to `file` through a temp name, in 4 MiB blocks (each written whole, writeAllSync); `finish` fsyncs
 * and renames it over `file`, `abandon` removes it, so a crash or a full disk leaves the old file or the new one.
 */
export class AtomicLineWriter {
  private readonly tmp: string;
  private readonly fd: number;
  private parts: string[] = [];
  private pending = 0;
  /** Lines added so far. */
  lines = 0;

  constructor(readonly file: string) {
    this.tmp = `${file}.${process.pid}.tmp`;
    this.fd = fs.openSync(this.tmp, 'w');
  }

  add(line: string): void {
    this.parts.push(line, '\n');
    this.pending += line.length + 1;
    this.lines++;
    if (this.pending >= 4 * 1024 * 1024) this.flush();
  }

  private flush(): void {
    writeAllSync(this.fd, this.parts.join(''), undefined, this.file);
    this.parts = [];
    this.pending = 0;
  }

  finish(): void {
    this.flush();
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    fs.renameSync(this.tmp, this.file);
  }

  abandon(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // Already closed by finish(), which failed after it.
    }
    fs.rmSync(this.tmp, { force: true });
  }
}
