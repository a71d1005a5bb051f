// The generation cache as it was before it kept only where each line lies (commit 51d5fda, src/run/reuse.ts): every
// counted line held parsed, then written out per model and paying run. Kept as the reference the reused output files
// must still equal byte for byte; only the writing is replaced by returning the texts.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { ResolvedModel } from '../../src/types/config.ts';
import { forEachLine } from '../../src/outputs/read-lines.ts';
import { mergeModelInput } from '../../src/suite/batch-line.ts';
import { loadSuite, type Suite } from '../../src/suite/load-suite.ts';
import { readLedger } from '../../src/run/ledger.ts';
import { shardAttempt } from '../../src/run/rerun.ts';
import { forEachCountedOutput } from '../../src/run/counted-outputs.ts';
import { RUN_ID_PATTERN } from '../../src/run/run-dir.ts';

function requestKey(modelId: string, modelInputJson: string): string {
  return createHash('sha256').update(modelId).update('\n').update(modelInputJson).digest('hex');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parse(line: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(line);
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

type OldCache = Map<string, { line: Record<string, unknown>; runId: string }>;

async function oldLoadCache(dirs: string[]): Promise<OldCache> {
  const cache: OldCache = new Map();
  for (const dir of dirs) {
    const ledger = readLedger(dir);
    const suite = loadSuite(path.join(dir, 'suite.jsonl'));
    for (const model of ledger.models) {
      const keys = new Map<number, Map<string, string>>();
      for (const shard of model.shards) {
        const byId = keys.get(shardAttempt(shard)) ?? new Map<string, string>();
        keys.set(shardAttempt(shard), byId);
        for (const f of shard.files) {
          const file = path.join(dir, f.local);
          if (!fs.existsSync(file)) continue;
          await forEachLine(file, (_n, text) => {
            const v = parse(text);
            if (typeof v?.recordId === 'string' && isObject(v.modelInput)) byId.set(v.recordId, requestKey(model.id, JSON.stringify(v.modelInput)));
          });
        }
      }
      await forEachCountedOutput(dir, model, suite.index, suite.records.length, (_i, out, { text, attempt }) => {
        const v = parse(text);
        if (!v) return;
        const key = keys.get(attempt)?.get(out.recordId) ?? (isObject(v.modelInput) ? requestKey(model.id, JSON.stringify(v.modelInput)) : undefined);
        if (key === undefined || cache.has(key)) return;
        const from = isObject(v.reused) && typeof v.reused.runId === 'string' && RUN_ID_PATTERN.test(v.reused.runId) ? v.reused.runId : ledger.runId;
        cache.set(key, { line: v, runId: from });
      });
    }
  }
  return cache;
}

/** What the old planReuse + applyReuse wrote: run-relative path of each reused output file → its text. */
export async function oldReusedFiles(sources: string[], models: ResolvedModel[], suite: Suite): Promise<Map<string, string>> {
  const cache = await oldLoadCache(sources);
  const files = new Map<string, string>();
  for (const model of models) {
    const byRun = new Map<string, string[]>();
    for (const r of suite.records) {
      const cached = cache.get(requestKey(model.id, JSON.stringify(mergeModelInput(r.modelInput, model))));
      if (!cached) continue;
      const line = { ...cached.line, recordId: r.recordId, reused: { runId: cached.runId } };
      const lines = byRun.get(cached.runId) ?? [];
      lines.push(JSON.stringify(line));
      byRun.set(cached.runId, lines);
    }
    for (const [runId, lines] of byRun) files.set(path.join('outputs', model.key, 'reused', `from-${runId}.jsonl.out`), `${lines.join('\n')}\n`);
  }
  return files;
}
