// Deterministically generates suites/example.jsonl: arithmetic and word problems the emulator's built-in models can solve.
// Run: npx tsx scripts/make-example-suite.ts [outFile]
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WORD_PROBLEMS, solvePrompt, type WordProblemName } from '../src/emulator/arithmetic.ts';
import { prng } from '../src/emulator/random.ts';

interface Item {
  text: string;
  expected: number;
  tags: string[];
}

const NAMES = ['Ana', 'Ben', 'Chloé', 'Dev', 'Emi', 'Farid', 'Grace', 'Hiro'];
const rand = prng(20260301);
const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;

/** Plain-expression templates; `expected` is computed here, independently of the emulator's solver. */
const EXPRESSIONS: Array<() => Item> = [
  () => { const [a, b] = [int(10, 999), int(10, 999)]; return { text: `What is ${a} + ${b}?`, expected: a + b, tags: ['addition'] }; },
  () => { const [a, b] = [int(100, 999), int(10, 99)]; return { text: `What is ${a} - ${b}?`, expected: a - b, tags: ['subtraction'] }; },
  () => { const [a, b] = [int(3, 99), int(3, 99)]; return { text: `Calculate ${a} × ${b}.`, expected: a * b, tags: ['multiplication'] }; },
  () => { const [q, b] = [int(2, 60), int(2, 12)]; return { text: `What is ${q * b} ÷ ${b}?`, expected: q, tags: ['division'] }; },
  () => { const [a, b, c, d] = [int(1, 50), int(1, 50), int(2, 9), int(1, 40)]; return { text: `Compute (${a} + ${b}) * ${c} - ${d}.`, expected: (a + b) * c - d, tags: ['multi-step', 'multiplication'] }; },
  () => { const [a, b, c, d] = [int(2, 30), int(2, 30), int(2, 30), int(2, 30)]; return { text: `Evaluate ${a} * ${b} + ${c} * ${d}.`, expected: a * b + c * d, tags: ['multi-step', 'multiplication'] }; },
  () => { const [a, b, c] = [int(1, 99), int(2, 9), int(2, 9)]; return { text: `${a} + ${b} × ${c} を計算してください。`, expected: a + b * c, tags: ['multi-step', 'non-ascii'] }; },
  () => { const [a, b] = [int(1, 500), int(1, 500)]; return { text: `🧮 What is ${a} + ${b}? 🤔`, expected: a + b, tags: ['addition', 'non-ascii'] }; },
];

/** Word problems rendered from the emulator's shared templates, so prompt and solver cannot drift apart. */
const WORDS: Record<WordProblemName, () => Item> = {
  packs: () => { const x = [int(4, 24), int(2, 12), int(1, 10)]; return { text: WORD_PROBLEMS.packs.render(x, pick(NAMES)), expected: x[0]! * x[1]! - x[2]!, tags: WORD_PROBLEMS.packs.tags }; },
  train: () => { const x = [int(40, 180), int(2, 9)]; return { text: WORD_PROBLEMS.train.render(x, ''), expected: x[0]! * x[1]!, tags: WORD_PROBLEMS.train.tags }; },
  marbles: () => { const x = [int(10, 90), int(1, 40), int(1, 9)]; return { text: WORD_PROBLEMS.marbles.render(x, pick(NAMES)), expected: x[0]! + x[1]! - x[2]!, tags: WORD_PROBLEMS.marbles.tags }; },
  cookies: () => { const x = [int(2, 15), int(2, 9)]; return { text: WORD_PROBLEMS.cookies.render(x, ''), expected: x[0]!, tags: WORD_PROBLEMS.cookies.tags }; },
  apples: () => { const x = [int(1, 40), int(1, 40)]; return { text: WORD_PROBLEMS.apples.render(x, ''), expected: x[0]! + x[1]!, tags: WORD_PROBLEMS.apples.tags }; },
  jar: () => { const x = [int(1, 30), int(2, 6), int(6, 12)]; return { text: WORD_PROBLEMS.jar.render(x, ''), expected: x[0]! + x[1]! * x[2]!, tags: WORD_PROBLEMS.jar.tags }; },
};

const SYSTEM = 'You are a careful calculator. Show brief working and finish with a line "Answer: <number>".';

export function makeExampleSuite(count = 132): string[] {
  const makers = [...EXPRESSIONS, ...Object.values(WORDS)];
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const item = (makers[i % makers.length] as () => Item)();
    const solved = solvePrompt(item.text);
    if (solved?.value !== item.expected) throw new Error(`Generator and emulator disagree on "${item.text}": ${item.expected} vs ${solved?.value}`);
    // Every 5th record gets a budget the verbose model cannot fit, so reports show max_tokens truncation.
    const short = i % 5 === 3;
    const tags = [...new Set([...item.tags, ...(short ? ['short-budget'] : [])])];
    const record = {
      recordId: `ex${String(i + 1).padStart(4, '0')}`,
      modelInput: {
        ...(i % 5 === 0 ? { system: [{ text: SYSTEM }] } : {}),
        messages: [{ role: 'user', content: [{ text: item.text }] }],
        inferenceConfig: { maxTokens: short ? 40 : 512 },
      },
      expected: String(item.expected),
      tags,
    };
    lines.push(JSON.stringify(record));
  }
  return lines;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2] ?? 'suites/example.jsonl';
  const lines = makeExampleSuite();
  writeFileSync(out, `${lines.join('\n')}\n`);
  console.log(`wrote ${lines.length} records to ${out}`);
}
