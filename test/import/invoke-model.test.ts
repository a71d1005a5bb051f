// InvokeModel bodies of each family → Converse requests, and the bodies that have no Converse equivalent.
import { describe, expect, it } from 'vitest';
import { invokeModelToConverse } from '../../src/import/invoke-model.ts';
import { checkSuiteText } from '../../src/suite/load-suite.ts';

const user = (text: string) => ({ role: 'user', content: [{ text }] });
const assistant = (text: string) => ({ role: 'assistant', content: [{ text }] });

describe('converts', () => {
  it.each([
    ['Anthropic, string content and an image', {
      anthropic_version: 'bedrock-2023-05-31', max_tokens: 50, stop_sequences: ['\n\nHuman:'],
      messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }, { type: 'text', text: 'What is this?', cache_control: { type: 'ephemeral' } }] }, { role: 'assistant', content: 'It is' }],
    }, {
      messages: [{ role: 'user', content: [{ image: { format: 'png', source: { bytes: 'iVBORw0KGgo=' } } }, { text: 'What is this?' }] }, assistant('It is')],
      inferenceConfig: { maxTokens: 50, stopSequences: ['\n\nHuman:'] },
    }],
    ['Amazon Nova messages-v1', {
      schemaVersion: 'messages-v1', system: [{ text: 'Be brief.' }], messages: [user('Hi')],
      inferenceConfig: { max_new_tokens: 100, temperature: 0.2, top_p: 0.9, top_k: 20, stopSequences: ['END'] },
    }, {
      messages: [user('Hi')], system: [{ text: 'Be brief.' }],
      inferenceConfig: { maxTokens: 100, temperature: 0.2, topP: 0.9, stopSequences: ['END'] }, additionalModelRequestFields: { inferenceConfig: { topK: 20 } },
    }],
    ['Amazon Titan Text', { inputText: 'User: What is 2+2?\nBot:', textGenerationConfig: { maxTokenCount: 64, temperature: 0, topP: 1, stopSequences: ['User:'] } }, {
      messages: [user('User: What is 2+2?\nBot:')], inferenceConfig: { maxTokens: 64, temperature: 0, topP: 1, stopSequences: ['User:'] },
    }],
    ['Meta Llama 3 chat prompt', {
      prompt: '<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n4<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nAnd 3+3?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n',
      max_gen_len: 128, temperature: 0.5, top_p: 0.9,
    }, {
      messages: [user('What is 2+2?'), assistant('4'), user('And 3+3?')], system: [{ text: 'Be brief.' }],
      inferenceConfig: { maxTokens: 128, temperature: 0.5, topP: 0.9 },
    }],
    ['Llama 2 / Mistral [INST] prompt', { prompt: '<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nWhat is 2+2? [/INST] 4 </s><s>[INST] And 3+3? [/INST]', max_tokens: 20 }, {
      messages: [user('What is 2+2?'), assistant('4'), user('And 3+3?')], system: [{ text: 'Be brief.' }], inferenceConfig: { maxTokens: 20 },
    }],
    ['a plain prompt', { prompt: 'Translate to French: cheese', max_gen_len: 30 }, { messages: [user('Translate to French: cheese')], inferenceConfig: { maxTokens: 30 } }],
  ])('%s', (_name, body, want) => {
    const got = invokeModelToConverse(body);
    expect(got).toEqual(want);
    // Every conversion is a record beval's own suite check accepts.
    expect(checkSuiteText(JSON.stringify({ recordId: 'x', modelInput: got }), 's.jsonl').problems).toEqual([]);
  });
});

describe('refuses', () => {
  it.each([
    ['tools', { anthropic_version: 'v', max_tokens: 1, tools: [], messages: [user('x')] }, /"tools" have no Converse batch equivalent/],
    ['a tool_use block', { anthropic_version: 'v', max_tokens: 1, messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'f', input: {} }] }] }, /messages\[0\]\.content\[0\]: a "tool_use" block/],
    ['a BMP image', { anthropic_version: 'v', max_tokens: 1, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/bmp', data: 'AA==' } }] }] }, /image\/bmp/],
    ['a Titan embeddings body', { inputText: 'x', dimensions: 256, normalize: true }, /"dimensions", "normalize"/],
    ['a Cohere embed body', { texts: ['x'], input_type: 'search_query' }, /^not an Anthropic Messages/],
    ['an image generation body', { taskType: 'TEXT_IMAGE', textToImageParams: { text: 'a cat' } }, /^not an Anthropic/],
    ['a Llama prompt with text outside the markers', { prompt: '<|begin_of_text|>hello<|start_header_id|>user<|end_header_id|>\n\nx<|eot_id|>' }, /text outside Llama 3/],
    ['a Nova body with tools', { schemaVersion: 'messages-v1', messages: [user('x')], toolConfig: {} }, /"toolConfig"/],
  ])('%s', (_name, body, message) => {
    expect(() => invokeModelToConverse(body)).toThrow(message);
  });
});
