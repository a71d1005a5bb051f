// `beval status [runId]` and `beval runs`: job tables and the list of past runs.
import { listRunIds, runDir } from '../../run/run-dir.ts';
import { allShards, readLedger, type Ledger } from '../../run/ledger.ts';
import { pollRound } from '../../run/wait.ts';
import { TERMINAL_STATUSES } from '../../pipeline/ports.ts';
import { EXIT, type CliIo } from '../io.ts';
import { config, openRun, type CommonArgs } from './shared.ts';

function age(iso: string | undefined, now: number): string {
  if (!iso) return '-';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  return `${(s / 3600).toFixed(1)}h`;
}

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
}

export function statusTable(ledger: Ledger, now = Date.now()): string {
  const rows = [['MODEL', 'SHARD', 'MODE', 'STATUS', 'PROCESSED', 'AGE', 'JOB']];
  for (const { model, shard } of allShards(ledger)) {
    const c = shard.counts;
    rows.push([
      model.label, String(shard.index), shard.mode, shard.status ?? (shard.jobArn ? 'Submitted' : 'NotCreated'),
      `${c?.processed ?? 0}/${c?.total || shard.end - shard.start}`, age(shard.createRequestedAt, now), shard.jobArn ?? '-',
    ]);
  }
  return table(rows);
}

export function runState(ledger: Ledger): string {
  if (ledger.phase === 'collected' || ledger.phase === 'cancelled') return ledger.phase;
  const shards = allShards(ledger);
  const done = shards.filter(({ shard }) => TERMINAL_STATUSES.has(shard.status ?? '')).length;
  return `${ledger.phase} (${done}/${shards.length} jobs ended)`;
}

export async function statusCommand(io: CliIo, args: CommonArgs & { runId?: string }): Promise<number> {
  const cfg = await config(io, args);
  const { ctx, target } = await openRun(io, cfg, args.runId);
  try {
    await pollRound({ ...ctx, log: { info: () => {}, warn: () => {} } });
    io.stdout.write(`Run ${ctx.ledger.runId}: ${runState(ctx.ledger)}\n\n${statusTable(ctx.ledger)}\n`);
    return EXIT.ok;
  } finally {
    await target.close();
  }
}

export async function runsCommand(io: CliIo, args: CommonArgs): Promise<number> {
  const cfg = await config(io, args);
  const ids = listRunIds(cfg.outDir);
  if (!ids.length) {
    io.stdout.write(`No runs in ${cfg.outDir}.\n`);
    return EXIT.ok;
  }
  const rows = [['RUN', 'CREATED', 'MODELS', 'RECORDS', 'STATE']];
  for (const id of ids) {
    const l = readLedger(runDir(cfg.outDir, id));
    rows.push([id, l.createdAt.slice(0, 19).replace('T', ' '), String(l.models.length), String(l.suite.records), runState(l)]);
  }
  io.stdout.write(`${table(rows)}\n`);
  return EXIT.ok;
}
