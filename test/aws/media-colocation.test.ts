// Records that reference S3 media (`s3Location`): AWS requires every referenced object in the bucket and folder the
// job's inputDataConfig names. The emulator enforces that per record (as a 400), and beval copies each object into
// the shard's input folder with CopyObject and rewrites the URIs, end to end through the real SDK.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { main } from '../../src/cli/main.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { arithmeticSuite, tempProject, type TempProject } from '../helpers/project.ts';
import { captureIo } from '../helpers/io.ts';
import { clients, createJob, getText, putText, record, waitTerminal, FAST } from '../emulator/helpers.ts';

let emu: RunningEmulator | undefined;
let project: TempProject | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
  project?.cleanup();
  project = undefined;
});

const CAT = 's3://media-src/assets/cat.png';
const DOG = 's3://media-src/assets/dog photo.png';

/** 100 arithmetic records; every tenth also shows an image by S3 URI (two distinct objects). */
function suiteWithImages(): string {
  return arithmeticSuite(100).trim().split('\n').map((line, i) => {
    const r = JSON.parse(line) as { modelInput: { messages: { content: unknown[] }[] } };
    if (i % 10 === 0) r.modelInput.messages[0]!.content.push({ image: { format: 'png', source: { s3Location: { uri: i % 20 === 0 ? CAT : DOG } } } });
    return JSON.stringify(r);
  }).join('\n') + '\n';
}

async function run(putSources: boolean) {
  emu = await startEmulator({ timing: FAST });
  const c = clients(emu);
  if (putSources) for (const uri of [CAT, DOG]) await putText(c, uri, `png bytes of ${uri}`);
  project = tempProject({ models: [{ id: 'beval.arith-v1', label: 'arith' }], target: { kind: 'emulator', endpoint: emu.endpoint }, s3: { bucket: 'evals' } }, suiteWithImages());
  const io = captureIo(project.dir);
  const code = await main(['run', '-c', project.config], io);
  return { code, io, c };
}

describe('the emulator enforces the co-location rule', () => {
  it('fails a record whose image is outside the job input folder with a 400, and runs one whose image is inside it', async () => {
    emu = await startEmulator({ timing: FAST });
    const c = clients(emu);
    await putText(c, 's3://bucket/elsewhere/cat.png', 'png');
    await putText(c, 's3://bucket/in/media/cat.png', 'png');
    const withImage = (id: string, uri: string) => {
      const r = JSON.parse(record(id, 'What is 2 + 2?')) as { modelInput: { messages: { content: unknown[] }[] } };
      r.modelInput.messages[0]!.content.push({ image: { format: 'png', source: { s3Location: { uri } } } });
      return JSON.stringify(r);
    };
    const lines = Array.from({ length: 100 }, (_, i) => (i === 0 ? withImage('out1', 's3://bucket/elsewhere/cat.png') : i === 1 ? withImage('in1', 's3://bucket/in/media/cat.png') : i === 2 ? withImage('gone1', 's3://bucket/in/media/missing.png') : record(`r${i}`, `What is ${i} + 1?`)));
    await putText(c, 's3://bucket/in/input.jsonl', `${lines.join('\n')}\n`);
    const arn = await createJob(c, { inputDataConfig: { s3InputDataConfig: { s3Uri: 's3://bucket/in/' } } });
    await waitTerminal(c, arn);
    const listed = await c.s3.send(new ListObjectsV2Command({ Bucket: 'bucket', Prefix: 'out/' }));
    const out = listed.Contents!.find((o) => o.Key!.endsWith('input.jsonl.out'))!;
    const byId = new Map((await getText(c, `s3://bucket/${out.Key}`)).trim().split('\n').map((l) => JSON.parse(l) as { recordId: string; error?: { errorCode: number; errorMessage: string } }).map((l) => [l.recordId, l]));
    expect(byId.get('out1')?.error?.errorCode).toBe(400);
    expect(byId.get('out1')?.error?.errorMessage).toMatch(/not in the job's input location s3:\/\/bucket\/in\//);
    expect(byId.get('gone1')?.error?.errorMessage).toMatch(/does not exist/);
    expect(byId.get('in1')?.error).toBeUndefined();
  }, 60_000);
});

describe('beval copies referenced media into each shard\'s input folder', () => {
  it('copies each distinct object once, rewrites the uploaded URIs, and every record is answered', async () => {
    const { code, io } = await run(true);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(emu!.counters().copyObjectCalls).toBe(2);
    const runDir = path.join(project!.dir, 'reports', fs.readdirSync(path.join(project!.dir, 'reports')).find((d) => !d.startsWith('.') && !d.includes('.'))!);
    const uploaded = fs.readFileSync(path.join(runDir, 'inputs', 'arith', 'shard-0', 'part-0.jsonl'), 'utf8');
    const ledger = JSON.parse(fs.readFileSync(path.join(runDir, 'ledger.json'), 'utf8')) as { models: { shards: { inputUri: string; media?: { source: string; uri: string; copied: boolean }[] }[] }[] };
    const shard = ledger.models[0]!.shards[0]!;
    expect(shard.media?.map((m) => m.source).sort()).toEqual([CAT, DOG]);
    for (const m of shard.media!) {
      expect(m.copied).toBe(true);
      expect(m.uri.startsWith(`${shard.inputUri}media/`)).toBe(true);
      expect(uploaded).toContain(m.uri);
    }
    expect(uploaded).not.toContain('media-src');
    const results = JSON.parse(fs.readFileSync(path.join(runDir, 'results.json'), 'utf8')) as { records: { cells: Record<string, { status: string }> }[] };
    expect(results.records.filter((r) => r.cells.arith?.status !== 'ok')).toEqual([]);
  }, 60_000);

  it('refuses a source it cannot copy, naming the record, its suite line and the URI, before any job exists', async () => {
    const { code, io } = await run(false);
    expect(code).toBe(1);
    expect(io.err()).toMatch(/S3 refused to copy a media object the suite references, copying s3:\/\/media-src\/assets\/cat\.png \(suite line 1, record r0000\) into the job's input folder: NoSuch(Key|Bucket)/);
    expect(emu!.counters().jobsCreated).toBe(0);
  }, 60_000);
});
