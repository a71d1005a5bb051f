// Builds what is uploaded for one record and one model: only recordId and modelInput, with the model's overrides merged.
import type { ResolvedModel } from '../types/config.ts';
import type { ConverseInput, SuiteRecord } from '../types/suite.ts';

/** The record's modelInput with the model's inferenceConfig / additionalModelRequestFields / system merged in (model wins). */
export function mergeModelInput(input: ConverseInput, model: ResolvedModel): ConverseInput {
  const merged: ConverseInput = { ...input };
  if (model.inferenceConfig) merged.inferenceConfig = { ...input.inferenceConfig, ...model.inferenceConfig };
  if (model.additionalModelRequestFields) {
    merged.additionalModelRequestFields = { ...input.additionalModelRequestFields, ...model.additionalModelRequestFields };
  }
  if (model.system) merged.system = model.system;
  return merged;
}

/** One JSONL line (without the newline) of a Converse batch input file. */
export function batchLine(record: SuiteRecord, model: ResolvedModel): string {
  return JSON.stringify({ recordId: record.recordId, modelInput: mergeModelInput(record.modelInput, model) });
}

/** The prompt as one text for reports: system blocks, then each message prefixed by its role when there are several. */
export function promptText(input: ConverseInput): string {
  const parts: string[] = [];
  for (const b of input.system ?? []) if (typeof b.text === 'string') parts.push(`[system] ${b.text}`);
  const many = input.messages.length > 1;
  for (const m of input.messages) {
    const text = m.content.map((b) => (typeof b.text === 'string' ? b.text : `[${Object.keys(b)[0] ?? 'block'}]`)).join('\n');
    parts.push(many ? `[${m.role}] ${text}` : text);
  }
  return parts.join('\n\n');
}
