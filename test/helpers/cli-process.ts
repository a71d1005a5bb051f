// Runs bin/beval.js as a real child process (for SIGKILL crash drills), with BEVAL_CRASH_AT set only when asked.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BEVAL_BIN = fileURLToPath(new URL('../../bin/beval.js', import.meta.url));

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout and stderr, interleaved as they arrived. */
  out: string;
}

export function runBevalProcess(cwd: string, args: string[], crashAt?: string): Promise<ProcessExit> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    delete env.BEVAL_CRASH_AT;
    if (crashAt) env.BEVAL_CRASH_AT = crashAt;
    const child = spawn(process.execPath, [BEVAL_BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, out }));
  });
}
