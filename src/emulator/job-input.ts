// Reads and validates a job's input during `Validating`: the .jsonl object(s) at the input URI, one record per line.
import type { ObjectStore, StoredObject } from './object-store.ts';
import type { EmulatorQuotas } from './quotas.ts';
import { parseS3Uri } from './validate-create.ts';

export interface InputFile {
  key: string;
  /** Output object name relative to `{outputUri}{jobId}/`: the input's path below the input prefix + `.out`. */
  outputName: string;
  /** Raw, validated record lines (blank lines dropped). */
  lines: string[];
}

export type JobInput = { ok: true; files: InputFile[]; total: number } | { ok: false; message: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates one line the way the `Validating` step does: JSON object with an object `modelInput`. */
function checkLine(raw: string, uri: string, line: number): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return `Invalid JSON in ${uri} at line ${line}. Each line of a .jsonl input file must be a JSON object.`;
  }
  if (!isObject(parsed)) return `Invalid record in ${uri} at line ${line}: each line must be a JSON object.`;
  if (!isObject(parsed.modelInput)) return `Invalid record in ${uri} at line ${line}: the record is missing the required "modelInput" object.`;
  if (parsed.recordId !== undefined && typeof parsed.recordId !== 'string') return `Invalid record in ${uri} at line ${line}: "recordId" must be a string.`;
  return undefined;
}

const FIX = 'Split the input into smaller jobs and submit them again.';

export async function readJobInput(store: ObjectStore, inputUri: string, quotas: EmulatorQuotas): Promise<JobInput> {
  const { bucket, key } = parseS3Uri(inputUri);
  if (!store.hasBucket(bucket)) return { ok: false, message: `Unable to access the input S3 location ${inputUri}: the bucket does not exist or the service role cannot read it.` };
  let objects: StoredObject[];
  let base: string;
  const single = store.head(bucket, key);
  if (single && key.endsWith('.jsonl')) {
    objects = [single];
    base = key.slice(0, key.lastIndexOf('/') + 1);
  } else {
    base = key === '' || key.endsWith('/') ? key : `${key}/`;
    objects = (store.sortedKeys(bucket) ?? []).filter((o) => o.key.startsWith(base) && o.key.endsWith('.jsonl'));
  }
  if (objects.length === 0) return { ok: false, message: `No .jsonl files were found at the input S3 location ${inputUri}.` };
  // Validating checks the file-size and record-count quotas (spec §2, status Validating): sizes before reading.
  const bytes = objects.reduce((sum, o) => sum + o.size, 0);
  if (bytes > quotas.maxBytesPerJob) {
    return { ok: false, message: `The job's input is ${bytes} bytes, more than the maximum of ${quotas.maxBytesPerJob} bytes per batch inference job for this model. ${FIX}` };
  }
  const files: InputFile[] = [];
  let total = 0;
  for (const object of objects) {
    const uri = `s3://${bucket}/${object.key}`;
    if (object.size > quotas.maxBytesPerFile) {
      return { ok: false, message: `The input file ${uri} is ${object.size} bytes, more than the maximum of ${quotas.maxBytesPerFile} bytes per input file for this model. ${FIX}` };
    }
    const lines: string[] = [];
    const rawLines = (await store.readText(object)).split('\n');
    for (const [i, raw] of rawLines.entries()) {
      if (raw.trim() === '') continue;
      const problem = checkLine(raw, uri, i + 1);
      if (problem) return { ok: false, message: problem };
      lines.push(raw);
    }
    if (lines.length > quotas.maxRecordsPerFile) {
      return { ok: false, message: `The input file ${uri} contains ${lines.length} records, more than the maximum of ${quotas.maxRecordsPerFile} records per input file for this model. ${FIX}` };
    }
    files.push({ key: object.key, outputName: `${object.key.slice(base.length)}.out`, lines });
    total += lines.length;
  }
  if (total > quotas.maxRecordsPerJob) {
    return { ok: false, message: `The job contains ${total} records, more than the maximum of ${quotas.maxRecordsPerJob} records per batch inference job for this model. ${FIX}` };
  }
  return { ok: true, files, total };
}
