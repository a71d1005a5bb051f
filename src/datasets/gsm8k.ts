// Turns GSM8K files (OpenAI grade-school-math format) into a beval suite and replay recordings of recorded solutions.
import fs from 'node:fs';
import path from 'node:path';

export const GSM8K_INSTRUCTION = 'Solve the problem. Show your working, then give the final answer on a last line "A: <number>".';

/** The recorded models of `model_solutions.jsonl` and the emulator replay ids they are served under. */
export const GSM8K_RECORDED_MODELS = {
  '6b_finetuning': 'beval.gsm8k-6b-finetuning',
  '6b_verification': 'beval.gsm8k-6b-verification',
  '175b_finetuning': 'beval.gsm8k-175b-finetuning',
  '175b_verification': 'beval.gsm8k-175b-verification',
} as const;

export type Gsm8kModel = keyof typeof GSM8K_RECORDED_MODELS;

/** The gold final answer: the text after `#### ` on the last line, without thousands separators. */
export function gsm8kGold(answer: string): string {
  const m = /####\s*(.+)\s*$/.exec(answer);
  if (!m) throw new Error(`GSM8K answer without a '#### ' line: ${answer.slice(-80)}`);
  return m[1]!.replaceAll(',', '').trim();
}

export function gsm8kPrompt(question: string): string {
  return `${question}\n\n${GSM8K_INSTRUCTION}`;
}

export interface Gsm8kFiles {
  suite: string;
  /** Replay model id → recording file. */
  replay: Record<string, string>;
  records: number;
}

/**
 * Writes `suite.jsonl` and one recording per model into `outDir`. With `cycle` > 1320 the problems repeat with
 * distinct record ids and a numbered prompt suffix, so every record still has its own recording key.
 */
export function writeGsm8kFiles(dataDir: string, outDir: string, opts: { records?: number } = {}): Gsm8kFiles {
  const tests = fs.readFileSync(path.join(dataDir, 'test.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { question: string; answer: string });
  const solutions = fs.readFileSync(path.join(dataDir, 'model_solutions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
  const total = opts.records ?? tests.length;
  fs.mkdirSync(outDir, { recursive: true });
  const suite: string[] = [];
  const recordings: Record<string, string[]> = Object.fromEntries(Object.keys(GSM8K_RECORDED_MODELS).map((m) => [m, []]));
  for (let i = 0; i < total; i++) {
    const t = tests[i % tests.length]!;
    const round = Math.floor(i / tests.length);
    const prompt = gsm8kPrompt(round ? `${t.question} (set ${round + 1})` : t.question);
    suite.push(JSON.stringify({
      recordId: `gsm${String(i).padStart(5, '0')}`,
      modelInput: { messages: [{ role: 'user', content: [{ text: prompt }] }], inferenceConfig: { maxTokens: 512 } },
      expected: gsm8kGold(t.answer),
      tags: [`steps-${Math.min(5, (t.answer.match(/<</g) ?? []).length)}`],
    }));
    for (const model of Object.keys(GSM8K_RECORDED_MODELS)) {
      recordings[model]!.push(JSON.stringify({ prompt, output: solutions[i % tests.length]![model] ?? '' }));
    }
  }
  const suiteFile = path.join(outDir, 'suite.jsonl');
  fs.writeFileSync(suiteFile, `${suite.join('\n')}\n`);
  const replay: Record<string, string> = {};
  for (const [model, id] of Object.entries(GSM8K_RECORDED_MODELS)) {
    const file = path.join(outDir, `recording-${model}.jsonl`);
    fs.writeFileSync(file, `${recordings[model]!.join('\n')}\n`);
    replay[id] = file;
  }
  return { suite: suiteFile, replay, records: total };
}
