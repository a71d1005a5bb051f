// Reading AWS's batch quota names (pure): which config field each bounds, in the config's units, and which model ID a
// quota's display name belongs to. Names are as Service Quotas lists them for service code `bedrock` (a public dump of
// quota codes; docs/aws.md §6).
import { describe, expect, it } from 'vitest';
import { parseBatchQuota, quotaModelFor } from '../../src/aws/batch-quota-names.ts';

describe('parseBatchQuota', () => {
  it.each([
    ['Minimum number of records per batch inference job for Qwen3 Coder 30B', 100, 'minRecordsPerJob', 'Qwen3 Coder 30B', 100],
    ['Records per batch inference job for Claude 3 Haiku', 50_000, 'maxRecordsPerJob', 'Claude 3 Haiku', 50_000],
    ['Records per input file per batch inference job for Claude Sonnet 4', 50_000, 'maxRecordsPerFile', 'Claude Sonnet 4', 50_000],
    ['Batch inference input file size (in GB) for Claude 3 Haiku', 1, 'maxBytesPerFile', 'Claude 3 Haiku', 1e9],
    ['Batch inference input file size for Qwen3 235B (in GB)', 1, 'maxBytesPerFile', 'Qwen3 235B', 1e9],
    ['Batch inference job size (in GB) for Nova Lite V1', 100, 'maxBytesPerJob', 'Nova Lite V1', 100e9],
    ['Batch inference job size for Qwen3 Coder 480B (in GB)', 5, 'maxBytesPerJob', 'Qwen3 Coder 480B', 5e9],
    ['Sum of in-progress and submitted batch inference jobs using a base model for DeepSeek v3', 20, 'maxConcurrentJobsPerModel', 'DeepSeek v3', 20],
  ])('%s', (name, value, field, model, converted) => {
    expect(parseBatchQuota(name, value)).toEqual({ field, model, value: converted, name });
  });

  it.each([
    'On-demand model inference requests per minute for Anthropic Claude 3 Haiku',
    'Sum of in-progress and submitted batch inference jobs using a custom model for Claude 3 Haiku',
    '(Model customization) Scheduled customization jobs',
    'Model invocation max tokens per day for OpenAI GPT OSS 20B (doubled for cross-region calls)',
  ])('is not a batch quota: %s', (name) => {
    expect(parseBatchQuota(name, 1)).toBeUndefined();
  });
});

describe('quotaModelFor', () => {
  const NAMES = [
    'Claude 3 Haiku', 'Claude 3.5 Sonnet', 'Claude 3.5 Sonnet v2', 'Claude 3.7 Sonnet', 'Claude Sonnet 4', 'Claude Sonnet 4.5',
    'Nova Lite V1', 'Nova Pro V1', 'Nova Micro V1', 'Llama 3.1 70B Instruct', 'Llama 3.2 1B Instruct', 'OpenAI GPT OSS 120b',
    'Qwen3 235B', 'Qwen3 32B', 'DeepSeek v3', 'Titan Multimodal Embeddings G1',
  ];

  it.each([
    ['anthropic.claude-3-haiku-20240307-v1:0', 'Claude 3 Haiku'],
    ['us.anthropic.claude-3-haiku-20240307-v1:0', 'Claude 3 Haiku'],
    ['anthropic.claude-3-5-sonnet-20240620-v1:0', 'Claude 3.5 Sonnet'],
    ['anthropic.claude-3-5-sonnet-20241022-v2:0', 'Claude 3.5 Sonnet v2'],
    ['us.anthropic.claude-3-7-sonnet-20250219-v1:0', 'Claude 3.7 Sonnet'],
    ['anthropic.claude-sonnet-4-20250514-v1:0', 'Claude Sonnet 4'],
    ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'Claude Sonnet 4.5'],
    ['amazon.nova-pro-v1:0', 'Nova Pro V1'],
    ['us.amazon.nova-micro-v1:0', 'Nova Micro V1'],
    ['meta.llama3-1-70b-instruct-v1:0', 'Llama 3.1 70B Instruct'],
    ['us.meta.llama3-2-1b-instruct-v1:0', 'Llama 3.2 1B Instruct'],
    ['openai.gpt-oss-120b-1:0', 'OpenAI GPT OSS 120b'],
    ['qwen.qwen3-235b-a22b-2507-v1:0', 'Qwen3 235B'],
    ['deepseek.v3-v1:0', 'DeepSeek v3'],
  ])('%s → %s', (id, name) => {
    expect(quotaModelFor(id, NAMES)).toBe(name);
  });

  it.each([
    // Nova 2 Lite is not Nova Lite V1: the words are not in a row.
    ['amazon.nova-2-lite-v1:0'],
    // Sonnet 4.6 has no quota in the list: "Claude Sonnet 4" must not take it (a version cut short).
    ['anthropic.claude-sonnet-4-6'],
    // Named differently in the quota ("Titan Text Embeddings V2"): no guess.
    ['amazon.titan-embed-text-v2:0'],
    ['mistral.mistral-large-2407-v1:0'],
  ])('%s → no match', (id) => {
    expect(quotaModelFor(id, NAMES)).toBeUndefined();
  });

  it('two equally specific names are no match rather than a guess', () => {
    expect(quotaModelFor('acme.twin-large-v1', ['Acme Twin', 'Twin Large'])).toBeUndefined();
    expect(quotaModelFor('acme.twin-large-v1', ['Acme Twin', 'Twin Large', 'Acme Twin Large'])).toBe('Acme Twin Large');
  });
});
