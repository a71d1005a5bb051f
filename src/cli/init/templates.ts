// What `beval init` writes: a commented config and a three-record suite that run as they are on the emulator, and
// show where a real Bedrock run changes them. Kept as text here so the package needs no data files.

export const INIT_CONFIG = `// beval configuration. Every field is documented on its type: hover it in your editor (or see beval's README).
// \`npx beval run\` runs it on the built-in emulator: no AWS account, a few seconds.
import { defineConfig } from 'beval';

export default defineConfig({
  // One Converse batch record per line; paths here are relative to this file. Check it with \`npx beval validate\`.
  suite: 'suite.jsonl',
  // The emulator's deterministic models. On Amazon Bedrock use model or inference-profile IDs, e.g.
  // { id: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', label: 'haiku-4.5' }.
  models: [
    { id: 'beval.arith-v1', label: 'arith' },
    { id: 'beval.verbose-v1', label: 'verbose' },
  ],
  // Every other model is compared with this one, record by record.
  baseline: 'arith',
  // Bedrock batch jobs take at least 100 records; 'auto' sends smaller suites through the Converse API instead.
  mode: 'auto',
  // Reads the last number of each answer and compares it with the record's \`expected\`.
  scorers: ['numeric'],
  target: { kind: 'emulator' },
  // On Amazon Bedrock (beval's docs/aws.md lists the bucket, the service role and the permissions):
  // target: { kind: 'aws', region: 'us-east-1' },
  // s3: { bucket: 'my-evals-bucket', prefix: 'beval/' },
  // roleArn: 'arn:aws:iam::123456789012:role/BedrockBatchInference',
  // budgetUsd: 20,
  // The CI verdict of \`beval run --gate\` / \`beval gate\`: exit 0 pass, 2 regression, 3 inconclusive.
  gate: { candidates: ['verbose'], rules: [{ metric: 'numeric', margin: 0.05 }] },
  outDir: 'reports',
});
`;

const record = (id: string, question: string, expected: string, tag: string): string => JSON.stringify({
  recordId: id,
  modelInput: {
    system: [{ text: 'Answer briefly and finish with a line "Answer: <number>".' }],
    messages: [{ role: 'user', content: [{ text: question }] }],
    inferenceConfig: { maxTokens: 200 },
  },
  expected,
  tags: [tag],
});

export const INIT_SUITE = [
  // On the emulator, arith-v1 gets q3 wrong (as it does a quarter of all prompts) and verbose-v1 gets all three right.
  record('q1', 'What is 15 + 27?', '42', 'addition'),
  record('q2', 'What is 9 × 7?', '63', 'multiplication'),
  record('q3', 'What is 6 × 9?', '54', 'multiplication'),
].join('\n') + '\n';
