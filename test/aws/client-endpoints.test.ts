// Which host each SDK client sends to: a Bedrock (control-plane) endpoint override must not carry Converse or S3 calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListModelInvocationJobsCommand } from '@aws-sdk/client-bedrock';
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { bedrockClient, bedrockRuntimeClient, s3Client, type ClientTarget } from '../../src/aws/clients.ts';

const STOP = new Error('stopped before sending');

/** The host a client would send `command` to: a finalizeRequest middleware records it and stops the request. */
async function hostOf(client: { middlewareStack: { add: Function }; send: Function; destroy: () => void }, command: unknown): Promise<string> {
  let host = '';
  client.middlewareStack.add(
    (next: unknown) => async (args: { request: { hostname: string; port?: number } }) => {
      host = `${args.request.hostname}${args.request.port ? `:${args.request.port}` : ''}`;
      void next;
      throw STOP;
    },
    { step: 'finalizeRequest', priority: 'low' },
  );
  await expect(client.send(command)).rejects.toBe(STOP);
  client.destroy();
  return host;
}

// The AWS clients sign with the default credential chain: fake keys for this file only (nothing is sent).
const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
beforeAll(() => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'not-a-secret';
});
afterAll(() => {
  for (const [k, v] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.secret]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('client endpoints', () => {
  const aws: ClientTarget = { region: 'us-east-1', local: false, endpoint: 'https://vpce-0abc.bedrock.us-east-1.vpce.amazonaws.com' };
  const converse = new ConverseCommand({ modelId: 'amazon.nova-micro-v1:0', messages: [{ role: 'user', content: [{ text: 'hi' }] }] });

  it('on AWS, the Bedrock endpoint override serves batch jobs only; Converse and S3 use their own endpoints', async () => {
    expect(await hostOf(bedrockClient(aws), new ListModelInvocationJobsCommand({}))).toBe('vpce-0abc.bedrock.us-east-1.vpce.amazonaws.com');
    expect(await hostOf(bedrockRuntimeClient(aws), converse)).toBe('bedrock-runtime.us-east-1.amazonaws.com');
    expect(await hostOf(s3Client(aws), new ListObjectsV2Command({ Bucket: 'my-bucket' }))).toBe('my-bucket.s3.us-east-1.amazonaws.com');
  });

  it('on AWS, target.runtimeEndpoint routes Converse', async () => {
    const withRuntime = { ...aws, runtimeEndpoint: 'https://vpce-0def.bedrock-runtime.us-east-1.vpce.amazonaws.com' };
    expect(await hostOf(bedrockRuntimeClient(withRuntime), converse)).toBe('vpce-0def.bedrock-runtime.us-east-1.vpce.amazonaws.com');
  });

  it('on the emulator, all three go to its one endpoint', async () => {
    const local: ClientTarget = { region: 'us-east-1', local: true, endpoint: 'http://127.0.0.1:4599' };
    expect(await hostOf(bedrockClient(local), new ListModelInvocationJobsCommand({}))).toBe('127.0.0.1:4599');
    expect(await hostOf(bedrockRuntimeClient(local), converse)).toBe('127.0.0.1:4599');
    expect(await hostOf(s3Client(local), new ListObjectsV2Command({ Bucket: 'b' }))).toBe('127.0.0.1:4599');
  });
});
