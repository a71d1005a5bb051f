// Seeded synthetic run for the report bench: realistic text lengths, some failures, disagreements, errors and gaps.
// Rows are a pure function of their index, so the summary pass and the render pass never hold all rows at once.
import { mulberry32 } from '../src/stats/random.ts';
import type { MetricInfo, ModelInfo, RecordCell, RecordRow, ScoreCell } from '../src/types/results.ts';

/** The statistics' seeded mulberry32, reused for reproducible test data. */
export const prng = mulberry32;

const WORDS = 'the of and to in is that for it as with was on be by this are or from at an which have not but they has were all can more one their there been if will would about into when so what than other some time could these two may then do first any like now my such make over our even most made after also did many before must through back years where much way well down should because each just those how too good very still own see long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three'.split(' ');
const JAPANESE = 'これは日本語のテキストです。猫が好きです。東京は大きな都市です。天気がいいですね。ありがとうございます。'.split('');

function corpus(seed: number, chars: number): string {
  const rnd = prng(seed);
  const parts: string[] = [];
  let n = 0;
  while (n < chars) {
    const w = rnd() < 0.03 ? `${WORDS[Math.floor(rnd() * WORDS.length)]!}.\n` : WORDS[Math.floor(rnd() * WORDS.length)]!;
    parts.push(w);
    n += w.length + 1;
  }
  return parts.join(' ');
}

/** Generates row `i` of a synthetic run with `models.length` models; deterministic per index. */
export class SyntheticRunData {
  readonly models: ModelInfo[];
  readonly metrics: MetricInfo[] = [
    { name: 'exact', kind: 'binary' },
    { name: 'contains', kind: 'binary' },
    { name: 'similarity', kind: 'continuous' },
  ];
  private readonly text = corpus(42, 1 << 20);
  private readonly tags = Array.from({ length: 20 }, (_, i) => `topic-${i}`);

  constructor(modelCount: number) {
    this.models = Array.from({ length: modelCount }, (_, i) => ({
      key: `m${i}`,
      label: `Model ${String.fromCharCode(65 + i)}`,
      modelId: `vendor.model-${i}-v1:0`,
      mode: 'batch' as const,
    }));
  }

  private slice(rnd: () => number, min: number, max: number): string {
    const len = Math.floor(min + rnd() * (max - min));
    const start = Math.floor(rnd() * (this.text.length - len));
    return this.text.slice(start, start + len);
  }

  row(index: number): RecordRow {
    const rnd = prng(index * 7919 + 1);
    const japanese = rnd() < 0.05;
    const expected = japanese ? JAPANESE.slice(0, 4 + Math.floor(rnd() * 20)).join('') : this.slice(rnd, 3, 60);
    const prompt = (japanese ? `${JAPANESE.join('')} ` : '') + this.slice(rnd, 150, 1500);
    const difficulty = rnd();
    const cells: RecordCell[] = this.models.map((_, mi) => {
      const roll = rnd();
      if (roll < 0.01) return { status: 'error', error: { code: 'ModelErrorException', message: `Model error ${Math.floor(rnd() * 5)}` }, scores: [null, null, null] };
      if (roll < 0.015) return { status: 'missing', scores: [null, null, null] };
      const skill = 0.55 + mi * 0.05;
      const correct = rnd() * difficulty < skill * 0.6;
      const body = this.slice(rnd, 40, 1200);
      const text = correct ? `${expected} ${body}` : body;
      const sim = Math.round((correct ? 0.6 + rnd() * 0.4 : rnd() * 0.6) * 1000) / 1000;
      const scores: ScoreCell[] = [
        correct && rnd() < 0.5 ? { value: 1, pass: true, reason: 'Output equals expected' } : { value: 0, pass: false, reason: 'Output differs from expected' },
        correct ? { value: 1, pass: true, reason: 'Output contains expected' } : { value: 0, pass: false, reason: 'Expected output to contain the answer' },
        { value: sim, reason: `Similarity ${sim.toFixed(2)} to expected` },
      ];
      return { status: 'ok', text, stopReason: rnd() < 0.05 ? 'max_tokens' : 'end_turn', inputTokens: Math.round(prompt.length / 4), outputTokens: Math.round(text.length / 4), latencyMs: Math.round(300 + rnd() * 3000), scores };
    });
    const tagCount = Math.floor(rnd() * 3);
    const tags = Array.from({ length: tagCount }, () => this.tags[Math.floor(rnd() * this.tags.length)]!);
    return { index, recordId: `rec-${String(index).padStart(6, '0')}`, prompt, expected, tags: [...new Set(tags)], cells };
  }
}
