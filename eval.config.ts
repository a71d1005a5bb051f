// The example evaluation: the example suite against three built-in emulator models, no AWS account needed.
// To run on Amazon Bedrock, change `target`, `s3` and `roleArn` (see README, "Running on Amazon Bedrock") and the model ids.
import { defineConfig } from 'beval';

export default defineConfig({
  suite: 'suites/example.jsonl',
  models: [
    { id: 'beval.arith-v1', label: 'arith' },
    { id: 'beval.flaky-v1', label: 'flaky' },
    { id: 'beval.verbose-v1', label: 'verbose' },
  ],
  baseline: 'arith',
  target: { kind: 'emulator' },
  scorers: ['numeric'],
  // LLM judges run as batch jobs after generation (docs/judges.md); `beval.judge-v1` is the emulator's judge model.
  judges: [
    { kind: 'rubric', model: 'beval.judge-v1', rubric: 'The final answer is arithmetically correct and clearly stated.' },
    { kind: 'pairwise', model: 'beval.judge-v1' },
  ],
  outDir: 'reports',
});
