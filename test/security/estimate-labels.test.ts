// Config labels reach the estimate's notes and the budget refusal: escape sequences and line breaks in a label print
// as visible escapes, like every other outside text (they used to reach the terminal raw).
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { writeProject } from '../run/helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const LABEL = 'evil\u001b]0;pwned\u0007\u001b[31m\n::error::forged';

describe('labels in the cost estimate', () => {
  it('print escaped in the "no price known" note and in the budget refusal', async () => {
    const dir = tempDir('estimate-labels');
    const config = writeProject(dir, 10, { models: [{ id: 'custom.unknown-model-v1', label: LABEL }], budgetUsd: 1 });
    const estimate = captureIo(dir);
    await main(['estimate', '--config', config], estimate);
    const run = captureIo(dir);
    expect(await main(['run', '--config', config], run)).toBe(1);
    for (const text of [estimate.out() + estimate.err(), run.out() + run.err()]) {
      expect(text).toContain('evil\\x1b]0;pwned\\x07\\x1b[31m\\n::error::forged');
      expect(text).not.toMatch(/[\u001b\u0007]/);
      expect(text).not.toMatch(/^::error::/m);
    }
  });
});
