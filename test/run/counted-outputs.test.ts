// Which output line counts for a record across attempts (`beval rerun`) and duplicates: scoring (score-model.ts) and
// the stages that read outputs beside it (counted-outputs.ts: rerun's choice of records, judges, deferred scorers)
// give the same answer, whatever the order of the files and lines.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forEachCountedOutput } from '../../src/run/counted-outputs.ts';
import { recordStatuses } from '../../src/run/rerun.ts';
import type { LedgerModel, LedgerShard } from '../../src/run/ledger.ts';
import { loadSuite } from '../../src/suite/load-suite.ts';
import { buildMetricSet } from '../../src/score/metric-set.ts';
import { scoreModel } from '../../src/score/score-model.ts';
import { STATUS_NAMES } from '../../src/score/model-table.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const ids = ['r0', 'r1', 'r2', 'r3', 'r4'];
const ok = (id: string, text: string) => JSON.stringify({ recordId: id, modelInput: {}, modelOutput: { output: { message: { role: 'assistant', content: [{ text }] } }, stopReason: 'end_turn', usage: { inputTokens: 5, outputTokens: 1 } } });
const err = (id: string, code = 500) => JSON.stringify({ recordId: id, modelInput: {}, error: { errorCode: code, errorMessage: 'Internal error' } });

function shard(index: number, file: string, attempt?: number): LedgerShard {
  return { index, start: 0, end: 5, mode: 'batch', files: [], inputUri: '', outputUri: '', jobName: `j${index}`, clientRequestToken: '', status: 'Completed', downloaded: [file], ...(attempt ? { attempt, subset: true } : {}) };
}

describe('the counted line of a record', () => {
  it('is the newest attempt\'s, then a reply before an error, in any order of files and lines, for scoring and for the readers beside it', async () => {
    const dir = tempDir('counted');
    fs.writeFileSync(path.join(dir, 'suite.jsonl'), `${ids.map((id) => JSON.stringify({ recordId: id, modelInput: { messages: [{ role: 'user', content: [{ text: `q ${id}` }] }] }, expected: '42' })).join('\n')}\n`);
    const suite = loadSuite(path.join(dir, 'suite.jsonl'));
    // Attempt 1: r0 error, r1 answer, r2 an error and an answer (duplicates), r3 answer; r4 has no line anywhere.
    const first = [err('r0'), ok('r1', '41'), err('r2'), ok('r2', '42'), ok('r3', '42')];
    // Attempt 2 (a rerun): r0 answered; r1 sent again and failed — the newest attempt counts even so.
    const second = [ok('r0', '42'), err('r1', 429)];
    const want = { r0: 'ok', r1: 'error', r2: 'ok', r3: 'ok', r4: 'missing' };
    const layouts = [
      { a: first, b: second, order: [1, 2] },
      { a: [...first].reverse(), b: [...second].reverse(), order: [2, 1] },
    ];
    const seen: unknown[] = [];
    for (const [k, { a, b, order }] of layouts.entries()) {
      fs.writeFileSync(path.join(dir, `a${k}.jsonl.out`), `${a.join('\n')}\n`);
      fs.writeFileSync(path.join(dir, `b${k}.jsonl.out`), `${b.join('\n')}\n`);
      const shards = { 1: shard(0, `a${k}.jsonl.out`), 2: shard(1, `b${k}.jsonl.out`, 2) };
      const model: LedgerModel = { key: 'm', id: 'beval.arith-v1', label: 'm', shards: order.map((o) => shards[o as 1 | 2]) };

      const counted: Record<string, string> = {};
      await forEachCountedOutput(dir, model, suite.index, suite.records.length, (i, out) => { counted[ids[i]!] = out.ok ? `ok ${out.text}` : `error ${out.errorCode}`; });
      expect(counted).toEqual({ r0: 'ok 42', r1: 'error 429', r2: 'ok 42', r3: 'ok 42' });
      expect(Object.fromEntries((await recordStatuses(dir, model, suite)).map((s, i) => [ids[i], s]))).toEqual(want);

      const files = model.shards.map((s) => path.join(dir, s.downloaded![0]!));
      const table = await scoreModel({ key: 'm', files, fileAttempts: model.shards.map((s) => s.attempt ?? 1), suite, metricSet: buildMetricSet(['numeric'], suite), cellsFile: path.join(dir, `cells${k}.bin`), notRun: () => false });
      expect(Object.fromEntries(ids.map((id, i) => [id, STATUS_NAMES[table.status[i]!]]))).toEqual(want);
      expect([...table.attempt]).toEqual([2, 2, 1, 1, 0]);
      expect({ ...table.answerAttempts }).toEqual({ 1: 2, 2: 2 });
      // r0's and r1's first-attempt lines are superseded; r2's error is a duplicate of its own attempt.
      expect({ superseded: table.join.superseded, duplicates: table.join.duplicates.count }).toEqual({ superseded: 2, duplicates: 1 });
      seen.push([...table.values[0]!]);
    }
    expect(seen[0]).toEqual(seen[1]);
  });
});
