// Child-process entry: runs one bench task and reports its work time and peak RSS to the parent over IPC.
import { performance } from 'node:perf_hooks';
import { runTask, type BenchTask } from './tasks.ts';

/**
 * What a child sends back: `maxRssBytes` is this process's peak resident set, from process.resourceUsage();
 * `cpuMs` is the CPU time (user + system) of all its threads during the task, from process.cpuUsage().
 */
export type ChildReport =
  | { ok: true; workMs: number; cpuMs: number; maxRssBytes: number; detail: unknown }
  | { ok: false; error: string };

function send(report: ChildReport): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
      resolve();
      return;
    }
    process.send(report, () => resolve());
  });
}

const task = JSON.parse(process.argv[2] ?? '{}') as BenchTask;
try {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const detail = await runTask(task);
  const workMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  await send({ ok: true, workMs, cpuMs: (cpu.user + cpu.system) / 1000, maxRssBytes: process.resourceUsage().maxRSS * 1024, detail });
} catch (e) {
  await send({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
process.exit(0);
