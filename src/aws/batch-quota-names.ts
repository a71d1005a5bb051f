// Which Service Quotas entries of `bedrock` are the batch quotas beval shards by, and which model each belongs to.
// AWS names them per model by a display name ("Records per batch inference job for Claude 3 Haiku"), not by model ID,
// and the word order varies ("Batch inference job size for Qwen3 Coder 480B (in GB)"), so both are matched by text.

/** The `quotas` fields of the config a batch quota bounds (`maxConcurrentJobsPerModel` is beval's own cap). */
export type BatchQuotaField = 'minRecordsPerJob' | 'maxRecordsPerJob' | 'maxRecordsPerFile' | 'maxBytesPerFile' | 'maxBytesPerJob' | 'maxConcurrentJobsPerModel';

export interface BatchQuota {
  field: BatchQuotaField;
  /** The model's name as the quota gives it. */
  model: string;
  /** In the config's units: records, bytes (the quota's GB × 10^9, as the config's defaults count them) or jobs. */
  value: number;
  /** The quota's own name, for the line that cites it. */
  name: string;
}

const GB = ' *(?:\\(in GB\\))? *';
/** Longest prefix first: "Records per input file …" before "Records per …". */
const PATTERNS: readonly [BatchQuotaField, RegExp, number][] = [
  ['minRecordsPerJob', /^Minimum number of records per batch inference job for (.+)$/i, 1],
  ['maxRecordsPerFile', /^Records per input file per batch inference job for (.+)$/i, 1],
  ['maxRecordsPerJob', /^Records per batch inference job for (.+)$/i, 1],
  ['maxBytesPerFile', new RegExp(`^Batch inference input file size${GB}for (.+?)${GB}$`, 'i'), 1e9],
  ['maxBytesPerJob', new RegExp(`^Batch inference job size${GB}for (.+?)${GB}$`, 'i'), 1e9],
  // The base-model quota only; the custom-model variant does not bound jobs on foundation models or profiles.
  ['maxConcurrentJobsPerModel', /^Sum of in-progress and submitted batch inference jobs using a base model for (.+)$/i, 1],
];

/** The batch quota a Service Quotas entry is, or undefined for every other quota of the service. */
export function parseBatchQuota(name: string, value: number): BatchQuota | undefined {
  for (const [field, pattern, scale] of PATTERNS) {
    const m = pattern.exec(name.trim());
    if (m) return { field, model: m[1]!.trim(), value: Math.round(value * scale), name };
  }
  return undefined;
}

/**
 * Lower-case word and number pieces: `claude-3-5-sonnet-20241022-v2:0` → claude 3 5 sonnet v 2. The `:0` version
 * suffix and date stamps (6+ digits) go: quota names carry neither.
 */
export function nameTokens(text: string, isModelId = false): string[] {
  const base = isModelId ? text.replace(/:\d+$/, '') : text;
  return base.toLowerCase().split(/[^a-z0-9]+/)
    .flatMap((part) => part.match(/[a-z]+|\d+/g) ?? [])
    .filter((t) => !(isModelId && /^\d{6,}$/.test(t)));
}

/** Where `needle` occurs as a run in `hay`, or -1. */
function runAt(hay: string[], needle: string[]): number {
  for (let i = 0; i + needle.length <= hay.length; i++) {
    if (needle.every((t, j) => hay[i + j] === t)) return i;
  }
  return -1;
}

/**
 * The quota model name that belongs to a model ID: its words occur in a row in the ID, and a version number is not cut
 * short ("Claude Sonnet 4" is not `claude-sonnet-4-5`). The most specific name wins ("Claude 3.5 Sonnet v2" over
 * "Claude 3.5 Sonnet"); two equally specific names are no match rather than a guess.
 */
export function quotaModelFor(modelId: string, names: readonly string[]): string | undefined {
  const id = nameTokens(modelId, true);
  let best: { name: string; length: number } | undefined;
  let tie = false;
  for (const name of new Set(names)) {
    const tokens = nameTokens(name);
    if (tokens.length === 0) continue;
    const at = runAt(id, tokens);
    if (at < 0) continue;
    const next = id[at + tokens.length];
    if (/^\d+$/.test(tokens[tokens.length - 1]!) && next !== undefined && /^\d{1,2}$/.test(next)) continue;
    if (!best || tokens.length > best.length) {
      best = { name, length: tokens.length };
      tie = false;
    } else if (tokens.length === best.length) tie = true;
  }
  return best && !tie ? best.name : undefined;
}
