// Replay models: answer from a recording JSONL file keyed by prompt text.
import { readFile } from 'node:fs/promises';
import type { EmulatorModel, ModelReply, ModelRequest } from './models.ts';

/** One line of a recording file. */
export interface Recording {
  prompt: string;
  output: string;
  stopReason?: string;
  inputTokens?: number;
  outputTokens?: number;
}

function parseRecording(value: unknown, file: string, line: number): Recording {
  const where = `${file}:${line}`;
  if (typeof value !== 'object' || value === null) throw new Error(`Recording ${where} is not a JSON object`);
  const v = value as Record<string, unknown>;
  if (typeof v.prompt !== 'string' || typeof v.output !== 'string') throw new Error(`Recording ${where} needs string "prompt" and "output"`);
  const optionalNumber = (key: string): number | undefined => {
    const x = v[key];
    if (x === undefined) return undefined;
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) throw new Error(`Recording ${where}: "${key}" must be a non-negative integer`);
    return x;
  };
  if (v.stopReason !== undefined && typeof v.stopReason !== 'string') throw new Error(`Recording ${where}: "stopReason" must be a string`);
  return { prompt: v.prompt, output: v.output, stopReason: v.stopReason, inputTokens: optionalNumber('inputTokens'), outputTokens: optionalNumber('outputTokens') };
}

/** Reads a recording file into a prompt → recording map (the last line wins for a repeated prompt). */
export async function loadRecordings(file: string): Promise<Map<string, Recording>> {
  const text = await readFile(file, 'utf8');
  const map = new Map<string, Recording>();
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new Error(`Recording ${file}:${i + 1} is not valid JSON`, { cause: error });
    }
    const recording = parseRecording(parsed, file, i + 1);
    map.set(recording.prompt, recording);
  });
  return map;
}

/** A model that answers from recordings; prompts without one fail per record with a 404. */
export function replayModel(file: string, recordings: Map<string, Recording>): EmulatorModel {
  return {
    description: `Replays ${file}`,
    maxTokensCeiling: Number.MAX_SAFE_INTEGER,
    defaultMaxTokens: 4096,
    respond({ prompt }: ModelRequest): ModelReply {
      const hit = recordings.get(prompt);
      if (!hit) {
        return { ok: false, errorCode: 404, errorMessage: `No recording for this prompt in ${file} (the key is the text of all user content blocks joined with "\\n").` };
      }
      return { ok: true, text: hit.output, recorded: { stopReason: hit.stopReason, inputTokens: hit.inputTokens, outputTokens: hit.outputTokens } };
    },
  };
}
