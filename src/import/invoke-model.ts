// Converts InvokeModel-format batch input lines (Anthropic Messages, Amazon Nova, Amazon Titan Text, Meta Llama and
// Mistral prompt formats) into Converse records; anything without a Converse equivalent is refused with file:line.
import type { ContentBlock, ConverseInput, ConverseMessage } from '../types/suite.ts';

/** Why a body cannot become a Converse request (the caller adds file:line). */
export class NoConverseEquivalent extends Error {}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function refuse(message: string): never {
  throw new NoConverseEquivalent(message);
}

/** Fields a family's body may carry, beyond the ones its converter reads: anything else is refused, never dropped. */
function onlyKnown(body: Json, known: string[], family: string): void {
  const extra = Object.keys(body).filter((k) => !known.includes(k));
  if (extra.length) refuse(`${family} body field(s) ${extra.map((k) => JSON.stringify(k)).join(', ')} have no Converse batch equivalent beval knows`);
}

function num(v: unknown, field: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) refuse(`${field}: expected a number`);
  return v;
}

function strings(v: unknown, field: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) refuse(`${field}: expected a list of strings`);
  return v as string[];
}

function inference(c: { maxTokens?: number; temperature?: number; topP?: number; stopSequences?: string[] }): ConverseInput['inferenceConfig'] | undefined {
  const out = Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined));
  return Object.keys(out).length ? out : undefined;
}

function withConfig(input: ConverseInput, config: ConverseInput['inferenceConfig'], extra?: Json): ConverseInput {
  if (config) input.inferenceConfig = config;
  if (extra && Object.keys(extra).length) input.additionalModelRequestFields = extra;
  return input;
}

const IMAGE_TYPES: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/gif': 'gif', 'image/webp': 'webp' };

/** One Anthropic content block → a Converse block (text and base64 images; tools and the rest are refused). */
function anthropicBlock(b: unknown, f: string): ContentBlock {
  if (typeof b === 'string') return { text: b };
  if (!isObj(b)) refuse(`${f}: expected a content block`);
  // cache_control only changes billing, never the answer: the text carries over without it.
  if (b.type === 'text' && typeof b.text === 'string') return { text: b.text };
  if (b.type === 'image' && isObj(b.source) && b.source.type === 'base64' && typeof b.source.media_type === 'string' && typeof b.source.data === 'string') {
    const format = IMAGE_TYPES[b.source.media_type];
    if (!format) refuse(`${f}.source.media_type: ${JSON.stringify(b.source.media_type)} is not an image format Converse takes (png, jpeg, gif, webp)`);
    return { image: { format, source: { bytes: b.source.data } } };
  }
  refuse(`${f}: a ${JSON.stringify(b.type)} block has no Converse batch equivalent (tool use needs toolConfig, which batch jobs reject)`);
}

function anthropicMessages(body: Json): ConverseInput {
  onlyKnown(body, ['anthropic_version', 'max_tokens', 'system', 'messages', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'metadata'], 'Anthropic Messages');
  if (!Array.isArray(body.messages)) refuse('messages: expected a list');
  const messages = body.messages.map((m, i): ConverseMessage => {
    if (!isObj(m) || (m.role !== 'user' && m.role !== 'assistant')) refuse(`messages[${i}]: expected { role: "user" | "assistant", content }`);
    const content = typeof m.content === 'string' ? [{ text: m.content }] : Array.isArray(m.content) ? m.content.map((b, j) => anthropicBlock(b, `messages[${i}].content[${j}]`)) : refuse(`messages[${i}].content: expected text or a list of blocks`);
    return { role: m.role, content };
  });
  const input: ConverseInput = { messages };
  if (body.system !== undefined) {
    const system = typeof body.system === 'string' ? [{ text: body.system }] : Array.isArray(body.system) ? body.system.map((b, j) => anthropicBlock(b, `system[${j}]`)) : refuse('system: expected text or a list of text blocks');
    if (system.some((b) => b.text === undefined)) refuse('system: only text blocks have a Converse equivalent');
    input.system = system;
  }
  const topK = num(body.top_k, 'top_k');
  return withConfig(input, inference({ maxTokens: num(body.max_tokens, 'max_tokens'), temperature: num(body.temperature, 'temperature'), topP: num(body.top_p, 'top_p'), stopSequences: strings(body.stop_sequences, 'stop_sequences') }), topK !== undefined ? { top_k: topK } : undefined);
}

