// Builders for end-to-end tests: a temp project folder with a generated suite and a config.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TempProject {
  dir: string;
  config: string;
  cleanup(): void;
}

/** `What is a * b?`-style records the emulator's arithmetic models can solve, with expected answers and tags. */
export function arithmeticSuite(n: number, opts: { maxTokens?: (i: number) => number; idPrefix?: string } = {}): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = 3 + i;
    const b = 2 + ((i * 7) % 50);
    const op = i % 3 === 0 ? '+' : '*';
    const expected = op === '+' ? a + b : a * b;
    lines.push(JSON.stringify({
      recordId: `${opts.idPrefix ?? 'r'}${String(i).padStart(4, '0')}`,
      modelInput: { messages: [{ role: 'user', content: [{ text: `What is ${a} ${op} ${b}?` }] }], inferenceConfig: { maxTokens: opts.maxTokens?.(i) ?? 200 } },
      expected: String(expected),
      tags: [op === '+' ? 'addition' : 'multiplication'],
    }));
  }
  return `${lines.join('\n')}\n`;
}

/** Writes suite.jsonl and eval.config.ts (a plain object: a folder outside the repo cannot import 'beval'). */
export function tempProject(config: Record<string, unknown>, suiteText: string): TempProject {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-e2e-'));
  fs.writeFileSync(path.join(dir, 'suite.jsonl'), suiteText);
  const file = path.join(dir, 'eval.config.ts');
  fs.writeFileSync(file, `export default ${JSON.stringify({ suite: 'suite.jsonl', ...config }, null, 2)};\n`);
  return { dir, config: file, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

