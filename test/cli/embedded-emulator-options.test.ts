// The in-process emulator enforces the input quotas the config plans with, so raised account quotas work locally.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { embeddedEmulatorOptions } from '../../src/pipeline/target.ts';
import { DEFAULT_QUOTAS } from '../../src/emulator/quotas.ts';
import { arithmeticSuite, tempProject } from '../helpers/project.ts';

describe('embedded emulator options', () => {
  const project = tempProject({ models: [{ id: 'beval.arith-v1' }] }, arithmeticSuite(100));
  afterAll(() => project.cleanup());

  it.each([
    ['defaults', {}, { maxRecordsPerJob: 50_000, maxRecordsPerFile: 50_000, maxBytesPerFile: 1_000_000_000, maxBytesPerJob: 5_000_000_000 }],
    ['raised quotas', { maxRecordsPerJob: 100_000, maxRecordsPerFile: 100_000, maxBytesPerFile: 2_000_000_000, maxBytesPerJob: 8_000_000_000, maxConcurrentJobsPerModel: 3 },
      { maxRecordsPerJob: 100_000, maxRecordsPerFile: 100_000, maxBytesPerFile: 2_000_000_000, maxBytesPerJob: 8_000_000_000 }],
  ])('%s: the emulator gets the config\'s input quotas, and keeps its own concurrent-job quota', async (_, quotas, expected) => {
    fs.writeFileSync(project.config, `export default ${JSON.stringify({ suite: 'suite.jsonl', models: [{ id: 'beval.arith-v1' }], quotas })};\n`);
    const config = await loadConfig(project.dir, project.config);
    if (config.target.kind !== 'emulator') throw new Error('expected the emulator target');
    const opts = embeddedEmulatorOptions(config, config.target);
    expect(opts.quotas).toEqual(expected);
    expect({ ...DEFAULT_QUOTAS, ...opts.quotas }.maxConcurrentJobsPerModel).toBe(DEFAULT_QUOTAS.maxConcurrentJobsPerModel);
  });
});