/** Amazon Nova's messages-v1 body is Converse-shaped already; its inference fields are renamed. */
function novaMessages(body: Json): ConverseInput {
  onlyKnown(body, ['schemaVersion', 'system', 'messages', 'inferenceConfig'], 'Amazon Nova');
  if (body.schemaVersion !== undefined && body.schemaVersion !== 'messages-v1') refuse(`schemaVersion: ${JSON.stringify(body.schemaVersion)} is not messages-v1`);
  if (!Array.isArray(body.messages)) refuse('messages: expected a list');
  const input: ConverseInput = { messages: body.messages as ConverseMessage[] };
  if (body.system !== undefined) input.system = body.system as ContentBlock[];
  const c = isObj(body.inferenceConfig) ? body.inferenceConfig : {};
  onlyKnown(c, ['max_new_tokens', 'maxTokens', 'temperature', 'top_p', 'topP', 'top_k', 'topK', 'stopSequences', 'stop_sequences'], 'Amazon Nova inferenceConfig');
  const topK = num(c.top_k ?? c.topK, 'inferenceConfig.top_k');
  return withConfig(input, inference({
    maxTokens: num(c.max_new_tokens ?? c.maxTokens, 'inferenceConfig.max_new_tokens'), temperature: num(c.temperature, 'inferenceConfig.temperature'),
    topP: num(c.top_p ?? c.topP, 'inferenceConfig.top_p'), stopSequences: strings(c.stopSequences ?? c.stop_sequences, 'inferenceConfig.stopSequences'),
  }), topK !== undefined ? { inferenceConfig: { topK } } : undefined);
}

function titanText(body: Json): ConverseInput {
  onlyKnown(body, ['inputText', 'textGenerationConfig'], 'Amazon Titan Text');
  if (typeof body.inputText !== 'string' || body.inputText.trim() === '') refuse('inputText: expected non-empty text');
  const c = isObj(body.textGenerationConfig) ? body.textGenerationConfig : {};
  onlyKnown(c, ['maxTokenCount', 'temperature', 'topP', 'stopSequences'], 'Amazon Titan textGenerationConfig');
  return withConfig({ messages: [{ role: 'user', content: [{ text: body.inputText }] }] }, inference({
    maxTokens: num(c.maxTokenCount, 'textGenerationConfig.maxTokenCount'), temperature: num(c.temperature, 'textGenerationConfig.temperature'),
    topP: num(c.topP, 'textGenerationConfig.topP'), stopSequences: strings(c.stopSequences, 'textGenerationConfig.stopSequences'),
  }));
}

const LLAMA3_TURN = /<\|start_header_id\|>(system|user|assistant)<\|end_header_id\|>\n\n([\s\S]*?)(?:<\|eot_id\|>|$)/g;

/** Turns of a Llama 3 chat prompt; the trailing empty assistant header is where the model answers. */
function llama3Turns(prompt: string): { system?: string; turns: ConverseMessage[] } {
  const rest = prompt.replace(/^<\|begin_of_text\|>/, '');
  let system: string | undefined;
  const turns: ConverseMessage[] = [];
  let consumed = 0;
  for (const m of rest.matchAll(LLAMA3_TURN)) {
    if (m.index !== consumed) refuse(`prompt: text outside Llama 3 header/eot markers at character ${consumed}`);
    consumed = m.index + m[0].length;
    const [, role, text] = m as unknown as [string, 'system' | 'user' | 'assistant', string];
    if (role === 'system') {
      if (turns.length) refuse('prompt: a system turn after the conversation started has no Converse equivalent');
      system = text;
    } else turns.push({ role, content: [{ text }] });
  }
  if (consumed !== rest.length) refuse('prompt: unterminated Llama 3 prompt');
  const last = turns.at(-1);
  // The answer slot: `<|start_header_id|>assistant<|end_header_id|>\n\n` with nothing after it.
  if (last?.role === 'assistant' && last.content[0]!.text === '') turns.pop();
  return { ...(system !== undefined ? { system } : {}), turns };
}

