// Runs one bench task in a fresh Node process (tsx registered), so each workload's peak memory is its own.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { ChildReport } from './child.ts';
import type { BenchTask } from './tasks.ts';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * A finished child: its own work time, the CPU time of all its threads during that work, the wall time from spawn to
 * exit as the parent saw it, and its peak RSS.
 */
export interface ChildRun {
  workMs: number;
  cpuMs: number;
  processMs: number;
  maxRssBytes: number;
  detail: unknown;
}

export function runInChild(task: BenchTask): Promise<ChildRun> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [JSON.stringify(task)], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    let report: ChildReport | undefined;
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('message', (m) => { report = m as ChildReport; });
    child.on('error', reject);
    child.on('exit', (code) => {
      const processMs = performance.now() - start;
      if (!report) return reject(new Error(`bench task ${task.kind} exited with code ${code} and no report\n${stderr}`));
      if (!report.ok) return reject(new Error(`bench task ${task.kind} failed: ${report.error}`));
      resolve({ workMs: report.workMs, cpuMs: report.cpuMs, processMs, maxRssBytes: report.maxRssBytes, detail: report.detail });
    });
  });
}
