#!/usr/bin/env node
// Process entry (the package's `bin`, compiled to dist/cli/bin.js): wires Ctrl-C and SIGTERM (first: stop sending and waiting, record what is in flight and print how to
// resume; second: exit at once), the crash drill hook, and exits with main's code. The only place that reads
// BEVAL_CRASH_AT.
import { main } from './main.ts';
import { processIo } from './io.ts';
import { parseCrashPoint, type CrashHook } from '../run/crash-points.ts';

// The AWS SDK warns on every command under Node 20 that its releases from January 2027 need Node 22; beval's engines
// field says what it supports.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const controller = new AbortController();
let interrupts = 0;
// A CI system cancelling a job sends SIGTERM (then SIGKILL after a grace period): it gets the same orderly stop as the
// first Ctrl-C, so realtime answers already paid for are written and batch jobs are left running, not lost.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    const how = signal === 'SIGINT' ? 'Press Ctrl-C again' : 'Send the signal again';
    process.stderr.write(`\nInterrupted (${signal}): no new request or job is sent; batch jobs already created keep running and realtime requests in flight are recorded when they answer. ${how} to exit at once.\n`);
    controller.abort();
  });
}

/** The crash drill hook for BEVAL_CRASH_AT, or an error message when the variable names no crash point. */
function crashHook(value: string | undefined): CrashHook | string | undefined {
  if (!value) return undefined;
  try {
    const target = parseCrashPoint(value);
    // SIGKILL, not exit(): no finally blocks, no flushing, exactly what a power cut or an OOM kill leaves behind.
    return (point) => {
      if (point === target) process.kill(process.pid, 'SIGKILL');
    };
  } catch (e) {
    return (e as Error).message;
  }
}

const crashAt = crashHook(process.env.BEVAL_CRASH_AT);
if (typeof crashAt === 'string') {
  process.stderr.write(`beval: ${crashAt}\n`);
  process.exitCode = 1;
} else {
  process.exitCode = await main(process.argv.slice(2), processIo(controller.signal, crashAt));
}
