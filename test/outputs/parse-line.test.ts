import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOutputLine } from '../../src/outputs/parse-line.ts';
import { readLines } from '../../src/outputs/read-lines.ts';

// Key sets as in a real gpt-oss-120b Converse batch result file (bedrock-batch.md §4.3): every union member present.
const nullBlock = { audio: null, cachePoint: null, citationsContent: null, document: null, guardContent: null, image: null, reasoningContent: null, searchResult: null, text: null, toolResult: null, toolUse: null, video: null };
const realLine = JSON.stringify({
  recordId: 'rec_000266',
  modelInput: { messages: [{ role: 'user', content: [{ text: 'q' }] }] },
  modelOutput: {
    output: { message: { role: 'assistant', content: [
      { ...nullBlock, reasoningContent: { reasoningText: { signature: null, text: 'thinking…' } } },
      { ...nullBlock, text: 'Die Antwort ist 42 — 答え' },
    ] } },
    stopReason: 'end_turn',
    usage: { serverToolUsage: { webSearchRequests: null }, cacheReadInputTokens: null, cacheWriteInputTokens: null, cacheDetails: null, inputTokens: 419, outputTokens: 377, totalTokens: 796 },
  },
});

describe('parseOutputLine', () => {
  it('reads null-filled content blocks by value, not by key', () => {
    const r = parseOutputLine(realLine);
    expect(r).toEqual({ kind: 'output', output: { ok: true, recordId: 'rec_000266', text: 'Die Antwort ist 42 — 答え', reasoning: 'thinking…', stopReason: 'end_turn', usage: { inputTokens: 419, outputTokens: 377 } } });
  });

  it('turns an error line into an error output, extra keys ignored', () => {
    const line = JSON.stringify({ recordId: 'r1', modelInput: {}, error: { errorCode: 400, errorMessage: '`temperature` and `top_p` cannot both be specified', expired: false, retryable: false } });
    expect(parseOutputLine(line)).toEqual({ kind: 'output', output: { ok: false, recordId: 'r1', errorCode: 400, errorMessage: '`temperature` and `top_p` cannot both be specified' } });
  });

  it.each([
    ['{"recordId":"x","modelOu', /not valid JSON/],
    ['[1,2]', /not a JSON object/],
    ['{"modelOutput":{}}', /no recordId/],
    ['{"recordId":"x","modelInput":{}}', /neither modelOutput nor error/],
    ['{"recordId":"x","modelOutput":{"stopReason":"end_turn"}}', /message missing/],
  ])('classifies %s as malformed', (line, reason) => {
    const r = parseOutputLine(line);
    expect(r.kind).toBe('malformed');
    if (r.kind === 'malformed') expect(r.reason).toMatch(reason);
  });

  it('keeps latency when present', () => {
    const r = parseOutputLine(JSON.stringify({ recordId: 'a', modelOutput: { output: { message: { content: [{ text: 'x' }] } }, stopReason: 'max_tokens', usage: { inputTokens: 1, outputTokens: 2 }, metrics: { latencyMs: 321 } } }));
    expect(r.kind === 'output' && r.output.ok && r.output.latencyMs).toBe(321);
  });
});

describe('readLines', () => {
  it('splits on \\n only and survives chunk boundaries inside multi-byte characters', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-lines-'));
    const file = path.join(dir, 'x.jsonl.out');
    const long = '答'.repeat(3 * 1024 * 1024); // 9 MiB line crosses the 4 MiB chunks mid-character
    fs.writeFileSync(file, `a\u2028b\u0085c\r\n\n${long}\nlast`);
    const lines: [number, string][] = [];
    for await (const l of readLines(file)) lines.push(l);
    expect(lines.map(([n]) => n)).toEqual([1, 3, 4]);
    expect(lines[0]![1]).toBe('a\u2028b\u0085c\r');
    expect(lines[1]![1]).toBe(long);
    expect(lines[2]![1]).toBe('last');
    fs.rmSync(dir, { recursive: true });
  });
});
