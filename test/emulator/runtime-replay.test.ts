// Runtime Converse through @aws-sdk/client-bedrock-runtime, and replay models in both batch jobs and runtime calls.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConverseCommand, ModelErrorException, ResourceNotFoundException, ThrottlingException, ValidationException, InternalServerException } from '@aws-sdk/client-bedrock-runtime';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { FAST, additionRecords, clients, createJob, getText, putText, waitTerminal, type Clients } from './helpers.ts';

interface OutLine {
  recordId: string;
  modelOutput: { output: { message: { content: Array<{ text: string | null }> } }; usage: Record<string, unknown> };
  error?: { errorCode: number };
}

let emu: RunningEmulator;
let c: Clients;
let recordingFile: string;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'beval-replay-'));
  recordingFile = join(dir, 'rec.jsonl');
  const lines = Array.from({ length: 110 }, (_, i) => JSON.stringify({ prompt: `What is ${i + 1} + 7?`, output: `It is ${i + 8}.\nAnswer: ${i + 8}`, stopReason: 'end_turn', inputTokens: 11, outputTokens: 9 }));
  lines.push(JSON.stringify({ prompt: 'first\nsecond', output: 'joined prompt matched' }));
  await writeFile(recordingFile, `${lines.join('\n')}\n`);
  emu = await startEmulator({
    timing: FAST,
    replay: { 'recorded.model-v1': recordingFile },
    faults: [
      { kind: 'throttle', n: 1, op: 'Converse', model: 'beval.verbose-v1' },
      { kind: 'server-error', n: 1, op: 'Converse', model: 'beval.verbose-v1' },
      { kind: 'record-errors', fraction: 1, model: 'us.beval.arith-v1' },
    ],
  });
  c = clients(emu);
});
afterAll(() => emu.close());

const converse = (modelId: string, text: string, maxTokens?: number) =>
  c.runtime.send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text }] }], ...(maxTokens ? { inferenceConfig: { maxTokens } } : {}) }));

describe('runtime Converse', () => {
  it('answers with a clean Converse response and counts calls', async () => {
    const out = await converse('beval.flaky-v1', 'What is 19 + 23?');
    expect(out.output?.message?.content).toEqual([{ text: '19 + 23 = 42\nAnswer: 42' }]);
    expect(out.stopReason).toBe('end_turn');
    expect(out.usage).toEqual({ inputTokens: 4, outputTokens: 6, totalTokens: 10 });
    expect(typeof out.metrics?.latencyMs).toBe('number');
    expect(emu.counters().converseCalls['beval.flaky-v1']).toBe(1);
  });

  it('percent-decodes a model ARN in the path', async () => {
    const out = await converse('arn:aws:bedrock:us-east-1::foundation-model/beval.flaky-v1', 'What is 19 + 23?');
    expect(out.output?.message?.content?.[0]?.text).toMatch(/Answer: 42$/);
    expect(emu.counters().converseCalls['arn:aws:bedrock:us-east-1::foundation-model/beval.flaky-v1']).toBe(1);
  });

  it('emits reasoning then text and truncates at maxTokens', async () => {
    // The first two calls to the verbose model hit the injected throttle and server error.
    await expect(converse('beval.verbose-v1', 'What is 2 + 2?')).rejects.toBeInstanceOf(ThrottlingException);
    await expect(converse('beval.verbose-v1', 'What is 2 + 2?')).rejects.toBeInstanceOf(InternalServerException);
    const out = await converse('beval.verbose-v1', 'What is 2 + 2?', 20);
    const content = out.output?.message?.content ?? [];
    expect(content[0]?.reasoningContent?.reasoningText?.text).toBeTruthy();
    expect(out.stopReason).toBe('max_tokens');
    expect(out.usage?.outputTokens).toBe(20);
  });

  it.each([
    ['maxTokens over the ceiling', 'beval.arith-v1', 999_999, ValidationException],
    ['an unknown model', 'nobody.model-v1', undefined, ValidationException],
    ['a prompt without a recording', 'recorded.model-v1', undefined, ResourceNotFoundException],
    ['an injected record error', 'us.beval.arith-v1', undefined, ModelErrorException],
  ] as const)('maps %s to the runtime exception', async (_name, modelId, maxTokens, errorClass) => {
    await expect(converse(modelId, 'What is 1000 + 1?', maxTokens)).rejects.toBeInstanceOf(errorClass);
  });

  it('maps the flaky model per-record errors to 400/424/429 exceptions', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200 && seen.size < 3; i++) {
      const err = await converse('beval.flaky-v1', `What is ${i} + ${i}?`).then(() => undefined, (e: unknown) => e as Error);
      if (err) seen.add(err.name);
    }
    expect([...seen].sort()).toEqual(['ModelErrorException', 'ThrottlingException', 'ValidationException']);
  });

  it('replays a recording keyed by all user text joined with newlines', async () => {
    const out = await c.runtime.send(new ConverseCommand({
      modelId: 'recorded.model-v1',
      messages: [{ role: 'user', content: [{ text: 'first' }, { text: 'second' }] }],
    }));
    expect(out.output?.message?.content?.[0]?.text).toBe('joined prompt matched');
  });
});

describe('replay in a batch job', () => {
  it('answers recorded prompts verbatim and errors the rest with 404', async () => {
    await putText(c, 's3://bucket/replay/in.jsonl', additionRecords(120));
    const arn = await createJob(c, { modelId: 'recorded.model-v1', inputDataConfig: { s3InputDataConfig: { s3Uri: 's3://bucket/replay/in.jsonl' } }, outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://bucket/replay/out/' } } });
    const job = await waitTerminal(c, arn);
    expect([job.status, job.successRecordCount, job.errorRecordCount]).toEqual(['Completed', 110, 10]);
    const lines = (await getText(c, `s3://bucket/replay/out/${arn.split('/').pop()}/in.jsonl.out`)).trim().split('\n').map((l) => JSON.parse(l) as OutLine);
    const r5 = lines.find((l) => l.recordId === 'r0005');
    expect(r5?.modelOutput.output.message.content[0]?.text).toBe('It is 12.\nAnswer: 12');
    expect(r5?.modelOutput.usage).toMatchObject({ inputTokens: 11, outputTokens: 9, totalTokens: 20 });
    expect(lines.find((l) => l.recordId === 'r0120')?.error).toMatchObject({ errorCode: 404 });
  });
});
