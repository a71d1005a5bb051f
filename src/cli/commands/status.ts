// `beval status [runId]`: a run's job table (and the table helpers `beval runs` shares).
import fs from 'node:fs';
import { resolveRunDir } from '../../run/run-dir.ts';
import { allShards, readLedger, type Ledger, type LedgerShard } from '../../run/ledger.ts';
import { pollRound } from '../../run/wait.ts';
import { TERMINAL_STATUSES } from '../../types/ports.ts';
import { EXIT, type CliIo } from '../io.ts';
import { describeHolder, liveHolder } from '../../run/run-lock.ts';
import { advice, config, openRun, type CommonArgs } from './shared.ts';
import { table } from '../table.ts';

function age(iso: string | undefined, now: number): string {
  if (!iso) return '-';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  return `${(s / 3600).toFixed(1)}h`;
}

function shardState(shard: LedgerShard): string {
  if (shard.status) return shard.status;
  if (shard.jobArn) return 'Submitted';
  if (shard.deferred) return 'Waiting (quota)';
  return shard.files.every((f) => f.uploaded) ? 'Uploaded' : 'NotCreated';
}

export function statusTable(ledger: Ledger, now = Date.now()): string {
  const rows = [['MODEL', 'SHARD', 'MODE', 'STATUS', 'PROCESSED', 'AGE', 'JOB']];
  for (const { model, shard } of allShards(ledger)) {
    const c = shard.counts;
    rows.push([
      model.label, String(shard.index), shard.mode, shardState(shard),
      `${c?.processed ?? 0}/${c?.total || shard.end - shard.start}`, age(shard.createRequestedAt, now), shard.jobArn ?? '-',
    ]);
  }
  return table(rows);
}

/** `collected`, `cancelled (collected)`, or the phase with how many jobs ended, e.g. `submitted (2/6 jobs ended)`. */
export function runState(ledger: Ledger): string {
  if (ledger.phase === 'collected') return ledger.phase;
  if (ledger.phase === 'cancelled') return ledger.collectedAt ? 'cancelled (collected)' : 'cancelled';
  const shards = allShards(ledger);
  const done = shards.filter(({ shard }) => TERMINAL_STATUSES.has(shard.status ?? '')).length;
  return `${ledger.phase} (${done}/${shards.length} jobs ended)`;
}

function writable(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** A run's jobs for --json: one entry per shard, as the table shows them. */
export function jobsJson(ledger: Ledger): Record<string, unknown>[] {
  return allShards(ledger).map(({ model, shard }) => ({
    model: model.label, shard: shard.index, mode: shard.mode, status: shardState(shard),
    processed: shard.counts?.processed ?? 0, total: shard.counts?.total || shard.end - shard.start,
    createdAt: shard.createRequestedAt ?? null, jobArn: shard.jobArn ?? null,
  }));
}

function statusResult(io: CliIo, ledger: Ledger, source: 'ledger' | 'service'): void {
  io.result?.({ runId: ledger.runId, phase: ledger.phase, state: runState(ledger), source, jobs: jobsJson(ledger) });
}

export async function statusCommand(io: CliIo, args: CommonArgs & { runId?: string }): Promise<number> {
  const cfg = await config(io, args);
  if (cfg.target.kind === 'emulator' && !cfg.target.endpoint) {
    // An in-process emulator lives only as long as the `beval run` that started it: show the ledger, poll nothing.
    const ledger = readLedger(resolveRunDir(cfg.outDir, args.runId, advice(args)));
    io.stdout.write(`Run ${ledger.runId}: ${runState(ledger)} (from the ledger: the in-process emulator runs jobs only while \`beval run\` runs)\n\n${statusTable(ledger)}\n`);
    statusResult(io, ledger, 'ledger');
    return EXIT.ok;
  }
  const dir = resolveRunDir(cfg.outDir, args.runId, advice(args));
  if (!writable(dir)) {
    // Polling records what it saw in the ledger; a read-only run folder (a mounted backup, a full-disk remount) can
    // still be looked at.
    const ledger = readLedger(dir);
    io.stdout.write(`Run ${ledger.runId}: ${runState(ledger)} (from the ledger, not polled: ${dir} is read-only)\n\n${statusTable(ledger)}\n`);
    return EXIT.ok;
  }
  const holder = liveHolder(dir);
  if (holder) {
    // Polling would mean writing the ledger under the process that drives the run: show what it last recorded.
    const ledger = readLedger(dir);
    io.stdout.write(`Run ${ledger.runId}: ${runState(ledger)} (as last recorded: ${describeHolder(dir, holder)}, which polls the jobs)\n\n${statusTable(ledger)}\n`);
    statusResult(io, ledger, 'ledger');
    return EXIT.ok;
  }
  const { ctx, target } = await openRun(io, cfg, args.runId, 'status', advice(args));
  try {
    await pollRound({ ...ctx, log: { info: () => {}, warn: () => {} } });
    io.stdout.write(`Run ${ctx.ledger.runId}: ${runState(ctx.ledger)}\n\n${statusTable(ctx.ledger)}\n`);
    statusResult(io, ctx.ledger, 'service');
    return EXIT.ok;
  } finally {
    await target.close();
  }
}

