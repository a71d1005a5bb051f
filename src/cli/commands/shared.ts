// Helpers shared by the CLI verbs: loading config, opening a run context, printing.
import type { ResolvedConfig } from '../../config/types.ts';
import { loadConfig } from '../../config/load.ts';
import { readLedger } from '../../run/ledger.ts';
import { resolveRunDir } from '../../run/run-dir.ts';
import { realClock, type RunContext } from '../../run/context.ts';
import { openTarget, type OpenTarget } from '../target.ts';
import type { CliIo } from '../io.ts';
import type { Log } from '../../pipeline/ports.ts';

export interface CommonArgs {
  config?: string;
}

export function makeLog(io: CliIo): Log {
  const stamp = () => new Date().toISOString().slice(11, 19);
  return {
    info: (line) => io.stdout.write(`${stamp()} ${line}\n`),
    warn: (line) => io.stderr.write(`${stamp()} warning: ${line}\n`),
  };
}

export async function config(io: CliIo, args: CommonArgs): Promise<ResolvedConfig> {
  return loadConfig(io.cwd, args.config);
}

/** Opens the target and builds a context for an existing run (the latest when runId is omitted). */
export async function openRun(io: CliIo, cfg: ResolvedConfig, runId?: string): Promise<{ ctx: RunContext; target: OpenTarget }> {
  const dir = resolveRunDir(cfg.outDir, runId);
  const ledger = readLedger(dir);
  const target = await openTarget(cfg);
  const ctx: RunContext = { config: cfg, dir, ledger, batch: target.batch, blobs: target.blobs, log: makeLog(io), clock: realClock, ...(io.signal ? { signal: io.signal } : {}) };
  return { ctx, target };
}

export function resumeHint(runId: string, configArg?: string): string {
  return `beval run --resume ${runId}${configArg ? ` --config ${configArg}` : ''}`;
}
