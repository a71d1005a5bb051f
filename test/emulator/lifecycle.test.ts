// Full job runs through the SDK: outputs + manifest, shuffled order, folder input, per-record errors, Failed and Stopped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StopModelInvocationJobCommand } from '@aws-sdk/client-bedrock';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { FAST, additionRecords, clients, createJob, getText, putText, record, waitStatus, waitTerminal, type Clients } from './helpers.ts';

let emu: RunningEmulator;
let c: Clients;

beforeAll(async () => {
  emu = await startEmulator({ timing: FAST, seed: 7 });
  c = clients(emu);
});
afterAll(() => emu.close());

const idOf = (arn: string): string => arn.split('/').pop() ?? '';
const parseLines = (text: string): Array<Record<string, unknown>> => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('job lifecycle', () => {
  it('runs to Completed and writes shuffled output lines plus a manifest whose counts match', async () => {
    await putText(c, 's3://data/run1/input.jsonl', additionRecords(120));
    const arn = await createJob(c, { jobName: 'full-run', inputDataConfig: { s3InputDataConfig: { s3Uri: 's3://data/run1/input.jsonl' } }, outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://data/run1/out' } } });
    const job = await waitTerminal(c, arn);
    expect(job.status).toBe('Completed');
    expect(job.endTime).toBeInstanceOf(Date);
    expect([job.totalRecordCount, job.processedRecordCount, job.successRecordCount, job.errorRecordCount]).toEqual([120, 120, 120, 0]);

    const text = await getText(c, `s3://data/run1/out/${idOf(arn)}/input.jsonl.out`);
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toContain('\r');
    const lines = parseLines(text);
    const ids = lines.map((l) => l.recordId as string);
    expect([...ids].sort()).toEqual(Array.from({ length: 120 }, (_, i) => `r${String(i + 1).padStart(4, '0')}`));
    expect(ids).not.toEqual([...ids].sort());

    const first = lines[0] as { modelInput: unknown; modelOutput: { output: { message: { role: string; content: Array<Record<string, unknown>> } }; stopReason: string; usage: Record<string, unknown> } };
    expect(first.modelInput).toHaveProperty('messages');
    expect(first.modelOutput.output.message.role).toBe('assistant');
    const block = first.modelOutput.output.message.content[0] ?? {};
    expect(Object.keys(block)).toHaveLength(12);
    expect(block.image).toBeNull();
    expect(block.text).toMatch(/\nAnswer: -?\d+$/);
    expect(first.modelOutput.stopReason).toBe('end_turn');

    const manifest = JSON.parse(await getText(c, `s3://data/run1/out/${idOf(arn)}/manifest.json.out`)) as Record<string, number>;
    const usage = lines.map((l) => (l.modelOutput as { usage: { inputTokens: number; outputTokens: number } }).usage);
    expect(manifest).toEqual({
      totalRecordCount: 120, processedRecordCount: 120, successRecordCount: 120, errorRecordCount: 0,
      inputTokenCount: usage.reduce((s, u) => s + u.inputTokens, 0), outputTokenCount: usage.reduce((s, u) => s + u.outputTokens, 0),
    });
  });

  it('shuffles deterministically for a given seed and job id, differently for another seed', async () => {
    const orderFor = async (seed: number): Promise<string[]> => {
      const fresh = await startEmulator({ timing: FAST, seed });
      try {
        const fc = clients(fresh);
        await putText(fc, 's3://det/in.jsonl', additionRecords(120));
        const arn = await createJob(fc, { jobName: 'det-run', inputDataConfig: { s3InputDataConfig: { s3Uri: 's3://det/in.jsonl' } }, outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://det/out/' } } });
        await waitTerminal(fc, arn);
        return parseLines(await getText(fc, `s3://det/out/${idOf(arn)}/in.jsonl.out`)).map((l) => l.recordId as string);
      } finally {
        await fresh.close();
      }
    };
    const [a, b, other] = [await orderFor(3), await orderFor(3), await orderFor(4)];
    expect(a).toEqual(b);
    expect(other).not.toEqual(a);
  });

  it('reads every .jsonl under a folder prefix and writes one .out per file', async () => {
    await putText(c, 's3://data/folder/a.jsonl', additionRecords(60));
    await putText(c, 's3://data/folder/b.jsonl', additionRecords(50).replace(/"r0/g, '"b0'));
    await putText(c, 's3://data/folder/notes.txt', 'ignored');
    const arn = await createJob(c, { jobName: 'folder-run', inputDataConfig: { s3InputDataConfig: { s3Uri: 's3://data/folder/' } }, outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://data/folder-out/' } } });
    const job = await waitTerminal(c, arn);
    expect(job.status).toBe('Completed');
    expect(job.totalRecordCount).toBe(110);
    expect(parseLines(await getText(c, `s3://data/folder-out/${idOf(arn)}/a.jsonl.out`))).toHaveLength(60);
    expect(parseLines(await getText(c, `s3://data/folder-out/${idOf(arn)}/b.jsonl.out`))).toHaveLength(50);
  });

  it('turns bad records into error lines while the job still completes', async () => {
    const special = [
      JSON.stringify({ recordId: 'tool1', modelInput: { messages: [{ role: 'user', content: [{ text: 'What is 1 + 1?' }] }], toolConfig: { tools: [] } } }),
      JSON.stringify({ recordId: 'model1', modelInput: { modelId: 'x', messages: [{ role: 'user', content: [{ text: 'What is 1 + 1?' }] }] } }),
      record('big1', 'What is 1 + 1?', 100_000),
      JSON.stringify({ modelInput: { messages: [{ role: 'user', content: [{ text: '日本語 🎉 What is 2 + 2?' }] }] } }),
    ];
    await putText(c, 's3://data/errs/in.jsonl', `${additionRecords(100)}${special.join('\n')}\n`);
    const arn = await createJob(c, { jobName: 'errs-run', inputDataConfig: { s3InputDataConfig: { s3Uri: 's3://data/errs/in.jsonl' } }, outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://data/errs/out/' } } });
    const job = await waitTerminal(c, arn);
    expect(job.status).toBe('Completed');
    expect([job.successRecordCount, job.errorRecordCount]).toEqual([101, 3]);
    const raw = await getText(c, `s3://data/errs/out/${idOf(arn)}/in.jsonl.out`);
    expect(raw).toContain('日本語 🎉');
    const byId = new Map(parseLines(raw).map((l) => [l.recordId as string, l]));
    expect(byId.get('tool1')?.error).toMatchObject({ errorCode: 400 });
    expect((byId.get('model1')?.error as { errorMessage: string }).errorMessage).toContain('Extra inputs are not permitted');
    expect((byId.get('big1')?.error as { errorMessage: string }).errorMessage).toContain('exceeds the model limit of 4096');
    const generated = [...byId.keys()].filter((id) => !/^(r\d{4}|tool1|model1|big1)$/.test(id));
    expect(generated).toHaveLength(1);
    expect(generated[0]).toMatch(/^[A-Z0-9]{11}$/);
  });

  it('errors every record of an InvokeModel-type job (forgot modelInvocationType)', async () => {
    await putText(c, 's3://data/invoke/in.jsonl', additionRecords(100));
    const arn = await createJob(c, { jobName: 'invoke-run', modelInvocationType: undefined, inputDataConfig: { s3InputDataConfig: { s3Uri: 's3://data/invoke/in.jsonl' } } });
    const job = await waitTerminal(c, arn);
    expect([job.status, job.modelInvocationType, job.errorRecordCount]).toEqual(['Completed', 'InvokeModel', 100]);
  });

  it.each([
    ['fewer records than the minimum', 'few.jsonl', additionRecords(5), /contains 5 records, fewer than the minimum of 100/],
    ['a malformed JSON line', 'bad.jsonl', `${additionRecords(100)}{not json\n`, /Invalid JSON .*bad\.jsonl at line 101/],
    ['a record without modelInput', 'nomi.jsonl', `${additionRecords(100)}{"recordId":"x"}\n`, /missing the required "modelInput"/],
    ['no .jsonl at the input', 'nothing/', undefined, /No \.jsonl files were found/],
  ])('fails during Validating for %s', async (_name, key, body, message) => {
    if (body !== undefined) await putText(c, `s3://data/fail/${key}`, body);
    const arn = await createJob(c, { jobName: `fail-${key.replace(/[^a-z]/g, '')}`, inputDataConfig: { s3InputDataConfig: { s3Uri: `s3://data/fail/${key}` } } });
    const job = await waitTerminal(c, arn);
    expect(job.status).toBe('Failed');
    expect(job.message).toMatch(message);
    expect(job.totalRecordCount).toBe(0);
    expect(job.endTime).toBeInstanceOf(Date);
  });
});

describe('stopping a running job', () => {
  it('ends Stopped and keeps the records already written', async () => {
    const slow = await startEmulator({ timing: { stepMs: 10, recordsPerSecond: 200 } });
    try {
      const sc = clients(slow);
      await putText(sc, 's3://stop-bucket/in.jsonl', additionRecords(400));
      const arn = await createJob(sc, { jobName: 'stop-run', inputDataConfig: { s3InputDataConfig: { s3Uri: 's3://stop-bucket/in.jsonl' } }, outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://stop-bucket/out/' } } });
      await waitStatus(sc, arn, 'InProgress');
      await sc.bedrock.send(new StopModelInvocationJobCommand({ jobIdentifier: arn }));
      const job = await waitTerminal(sc, arn);
      expect(job.status).toBe('Stopped');
      const lines = parseLines(await getText(sc, `s3://stop-bucket/out/${idOf(arn)}/in.jsonl.out`));
      expect(lines.length).toBe(job.processedRecordCount);
      expect(lines.length).toBeLessThan(400);
      const manifest = JSON.parse(await getText(sc, `s3://stop-bucket/out/${idOf(arn)}/manifest.json.out`)) as Record<string, number>;
      expect(manifest.processedRecordCount).toBe(lines.length);
      expect(manifest.totalRecordCount).toBe(400);
    } finally {
      await slow.close();
    }
  });
});
