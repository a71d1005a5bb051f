// The embedding-similarity scorer end to end: the emulator's deterministic embedding model behind InvokeModel (real
// SDK over HTTP), scored through the run's realtime client in `run` and again in `beval score`.
import fs from 'node:fs';
import path from 'node:path';
import { BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.ts';
import { cosine } from '../../src/scorers/embedding.ts';
import { main } from '../../src/cli/main.ts';
import { captureIo } from '../helpers/io.ts';
import { suiteLines } from '../run/helpers.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const dir = tempDir('embedding');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the emulator embedding model (InvokeModel)', () => {
  it('is deterministic, sized and normalised; close texts are closer; bad requests get Bedrock errors', async () => {
    const emu = await startEmulator();
    try {
      const client = new BedrockRuntimeClient({ endpoint: emu.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'x' }, maxAttempts: 1 });
      const embed = async (inputText: string, extra: Record<string, unknown> = {}) => JSON.parse(Buffer.from((await client.send(new InvokeModelCommand({ modelId: 'beval.embed-v1', contentType: 'application/json', body: JSON.stringify({ inputText, ...extra }) }))).body).toString()) as { embedding: number[]; inputTextTokenCount: number };
      const a = await embed('The answer is 1357.');
      expect(a.embedding).toHaveLength(1024);
      expect(a.inputTextTokenCount).toBe(4);
      expect((await embed('The answer is 1357.')).embedding).toEqual(a.embedding);
      expect(cosine(a.embedding, a.embedding)).toBeCloseTo(1, 5);
      expect((await embed('x', { dimensions: 256 })).embedding).toHaveLength(256);
      const near = cosine(a.embedding, (await embed('the answer is 1357')).embedding);
      const far = cosine(a.embedding, (await embed('Paris is the capital of France')).embedding);
      expect(near).toBeGreaterThan(0.9);
      expect(far).toBeLessThan(near - 0.4);
      await expect(embed('x', { dimensions: 300 })).rejects.toMatchObject({ name: 'ValidationException' });
      await expect(embed('')).rejects.toMatchObject({ name: 'ValidationException' });
      await expect(client.send(new InvokeModelCommand({ modelId: 'beval.arith-v1', body: JSON.stringify({ inputText: 'x' }) }))).rejects.toMatchObject({ name: 'ValidationException' });
    } finally {
      await emu.close();
    }
  });
});

describe('embedding scorer in a run', () => {
  it('scores every answered record through the realtime client, and beval score gives the same numbers', async () => {
    fs.writeFileSync(path.join(dir, 'suite.jsonl'), suiteLines(20));
    const config = path.join(dir, 'eval.config.ts');
    fs.writeFileSync(config, `export default ${JSON.stringify({
      suite: 'suite.jsonl', models: [{ id: 'beval.arith-v1', label: 'arith' }, { id: 'beval.verbose-v1', label: 'verbose' }], mode: 'realtime', outDir: 'reports',
      scorers: ['numeric', { name: 'similar', embedding: 'beval.embed-v1', dimensions: 256, threshold: 0.2 }, { name: 'wrong-model', embedding: 'beval.arith-v1' }],
    })};\n`);
    const io = captureIo(dir);
    expect(await main(['run', '--config', config], io)).toBe(0);
    const runDir = path.resolve(dir, /run directory: (\S+)/.exec(io.out())![1]!);
    const read = () => JSON.parse(fs.readFileSync(path.join(runDir, 'results.json'), 'utf8')) as { summary: { perModel: { metrics: { metric: string; scored: number; mean: number | null }[] }[] }; records: { cells: Record<string, { scores: ([number | null, boolean | null] | null)[] }> }[] };
    const first = read();
    for (const pm of first.summary.perModel) {
      expect(pm.metrics[1]).toMatchObject({ metric: 'similar', scored: 20 });
      expect(pm.metrics[2]).toMatchObject({ metric: 'wrong-model', scored: 0 });
    }
    const sims = first.records.flatMap((r) => Object.values(r.cells).map((c) => c.scores[1]![0]!));
    expect(sims.every((v) => typeof v === "number" && v >= -1 && v <= 1)).toBe(true);
    expect(new Set(sims).size).toBeGreaterThan(5);
    const reasons = fs.readFileSync(path.join(runDir, 'scores.csv'), 'utf8');
    expect(reasons).toMatch(/"?similar"?,"?[\d.]+"?,"?(true|false)"?,"?cosine [\d.]+ with ""\d+"" \(beval\.embed-v1\)/);
    expect(reasons).toMatch(/"?wrong-model"?,,,"?scorer wrong-model failed: ValidationException: The emulator serves InvokeModel only for beval\.embed-v1/);

    const again = captureIo(dir);
    expect(await main(['score', '--config', config], again)).toBe(0);
    expect(read().records).toEqual(first.records);
  }, 90_000);
});
