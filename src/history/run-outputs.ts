// A stored run's model outputs read back from its run directory (the files its ledger lists as downloaded), one parsed
// line at a time: `beval compare` digests every reply to find changed texts, then keeps only the changed records'.
import path from 'node:path';
import { createHash } from 'node:crypto';
import { BevalError } from '../errors.ts';
import { readLedger } from '../run/ledger.ts';
import { forEachLine } from '../outputs/read-lines.ts';
import { parseOutputLine } from '../outputs/parse-line.ts';
import type { ParsedOutput } from '../types/outputs.ts';

/** What a reply says, as one string: the text, or the error line (so an error and an answer never compare equal). */
export function replyText(o: ParsedOutput): string {
  return o.ok ? o.text : `error ${o.errorCode}: ${o.errorMessage}`;
}

/** Calls `each` for every parsed output line of `modelKey` in the run at `runDir`; the last line for a recordId wins. */
export async function forEachOutput(runDir: string, modelKey: string, each: (o: ParsedOutput) => void): Promise<void> {
  const ledger = readLedger(runDir);
  const model = ledger.models.find((m) => m.key === modelKey);
  if (!model) throw new BevalError('OUTPUT', `${path.join(runDir, 'ledger.json')} has no model ${modelKey}.`);
  for (const shard of model.shards) {
    for (const file of shard.downloaded ?? []) {
      await forEachLine(path.join(runDir, file), (_lineNo, line) => {
        if (line.trim() === '') return;
        const r = parseOutputLine(line);
        if (r.kind === 'output') each(r.output);
      });
    }
  }
}

/** recordId → a digest of the reply (sha-1 of replyText), for the records in `ids`. */
export async function replyDigests(runDir: string, modelKey: string, ids: ReadonlySet<string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  await forEachOutput(runDir, modelKey, (o) => {
    if (ids.has(o.recordId)) out.set(o.recordId, createHash('sha1').update(replyText(o)).digest('base64'));
  });
  return out;
}

/** recordId → the parsed reply, for the records in `ids` only. */
export async function replies(runDir: string, modelKey: string, ids: ReadonlySet<string>): Promise<Map<string, ParsedOutput>> {
  const out = new Map<string, ParsedOutput>();
  await forEachOutput(runDir, modelKey, (o) => {
    if (ids.has(o.recordId)) out.set(o.recordId, o);
  });
  return out;
}
