// `--debug`: one line per AWS call (client, operation, HTTP status, request id, attempts, time), never its payload.
// The line goes to a sink the CLI passes through src/safe-text.ts, so a credential AWS quotes back is redacted.

export type DebugLog = (line: string) => void;

interface Metadata {
  httpStatusCode?: number;
  requestId?: string;
  extendedRequestId?: string;
  attempts?: number;
}

interface Stack {
  middlewareStack: {
    add(mw: (next: (args: unknown) => Promise<{ output: { $metadata?: Metadata } }>, context: { clientName?: string; commandName?: string }) => (args: unknown) => Promise<unknown>, opts: { step: 'initialize'; name: string }): void;
  };
}

function meta(m: Metadata | undefined): string {
  if (!m) return 'no response';
  return `status ${m.httpStatusCode ?? '-'}, request id ${m.requestId ?? m.extendedRequestId ?? '-'}, ${m.attempts ?? 1} attempt(s)`;
}

/** Adds the logging middleware at the initialize step, outside the retries, so `attempts` counts all of them. */
export function addDebugLog(client: Stack, log: DebugLog): void {
  client.middlewareStack.add((next, context) => async (args) => {
    const started = Date.now();
    const what = `${context.clientName ?? 'client'} ${context.commandName ?? 'command'}`;
    try {
      const out = await next(args);
      log(`aws: ${what}: ${meta(out.output.$metadata)}, ${Date.now() - started} ms`);
      return out;
    } catch (e) {
      const err = e as { name?: string; code?: string; $metadata?: Metadata };
      log(`aws: ${what} failed: ${err.name ?? 'Error'}${err.code && err.code !== err.name ? ` (${err.code})` : ''}: ${meta(err.$metadata)}, ${Date.now() - started} ms`);
      throw e;
    }
  }, { step: 'initialize', name: 'bevalDebugLog' });
}
