// Vitest global setup: every test's temporary files (run folders, Chromium profiles, bench workloads) go in one
// folder for this test run, removed when the run ends, so repeated runs do not fill the machine's /tmp.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'beval-test-'));
  // Test workers are started after global setup and inherit this environment; os.tmpdir() reads TMPDIR on each call.
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
