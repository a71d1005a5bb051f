// Per-tag means agree with the headline figures: a binary metric's is the pass rate of the tagged records.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { arithmeticSuite, tempProject } from '../helpers/project.ts';
import { captureIo } from '../helpers/io.ts';
import { wilson } from '../../src/stats/intervals.ts';

const N = 120;

describe('tag breakdown', () => {
  const project = tempProject({}, arithmeticSuite(N));
  afterAll(() => project.cleanup());

  it('uses pass flags for a binary metric whose values disagree with them, and values for a continuous one', async () => {
    // 'lenient' passes every record with value 0.2; 'graded' is continuous and gives 0.25 to additions, 0.75 otherwise.
    fs.writeFileSync(project.config, `export default {
  suite: 'suite.jsonl',
  models: [{ id: 'beval.arith-v1', label: 'arith' }],
  scorers: [
    { name: 'lenient', kind: 'binary', score: () => ({ value: 0.2, pass: true, reason: 'lenient' }) },
    { name: 'graded', kind: 'continuous', score: ({ record }) => ({ value: record.tags.includes('addition') ? 0.25 : 0.75, reason: 'graded' }) },
  ],
};
`);
    const io = captureIo(project.dir);
    expect(await main(['run', '--config', project.config], io)).toBe(0);
    const runDir = path.resolve(project.dir, /run directory: (\S+)/.exec(io.out())![1]!);
    const { summary } = JSON.parse(fs.readFileSync(path.join(runDir, 'results.json'), 'utf8')) as {
      summary: { perModel: { metrics: { metric: string; mean: number }[] }[]; tags: { tag: string; records: number; means: Record<string, Record<string, number>>; counted: Record<string, Record<string, number>>; ci: Record<string, Record<string, { low: number; high: number } | null>> }[] };
    };
    expect(summary.perModel[0]!.metrics.find((m) => m.metric === 'lenient')!.mean).toBe(1);
    const byTag = Object.fromEntries(summary.tags.map((t) => [t.tag, t.means.arith!]));
    expect(byTag).toEqual({ addition: { lenient: 1, graded: 0.25 }, multiplication: { lenient: 1, graded: 0.75 } });
    // Each figure says what it counts, and a pass rate carries its Wilson interval (none for a continuous mean).
    for (const t of summary.tags) {
      expect(t.counted.arith).toEqual({ lenient: t.records, graded: t.records });
      expect(t.ci.arith!.lenient).toEqual(wilson(t.records, t.records));
      expect(t.ci.arith!.graded).toBeNull();
    }
    expect(summary.tags.map((t) => t.records)).toEqual([40, 80]);
  }, 60_000);
});
