// Builders for scorer tests: a suite record and an OK output with just the fields scorers read.
import type { ScoreInput } from '../../src/types/scorer.ts';

export function input(text: string, expected?: string | string[]): ScoreInput {
  return {
    record: {
      recordId: 'r1',
      modelInput: { messages: [{ role: 'user', content: [{ text: 'q' }] }] },
      tags: [],
      line: 1,
      ...(expected !== undefined ? { expected } : {}),
    },
    output: { ok: true, recordId: 'r1', text, stopReason: 'end_turn', usage: { inputTokens: 1, outputTokens: 1 } },
  };
}
