// `beval emulator` as a standalone process: prints its loopback endpoint, serves the real SDK, stops on Ctrl-C.
import { spawn } from 'node:child_process';
import { BedrockClient, ListModelInvocationJobsCommand } from '@aws-sdk/client-bedrock';
import { describe, expect, it } from 'vitest';
import { BEVAL_BIN } from '../helpers/cli-process.ts';

describe('beval emulator', () => {
  it('prints a 127.0.0.1 endpoint the Bedrock SDK can use, and exits 0 on SIGINT', async () => {
    const child = spawn(process.execPath, [BEVAL_BIN, 'emulator', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let out = '';
    const endpoint = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error(`emulator exited early: ${out}`)));
    });
    const client = new BedrockClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    const list = await client.send(new ListModelInvocationJobsCommand({}));
    expect(list.invocationJobSummaries ?? []).toEqual([]);
    client.destroy();
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
