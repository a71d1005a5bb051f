// The emulator's embedding model `beval.embed-v1`, served by InvokeModel in Amazon Titan Text Embeddings V2's request
// and response shape: a deterministic hashed bag of words and character trigrams, so similar texts get close vectors.
import { BedrockHttpError } from './http-util.ts';

export const EMBED_MODEL_ID = 'beval.embed-v1';
const DIMENSIONS = [256, 512, 1024];

/** FNV-1a over UTF-16 code units: stable across runs and platforms. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** Words (lower-cased letters and digits) and their character trigrams, each hashed to a signed slot. */
export function embedText(text: string, dimensions: number): { embedding: number[]; tokens: number } {
  const v = new Float64Array(dimensions);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const add = (feature: string, weight: number): void => {
    const h = hash(feature);
    v[h % dimensions]! += (h & 0x80000000 ? -1 : 1) * weight;
  };
  for (const w of words) {
    add(`w:${w}`, 1);
    const padded = `^${w}$`;
    for (let i = 0; i + 3 <= padded.length; i++) add(`t:${padded.slice(i, i + 3)}`, 0.5);
  }
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  return { embedding: Array.from(v, (x) => Math.round((x / norm) * 1e6) / 1e6), tokens: words.length };
}

/** InvokeModel for the embedding model: `{ inputText, dimensions?, normalize? }` → `{ embedding, inputTextTokenCount }`. */
export function invokeEmbedding(modelId: string, body: unknown): Record<string, unknown> {
  if (modelId !== EMBED_MODEL_ID) {
    throw new BedrockHttpError({ status: 400, code: 'ValidationException', message: `The emulator serves InvokeModel only for ${EMBED_MODEL_ID}; use Converse for ${modelId}.` });
  }
  const b = body as { inputText?: unknown; dimensions?: unknown; normalize?: unknown };
  if (typeof b.inputText !== 'string' || b.inputText.length === 0) {
    throw new BedrockHttpError({ status: 400, code: 'ValidationException', message: 'Malformed input request: #/inputText: expected minLength: 1, actual: 0, please reformat your input and try again.' });
  }
  const extra = Object.keys(b).filter((k) => !['inputText', 'dimensions', 'normalize', 'embeddingTypes'].includes(k));
  if (extra.length) throw new BedrockHttpError({ status: 400, code: 'ValidationException', message: `Malformed input request: extraneous key [${extra[0]}] is not permitted, please reformat your input and try again.` });
  const dimensions = b.dimensions ?? 1024;
  if (typeof dimensions !== 'number' || !DIMENSIONS.includes(dimensions)) {
    throw new BedrockHttpError({ status: 400, code: 'ValidationException', message: `Malformed input request: #/dimensions: ${JSON.stringify(dimensions)} is not a valid enum value, please reformat your input and try again.` });
  }
  const { embedding, tokens } = embedText(b.inputText, dimensions);
  return { embedding, inputTextTokenCount: tokens };
}
