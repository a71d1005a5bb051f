// s3.resultsPrefix: collected runs upload results.parquet under Hive-style partitions (checked against the emulator's
// S3 through the real SDK), and DuckDB reads a folder of such runs as one table with the partitions as columns.
import fs from 'node:fs';
import path from 'node:path';
import { ListObjectsV2Command, GetObjectCommand } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { main } from '../../src/cli/main.ts';
import { publishResults, resultsKey, suitePartition } from '../../src/run/publish-results.ts';
import { resolveConfig } from '../../src/config/resolve.ts';
import { adviceFor } from '../../src/advice.ts';
import { clients } from '../emulator/helpers.ts';
import { ARITH, FAST_TIMING, VERBOSE, runIds, writeProject } from './helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('results key', () => {
  it.each([
    ['suites/example.jsonl', 'example'],
    ['/a/b/My Suite (v2).JSONL', 'My_Suite__v2_'],
    ['x/ü=1.jsonl', '__1'],
  ])('suite %s is partition %s', (file, want) => expect(suitePartition(file)).toBe(want));

  it('is prefix, suite, UTC run date, run id', () => {
    expect(resultsKey('team/results/', 'suites/example.jsonl', '2026-12-06T23:30:00-05:00', '20261206-233000-ab12'))
      .toBe('team/results/suite=example/run_date=2026-12-07/run_id=20261206-233000-ab12/results.parquet');
  });

  it('s3.resultsPrefix is checked and gets its trailing slash', () => {
    const base = { suite: 's.jsonl', models: [ARITH] };
    expect(resolveConfig({ ...base, s3: { bucket: 'my-bucket', resultsPrefix: 'results' } }, '/tmp/eval.config.ts').s3).toEqual({ bucket: 'my-bucket', prefix: 'beval/', resultsPrefix: 'results/' });
    expect(() => resolveConfig({ ...base, s3: { bucket: 'my-bucket', resultsPrefix: 'a b/' } }, '/tmp/eval.config.ts')).toThrow(/s3\.resultsPrefix/);
    expect(() => resolveConfig({ ...base, s3: { bucket: 'my-bucket', resultsPrefx: 'x/' } } as never, '/tmp/eval.config.ts')).toThrow(/resultsPrefx/);
  });

  it('a failed upload is an error that says the run is safe and how to upload again', async () => {
    const dir = tempDir('publish-fail');
    fs.writeFileSync(path.join(dir, 'results.parquet'), 'PAR1');
    const ctx = {
      dir, config: { s3: { bucket: 'b', prefix: 'p/', resultsPrefix: 'r/' } },
      ledger: { runId: '20261206-000000-abcd', createdAt: '2026-12-06T00:00:00Z', suite: { path: 'suite.jsonl' } },
      blobs: { put: () => Promise.reject(new Error('Access Denied\u001b[31m')) }, advice: adviceFor(),
    } as unknown as Parameters<typeof publishResults>[0];
    await expect(publishResults(ctx)).rejects.toThrow(/reports are written, but uploading results\.parquet to s3:\/\/b\/r\/suite=suite\/.*Access Denied\\x1b\[31m.*beval collect 20261206-000000-abcd/);
  });
});

it('two collected runs upload under suite=/run_date=/run_id=, and DuckDB reads them back as one table', async () => {
  emulator = await startEmulator({ timing: FAST_TIMING });
  const dir = tempDir('publish');
  const target = { kind: 'emulator', endpoint: emulator.endpoint };
  const s3 = { bucket: 'beval-local', prefix: 'beval/', resultsPrefix: 'results' };
  writeProject(dir, 20, { models: [ARITH], target, s3, mode: 'realtime' });
  let io = captureIo(dir);
  expect(await main(['run', '--config', path.join(dir, 'eval.config.ts')], io)).toBe(0);
  expect(io.out() + io.err()).toMatch(/results\.parquet uploaded to s3:\/\/beval-local\/results\/suite=suite\/run_date=\d{4}-\d\d-\d\d\/run_id=/);
  const config = writeProject(dir, 20, { models: [ARITH, VERBOSE], target, s3, mode: 'realtime' });
  io = captureIo(dir);
  expect(await main(['run', '--config', config], io)).toBe(0);

  const c = clients(emulator);
  const listed = await c.s3.send(new ListObjectsV2Command({ Bucket: 'beval-local', Prefix: 'results/' }));
  const keys = (listed.Contents ?? []).map((o) => o.Key!).sort();
  const ids = runIds(dir);
  expect(keys).toEqual(ids.map((id) => resultsKey('results/', 'suite.jsonl', fs.statSync(path.join(dir, 'reports', id, 'results.json')) && JSON.parse(fs.readFileSync(path.join(dir, 'reports', id, 'ledger.json'), 'utf8')).createdAt, id)).sort());

  // A team's copy of the results prefix (aws s3 sync), read the way docs/results-schema.md shows.
  const local = tempDir('publish-copy');
  for (const key of keys) {
    const body = await (await c.s3.send(new GetObjectCommand({ Bucket: 'beval-local', Key: key }))).Body!.transformToByteArray();
    const runId = /run_id=([^/]+)/.exec(key)![1]!;
    expect(Buffer.from(body).equals(fs.readFileSync(path.join(dir, 'reports', runId, 'results.parquet')))).toBe(true);
    fs.mkdirSync(path.join(local, path.dirname(key)), { recursive: true });
    fs.writeFileSync(path.join(local, key), body);
  }
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const rows = (await conn.runAndReadAll(`select suite, run_id, model_key, count(*)::int as n, avg(value) as mean
    from read_parquet('${local}/results/**/*.parquet', hive_partitioning = true) where metric = 'numeric' group by all order by run_id, model_key`)).getRowObjectsJS();
  conn.closeSync();
  // Two runs made in the same second sort by their random suffix, not by creation: tell them apart by their models.
  const modelCount = (id: string) => (JSON.parse(fs.readFileSync(path.join(dir, 'reports', id, 'ledger.json'), 'utf8')) as { models: unknown[] }).models.length;
  const one = ids.find((id) => modelCount(id) === 1)!;
  const two = ids.find((id) => modelCount(id) === 2)!;
  const expected = [['suite', one, 'arith', 20], ['suite', two, 'arith', 20], ['suite', two, 'verbose', 20]]
    .sort((x, y) => String(x[1]).localeCompare(String(y[1])) || String(x[2]).localeCompare(String(y[2])));
  expect(rows.map((r) => [r.suite, r.run_id, r.model_key, r.n])).toEqual(expected);
  const results = JSON.parse(fs.readFileSync(path.join(dir, 'reports', String(rows[0]!.run_id), 'results.json'), 'utf8')) as { summary: { perModel: { metrics: { mean: number }[] }[] } };
  expect(rows[0]!.mean).toBeCloseTo(results.summary.perModel[0]!.metrics[0]!.mean, 12);
}, 60_000);
