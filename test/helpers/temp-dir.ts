// A fresh folder under the OS temp dir, named beval-<prefix>-XXXXXX so a leftover one says which test made it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function tempDir(prefix = 'report'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `beval-${prefix}-`));
}
