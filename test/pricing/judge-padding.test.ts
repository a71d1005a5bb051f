// judge.belowMinimum: 'pad' repeats a judge model's requests up to the batch minimum, and Bedrock bills the copies:
// the estimate and the budget check must count them (they did not: a padded judge job cost more than its "max").
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.ts';
import { estimateRun } from '../../src/pricing/estimate.ts';
import { checkBudget, estimateTable } from '../../src/cli/commands/estimate.ts';
import { main } from '../../src/cli/main.ts';
import { loadSuite } from '../../src/suite/load-suite.ts';
import { arithmeticSuite, tempProject } from '../helpers/project.ts';
import { captureIo } from '../helpers/io.ts';

const MODELS = [{ id: 'beval.arith-v1', label: 'arith' }];
const JUDGES = [{ kind: 'rubric', model: 'beval.judge-v1' }];

describe('judge padding in the estimate', () => {
  it('30 requests padded to 100: the likely cost is 100/30 of the unpadded one, the max 4× (whole cycles of copies)', () => {
    const project = tempProject({}, arithmeticSuite(30));
    try {
      const suite = loadSuite(path.join(project.dir, 'suite.jsonl'));
      const cfg = (belowMinimum: string, extra: Record<string, unknown> = {}) =>
        resolveConfig({ suite: 'suite.jsonl', models: MODELS, judges: JUDGES, judge: { belowMinimum }, ...extra }, project.config);
      const plain = estimateRun(cfg('unscored'), suite).judges![0]!;
      const padded = estimateRun(cfg('pad'), suite);
      const j = padded.judges![0]!;
      expect(j.requests).toBe(30);
      expect(j.paddedTo).toBe(100);
      expect(j.costLikely!).toBeCloseTo(plain.costLikely! * 100 / 30, 12);
      // Each request is sent at most ceil(100 / 30) = 4 times, whichever 10 the partial cycle repeats.
      expect(j.costMax!).toBeCloseTo(plain.costMax! * 4, 12);
      expect(j.inputTokensMax).toBe(plain.inputTokensMax * 4);
      expect(estimateTable(padded)).toMatch(/padded to 100/);
      // A budget above the unpadded bound but below the padded one is refused.
      const budget = padded.batchMax! + 2 * plain.costMax!;
      expect(() => checkBudget(cfg('unscored', { budgetUsd: budget }), estimateRun(cfg('unscored'), suite), false)).not.toThrow();
      expect(() => checkBudget(cfg('pad', { budgetUsd: budget }), padded, false)).toThrow(/above budgetUsd/);
      // At or above the minimum nothing is padded.
      expect(estimateRun(cfg('pad', { quotas: { minRecordsPerJob: 30 } }), suite).judges![0]!.paddedTo).toBeUndefined();
    } finally {
      project.cleanup();
    }
  });

  it('a padded judge run costs no more than the estimate said it could (emulator, through beval run)', async () => {
    const project = tempProject({ models: MODELS, mode: 'realtime', judges: JUDGES, judge: { belowMinimum: 'pad' } }, arithmeticSuite(30));
    try {
      const io = captureIo(project.dir);
      expect(await main(['run', '--config', project.config], io)).toBe(0);
      expect(io.err()).toMatch(/padding the job with 70 repeated request/);
      const suite = loadSuite(path.join(project.dir, 'suite.jsonl'));
      const est = estimateRun(resolveConfig({ suite: 'suite.jsonl', models: MODELS, mode: 'realtime', judges: JUDGES, judge: { belowMinimum: 'pad' } }, project.config), suite);
      const runId = /Run (\S+) finished/.exec(io.out())![1]!;
      const summary = JSON.parse(fs.readFileSync(path.join(project.dir, 'reports', runId, 'results.json'), 'utf8')) as { summary: { judge: { inputTokens: number; outputTokens: number; cost: number } } };
      const judge = summary.summary.judge;
      const j = est.judges![0]!;
      expect(judge.inputTokens).toBeLessThanOrEqual(j.inputTokensMax);
      expect(judge.outputTokens).toBeLessThanOrEqual(j.outputTokensMax);
      expect(judge.cost).toBeLessThanOrEqual(est.judgeBatchMax!);
      // The padded copies are billed, so the actual input is above what 30 unpadded requests could read.
      const unpadded = estimateRun(resolveConfig({ suite: 'suite.jsonl', models: MODELS, judges: JUDGES }, project.config), suite).judges![0]!;
      expect(judge.inputTokens).toBeGreaterThan(unpadded.inputTokensMax);
    } finally {
      project.cleanup();
    }
  });
});
