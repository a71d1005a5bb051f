// Times one command as a separate process: wall clock from spawn to exit, and through GNU time (when installed) its
// CPU time (user + system of the process and the children it waited for) and peak RSS.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ProcSample } from './budgets.ts';

const GNU_TIME = '/usr/bin/time';
export const HAS_GNU_TIME = fs.existsSync(GNU_TIME);

export interface Command {
  /** Arguments to `node` (the script first). */
  node: string[];
  cwd: string;
  env?: Record<string, string>;
}

/** Runs `node …args` to completion; throws with its output if it exits non-zero. */
export function timeNode(cmd: Command): ProcSample {
  const rusage = path.join(os.tmpdir(), `beval-bench-time-${process.pid}.txt`);
  const [file, args] = HAS_GNU_TIME ? [GNU_TIME, ['-f', '%U %S %M', '-o', rusage, process.execPath, ...cmd.node]] : [process.execPath, cmd.node];
  const start = performance.now();
  const r = spawnSync(file, args, {
    cwd: cmd.cwd, encoding: 'utf8', maxBuffer: 64 << 20,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...cmd.env },
  });
  const wallMs = performance.now() - start;
  if (r.status !== 0) throw new Error(`node ${cmd.node.join(' ')} exited ${r.status ?? r.signal}\n${r.stderr}\n${r.stdout}`.slice(0, 4000));
  if (!HAS_GNU_TIME) return { wallMs };
  // GNU time's last line (a line before it would be a note such as "Command exited with non-zero status").
  const [user, sys, maxKb] = fs.readFileSync(rusage, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  fs.rmSync(rusage, { force: true });
  return { wallMs, cpuMs: (user! + sys!) * 1000, maxRssBytes: maxKb! * 1024 };
}
