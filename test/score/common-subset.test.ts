// A metric's "common" figures use exactly the records every model answered and the metric scored for every model.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { arithmeticSuite, tempProject } from '../helpers/project.ts';
import { captureIo } from '../helpers/io.ts';

const N = 100; // Bedrock batch's minimum records per job

describe('common subset per metric', () => {
  const project = tempProject({}, arithmeticSuite(N));
  afterAll(() => project.cleanup());

  it('drops a record from every model\'s common figures when the metric could not score it for one model', async () => {
    // A custom scorer that cannot score verbose's answers to records 0, 5, 10…: those records leave "common" for both
    // models, although both answered them; a scorer that always scores keeps them.
    fs.writeFileSync(project.config, `export default {
  suite: 'suite.jsonl',
  models: [{ id: 'beval.arith-v1', label: 'arith' }, { id: 'beval.verbose-v1', label: 'verbose' }],
  baseline: 'arith',
  scorers: [
    'contains',
    { name: 'picky', kind: 'binary', score: ({ record, modelKey }) => {
      if (modelKey === 'verbose' && Number(record.recordId.replace(/\\D/g, '')) % 5 === 0) throw new Error('cannot score');
      return { value: 1, pass: true, reason: 'ok' };
    } },
  ],
};
`);
    const io = captureIo(project.dir);
    const code = await main(['run', '--config', project.config], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const runDir = path.resolve(project.dir, /run directory: (\S+)/.exec(io.out())![1]!);
    const { summary } = JSON.parse(fs.readFileSync(path.join(runDir, 'results.json'), 'utf8')) as {
      summary: { perModel: { ok: number; metrics: { metric: string; scored: number; common: { scored: number } }[] }[] };
    };
    const [arith, verbose] = summary.perModel;
    expect(arith!.ok).toBe(N);
    expect(verbose!.ok).toBe(N);
    const metric = (m: typeof arith, name: string) => m!.metrics.find((x) => x.metric === name)!;
    expect(metric(verbose, 'picky').scored).toBe(N - N / 5);
    expect(metric(arith, 'picky').scored).toBe(N);
    for (const m of [arith, verbose]) {
      expect(metric(m, 'picky').common.scored).toBe(N - N / 5);
      expect(metric(m, 'contains').common.scored).toBe(metric(m, 'contains').scored);
    }
  }, 60_000);
});
