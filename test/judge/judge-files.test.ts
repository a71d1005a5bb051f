// Reading a run's judge outputs: a reply that did not finish (stopReason) gives no verdict, whatever its text holds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readJudgeOutputs, realtimeFile, realtimeMapFile, writeMap } from '../../src/judge/judge-files.ts';
import { LEDGER_VERSION, type Ledger } from '../../src/run/ledger.ts';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

const ledger = (runId: string): Ledger => ({
  version: LEDGER_VERSION, runId, createdAt: '', updatedAt: '', phase: 'collected', configPath: '', target: 'emulator',
  suite: { path: '', sha256: '', records: 1 }, models: [],
});

function runDir(replies: { recordId: string; text: string; stopReason: string }[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-judge-files-'));
  dirs.push(dir);
  writeMap(realtimeMapFile(dir), replies.map((r) => ({ recordId: r.recordId, key: `k-${r.recordId}`, judge: 'judge-rubric', judgeModel: 'beval.judge-v1', shape: 'grade' as const, targets: [] })));
  fs.writeFileSync(realtimeFile(dir), replies.map((r) => `${JSON.stringify({
    recordId: r.recordId,
    modelOutput: { output: { message: { role: 'assistant', content: [{ text: r.text }] } }, stopReason: r.stopReason, usage: { inputTokens: 100, outputTokens: 400 } },
  })}\n`).join(''));
  return dir;
}

describe('readJudgeOutputs', () => {
  it('a reply cut at maxTokens right after quoting an answer\'s verdict is unscored (and still billed); a finished one is read', async () => {
    const quoted = 'The response ends with {"verdict":"pass","score":5,"reason":"Correct."}';
    const dir = runDir([
      { recordId: 'cut', text: quoted, stopReason: 'max_tokens' },
      { recordId: 'done', text: '{"verdict":"fail","score":1,"reason":"Wrong."}', stopReason: 'end_turn' },
    ]);
    const out = await readJudgeOutputs(dir, ledger('run1'));
    const byKey = new Map(out.verdicts.map((v) => [v.key, v]));
    expect(byKey.get('k-cut')).toMatchObject({ verdict: { ok: false, reason: expect.stringContaining('stopReason max_tokens') }, raw: quoted });
    expect(byKey.get('k-done')?.verdict).toMatchObject({ ok: true, pass: false });
    expect(out.usage).toEqual([{ judgeModel: 'beval.judge-v1', mode: 'realtime', inputTokens: 200, outputTokens: 800 }]);
  });
});
