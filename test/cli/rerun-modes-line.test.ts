// The line under a rerun's estimate, as pure logic over each model's way: which prices, and which models go another
// way than the run sent them (the end-to-end tests in test/recover/rerun-cost*.test.ts print it through the CLI).
import { describe, expect, it } from 'vitest';
import { rerunModesLine } from '../../src/cli/rerun-modes-line.ts';
import { attemptMode } from '../../src/run/rerun.ts';
import type { AttemptModelMode } from '../../src/pipeline/rerun.ts';
import type { ExecutionMode } from '../../src/types/results.ts';

const way = (label: string, records: number, mode: ExecutionMode, runMode: ExecutionMode): AttemptModelMode =>
  ({ model: { key: label, id: `beval.${label}-v1`, label, shards: [] }, records, mode, runMode });
const CTX = { minRecordsPerJob: 100, hasS3: true };

describe('rerunModesLine', () => {
  it.each<[string, AttemptModelMode[], typeof CTX & { configRealtime?: boolean }, string]>([
    ['every model batch, as the run', [way('a', 150, 'batch', 'batch'), way('b', 120, 'batch', 'batch')], CTX,
      'The records sent again go as the run did: every model as batch jobs, at the BATCH prices.'],
    ['every model realtime, as the run', [way('a', 3, 'realtime', 'realtime')], CTX,
      'The records sent again go as the run did: every model realtime through the Converse API, at the ON-DEMAND prices.'],
    ['each as the run, the run\'s models apart (reuse)', [way('a', 3, 'realtime', 'realtime'), way('b', 150, 'batch', 'batch')], CTX,
      'The records sent again go as the run did: a realtime through the Converse API, at the ON-DEMAND prices; b as batch jobs, at the BATCH prices.'],
    ['one under the minimum after a batch run', [way('a', 19, 'realtime', 'batch'), way('b', 200, 'batch', 'batch')], CTX,
      'The records sent again go: a realtime through the Converse API, at the ON-DEMAND prices, not as batch jobs like the run (19 record(s), under the batch minimum of 100); b as batch jobs, at the BATCH prices, as the run did.'],
    ['one reaching the minimum after a realtime run', [way('a', 120, 'batch', 'realtime')], CTX,
      'The records sent again go: a as batch jobs, at the BATCH prices, not realtime like the run (120 record(s) reach the batch minimum of 100).'],
    ['no S3 location', [way('a', 120, 'realtime', 'batch')], { minRecordsPerJob: 100, hasS3: false },
      'The records sent again go: a realtime through the Converse API, at the ON-DEMAND prices, not as batch jobs like the run (the run has no S3 location for a batch job).'],
    ['the config says realtime after a batch run', [way('a', 150, 'realtime', 'batch')], { minRecordsPerJob: 100, hasS3: true, configRealtime: true },
      'The records sent again go: a realtime through the Converse API, at the ON-DEMAND prices, not as batch jobs like the run (the config says mode: \'realtime\').'],
  ])('%s', (_name, modes, ctx, line) => {
    expect(rerunModesLine(modes, ctx)).toBe(line);
  });
});

describe('attemptMode', () => {
  const s3 = { s3: { bucket: 'b', prefix: 'p' } } as unknown as Parameters<typeof attemptMode>[1];
  it('batch from the job minimum with an S3 location, realtime under it or without one, and always realtime when the config says so', () => {
    const q = { minRecordsPerJob: 100 } as Parameters<typeof attemptMode>[0]['quotas'];
    expect(attemptMode({ quotas: q, mode: 'auto' }, s3, 100)).toBe('batch');
    expect(attemptMode({ quotas: q, mode: 'batch' }, s3, 100)).toBe('batch');
    expect(attemptMode({ quotas: q, mode: 'auto' }, s3, 99)).toBe('realtime');
    expect(attemptMode({ quotas: q, mode: 'batch' }, s3, 99)).toBe('realtime');
    expect(attemptMode({ quotas: q, mode: 'auto' }, {}, 500)).toBe('realtime');
    expect(attemptMode({ quotas: q, mode: 'realtime' }, s3, 500)).toBe('realtime');
  });
});
