// `beval emulator [--port N]`: runs the Bedrock emulator standalone until Ctrl-C, printing its endpoint.
import path from 'node:path';
import { startEmulator } from '../../emulator/index.ts';
import { EXIT, type CliIo } from '../io.ts';

export interface EmulatorArgs {
  port?: number;
  minRecords?: number;
  replay?: string[];
}

export async function emulatorCommand(io: CliIo, args: EmulatorArgs): Promise<number> {
  const replay: Record<string, string> = {};
  for (const spec of args.replay ?? []) {
    const eq = spec.indexOf('=');
    if (eq < 1) {
      io.stderr.write(`--replay expects MODEL_ID=FILE, got ${spec}\n`);
      return EXIT.error;
    }
    replay[spec.slice(0, eq)] = path.resolve(io.cwd, spec.slice(eq + 1));
  }
  const emulator = await startEmulator({
    port: args.port ?? 0,
    replay,
    ...(args.minRecords !== undefined ? { minRecordsPerJob: args.minRecords } : {}),
  });
  io.stdout.write(`beval emulator listening on ${emulator.endpoint}\n`);
  io.stdout.write(`Set target: { kind: 'emulator', endpoint: '${emulator.endpoint}' } in eval.config.ts to use it. Ctrl-C stops it.\n`);
  await new Promise<void>((resolve) => {
    if (io.signal?.aborted) return resolve();
    io.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await emulator.close();
  return EXIT.ok;
}
