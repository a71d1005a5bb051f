// A run id given by a unique prefix or as `latest`; `beval validate` without a file checks the config's suite.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { arithmeticSuite, tempProject, type TempProject } from '../helpers/project.ts';
import { captureIo } from '../helpers/io.ts';

describe('run ids and the default suite', () => {
  let project: TempProject;
  const ids = ['20261206-101010-aaaa', '20261206-101011-bbbb', '20261206-111111-cccc'];
  beforeAll(() => {
    project = tempProject({ models: [{ id: 'beval.arith-v1', label: 'arith' }], scorers: ['numeric'] }, arithmeticSuite(5));
    // Ledgers are all `status` needs to find and describe a run.
    for (const id of ids) {
      fs.mkdirSync(path.join(project.dir, 'reports', id), { recursive: true });
      fs.writeFileSync(path.join(project.dir, 'reports', id, 'ledger.json'), JSON.stringify({ version: 1, runId: id, createdAt: '2026-12-06T10:10:10.000Z', updatedAt: '2026-12-06T10:10:10.000Z', phase: 'collected', configPath: project.config, target: 'emulator', suite: { path: 'suite.jsonl', sha256: 'x', records: 5 }, models: [] }));
    }
  });
  afterAll(() => project.cleanup());

  async function status(runId: string) {
    const io = captureIo(project.dir);
    const code = await main(['status', runId, '--config', project.config, '--json'], io);
    return { code, doc: JSON.parse(io.out()) as { runId?: string; error?: string } };
  }

  it('finds a run by a unique prefix, and the newest as latest', async () => {
    expect((await status('20261206-1111')).doc.runId).toBe(ids[2]);
    expect((await status('latest')).doc.runId).toBe(ids[2]);
    expect((await status(ids[0]!)).doc.runId).toBe(ids[0]);
  });

  it('names the runs an ambiguous prefix matches, and exits 1', async () => {
    const r = await status('20261206-1010');
    expect(r.code).toBe(1);
    expect(r.doc.error).toMatch(/prefix 20261206-1010 matches 2 runs .*20261206-101010-aaaa, 20261206-101011-bbbb.*give more of the id/);
    expect((await status('2025')).doc.error).toMatch(/^No run 2025 in /);
  });

  it('validates the config\'s suite when no file is given', async () => {
    const io = captureIo(project.dir);
    expect(await main(['validate', '--config', project.config], io)).toBe(0);
    expect(io.out()).toBe('suite.jsonl: 5 records OK (5 with expected answers, 5 tagged).\n');
  });
});
