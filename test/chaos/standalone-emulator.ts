// A `beval emulator` child process that outlives the beval processes a chaos test kills, and reads of its job list.
import { spawn, type ChildProcess } from 'node:child_process';
import { BedrockClient, paginateListModelInvocationJobs } from '@aws-sdk/client-bedrock';
import { BEVAL_BIN } from '../helpers/cli-process.ts';

/** A job as the emulator's ListModelInvocationJobs reports it. */
export interface RemoteJob {
  name: string;
  arn: string;
  token: string;
  modelId: string;
  status: string;
}

export interface StandaloneEmulator {
  endpoint: string;
  /** Every job whose name contains `text` (a run id), over the Bedrock API with the real SDK. */
  jobs(text: string): Promise<RemoteJob[]>;
  /** SIGINT, then waits for the process to exit (it removes its data folder on the way out). */
  stop(): Promise<void>;
}

export async function startStandaloneEmulator(minRecords: number): Promise<StandaloneEmulator> {
  const child: ChildProcess = spawn(process.execPath, [BEVAL_BIN, 'emulator', '--port', '0', '--min-records', String(minRecords)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let out = '';
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('exit', () => reject(new Error(`beval emulator exited early: ${out}`)));
  });
  const client = new BedrockClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  return {
    endpoint,
    async jobs(text) {
      const found: RemoteJob[] = [];
      for await (const page of paginateListModelInvocationJobs({ client }, { nameContains: text, maxResults: 100 })) {
        for (const j of page.invocationJobSummaries ?? []) {
          found.push({ name: j.jobName ?? '', arn: j.jobArn ?? '', token: j.clientRequestToken ?? '', modelId: j.modelId ?? '', status: j.status ?? '' });
        }
      }
      return found;
    },
    async stop() {
      client.destroy();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await exited;
    },
  };
}