/** Turns of a Llama 2 / Mistral `[INST] … [/INST]` prompt (an optional `<<SYS>>` block in the first instruction). */
function instTurns(prompt: string): { system?: string; turns: ConverseMessage[] } {
  const turns: ConverseMessage[] = [];
  let system: string | undefined;
  const re = /\[INST\]([\s\S]*?)\[\/INST\]([\s\S]*?)(?=<s>|\[INST\]|$)/g;
  const body = prompt.replace(/^\s*<s>\s*/, '');
  let consumed = 0;
  for (const m of body.matchAll(re)) {
    if (body.slice(consumed, m.index).replace(/<\/?s>/g, '').trim() !== '') refuse('prompt: text outside [INST] … [/INST] turns');
    consumed = m.index + m[0].length;
    let user = m[1]!;
    const sys = /^\s*<<SYS>>\n?([\s\S]*?)\n?<<\/SYS>>\s*/.exec(user);
    if (sys) {
      if (turns.length) refuse('prompt: a <<SYS>> block after the first turn has no Converse equivalent');
      system = sys[1]!;
      user = user.slice(sys[0].length);
    }
    turns.push({ role: 'user', content: [{ text: user.trim() }] });
    const answer = m[2]!.replace(/<\/s>\s*$/, '').trim();
    if (answer) turns.push({ role: 'assistant', content: [{ text: answer }] });
  }
  if (body.slice(consumed).trim() !== '') refuse('prompt: text after the last [INST] turn');
  return { ...(system !== undefined ? { system } : {}), turns };
}

/** Meta Llama (and Mistral) `prompt` bodies: the chat markers are parsed back into turns; plain text is one user turn. */
function promptBody(body: Json): ConverseInput {
  onlyKnown(body, ['prompt', 'max_gen_len', 'max_tokens', 'temperature', 'top_p', 'top_k', 'stop'], 'Meta Llama / Mistral prompt');
  if (typeof body.prompt !== 'string' || body.prompt.trim() === '') refuse('prompt: expected non-empty text');
  const p = body.prompt;
  const parsed = p.includes('<|start_header_id|>') ? llama3Turns(p) : p.includes('[INST]') ? instTurns(p) : { turns: [{ role: 'user' as const, content: [{ text: p }] }] };
  if (parsed.turns.length === 0) refuse('prompt: no user turn');
  const topK = num(body.top_k, 'top_k');
  const input: ConverseInput = { messages: parsed.turns };
  if (parsed.system) input.system = [{ text: parsed.system }];
  return withConfig(input, inference({
    maxTokens: num(body.max_gen_len ?? body.max_tokens, 'max_gen_len'), temperature: num(body.temperature, 'temperature'),
    topP: num(body.top_p, 'top_p'), stopSequences: strings(body.stop, 'stop'),
  }), topK !== undefined ? { top_k: topK } : undefined);
}

/** The family of an InvokeModel body, by the fields only it has. */
export function bodyFamily(body: Json): 'anthropic' | 'nova' | 'titan' | 'prompt' | undefined {
  if (typeof body.anthropic_version === 'string') return 'anthropic';
  if (body.schemaVersion !== undefined || (Array.isArray(body.messages) && isObj(body.inferenceConfig))) return 'nova';
  if ('inputText' in body) return 'titan';
  if ('prompt' in body) return 'prompt';
  if (Array.isArray(body.messages) && 'max_tokens' in body) return 'anthropic';
  if (Array.isArray(body.messages)) return 'nova';
  return undefined;
}

/** A Converse request body for an InvokeModel body; throws NoConverseEquivalent saying what cannot be carried over. */
export function invokeModelToConverse(body: unknown): ConverseInput {
  if (!isObj(body)) refuse('expected a JSON object');
  const family = bodyFamily(body);
  if (family === 'anthropic') return anthropicMessages(body);
  if (family === 'nova') return novaMessages(body);
  if (family === 'titan') return titanText(body);
  if (family === 'prompt') return promptBody(body);
  return refuse(`not an Anthropic Messages, Amazon Nova, Amazon Titan Text or Meta Llama / Mistral prompt body (fields ${Object.keys(body).join(', ') || 'none'}); embeddings, image generation and other bodies have no Converse equivalent`);
}
