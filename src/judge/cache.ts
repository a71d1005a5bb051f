// The content-addressed verdict cache: <cacheDir>/<2 hex>.jsonl, one verdict per line, keyed by the request's sha256.
import fs from 'node:fs';
import path from 'node:path';
import type { ParsedVerdict } from '../types/judge.ts';

/**
 * Bumped when the verdict a reply parses to may change: 2 requires the verdict to end a finished reply
 * (parse-verdict.ts). Lines of another version are not read, so their requests are asked again.
 */
export const CACHE_VERSION = 2;

/** One cached verdict. Per-record Bedrock errors are never cached (they are usually transient); parse failures are. */
export interface CachedVerdict {
  v: typeof CACHE_VERSION;
  key: string;
  judgeModel: string;
  verdict: ParsedVerdict;
  /** The judge's raw reply, kept for debugging unparseable verdicts. */
  raw?: string;
  usage: { inputTokens: number; outputTokens: number };
  /** Run that produced it. */
  runId: string;
}

function isCached(v: unknown): v is CachedVerdict {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Partial<CachedVerdict>;
  const verdict = c.verdict as { ok?: unknown; reason?: unknown } | null | undefined;
  return c.v === CACHE_VERSION && typeof c.key === 'string' && typeof verdict === 'object' && verdict !== null && typeof verdict.ok === 'boolean' && typeof verdict.reason === 'string';
}

/** False when the file exists and its last byte is not a newline (a torn last line, left by a killed append). */
function endsCleanly(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return true;
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    fs.readSync(fd, last, 0, 1, size - 1);
    return last[0] === 10;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Loaded once per stage into memory (verdicts are small); writes append, so a crash leaves at most one torn last line,
 * which the next load skips; the next append first ends that line, so its own lines stay whole. The torn bytes are
 * never cut: another process may share the folder. A key written twice keeps its first verdict.
 */
export class VerdictCache {
  private readonly entries = new Map<string, CachedVerdict>();

  private constructor(readonly dir: string) {}

  static load(dir: string): VerdictCache {
    const cache = new VerdictCache(dir);
    if (!fs.existsSync(dir)) return cache;
    for (const name of fs.readdirSync(dir).sort()) {
      if (!/^[0-9a-f]{2}\.jsonl$/.test(name)) continue;
      for (const line of fs.readFileSync(path.join(dir, name), 'utf8').split('\n')) {
        if (!line) continue;
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch {
          continue;
        }
        if (isCached(parsed) && !cache.entries.has(parsed.key)) cache.entries.set(parsed.key, parsed);
      }
    }
    return cache;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): CachedVerdict | undefined {
    return this.entries.get(key);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Adds verdicts not cached yet, appending them to their shard files. Returns how many were new. */
  put(verdicts: CachedVerdict[]): number {
    const byFile = new Map<string, string[]>();
    for (const v of verdicts) {
      if (this.entries.has(v.key)) continue;
      this.entries.set(v.key, v);
      const file = `${v.key.slice(0, 2)}.jsonl`;
      const lines = byFile.get(file) ?? [];
      lines.push(JSON.stringify(v));
      byFile.set(file, lines);
    }
    if (byFile.size) fs.mkdirSync(this.dir, { recursive: true });
    let added = 0;
    for (const [file, lines] of byFile) {
      const target = path.join(this.dir, file);
      fs.appendFileSync(target, `${endsCleanly(target) ? '' : '\n'}${lines.join('\n')}\n`);
      added += lines.length;
    }
    return added;
  }
}
