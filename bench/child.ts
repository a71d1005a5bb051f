// Child-process entry: runs one bench task and reports its work time and peak RSS to the parent over IPC.
import { performance } from 'node:perf_hooks';
import { runTask, type BenchTask } from './tasks.ts';

/** What a child sends back: `maxRssBytes` is this process's peak resident set, from process.resourceUsage(). */
export type ChildReport =
  | { ok: true; workMs: number; maxRssBytes: number; detail: unknown }
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
  const detail = await runTask(task);
  const workMs = performance.now() - start;
  await send({ ok: true, workMs, maxRssBytes: process.resourceUsage().maxRSS * 1024, detail });
} catch (e) {
  await send({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
process.exit(0);
