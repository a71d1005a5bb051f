// A cleartext HTTP/2 bedrock-runtime for realtime tests that need answers the emulator cannot give (torn bodies,
// answers held until the test releases them); the real SDK client talks to it like to Bedrock.
// It answers only Converse (no STS, no model lookup), so tests running `beval run` against it pass --skip-preflight.
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';

export interface FakeAnswer {
  status: number;
  body: string;
}

export interface FakeRuntime {
  endpoint: string;
  /** Prompts of every Converse request received, in arrival order. */
  calls: string[];
  close(): Promise<void>;
}

/** A well-formed Converse response body. */
export function converseBody(text: string): string {
  return JSON.stringify({
    output: { message: { role: 'assistant', content: [{ text }] } }, stopReason: 'end_turn',
    usage: { inputTokens: 5, outputTokens: 3, totalTokens: 8 }, metrics: { latencyMs: 3 },
  });
}

/** Serves `POST /model/{id}/converse` with whatever `answer` returns for the request's first text block and model. */
export async function fakeRuntime(answer: (prompt: string, modelId: string) => FakeAnswer | Promise<FakeAnswer>): Promise<FakeRuntime> {
  const calls: string[] = [];
  const server = http2.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => { body += d.toString(); });
    req.on('end', () => {
      const route = /^\/model\/([^/]+)\/converse$/.exec(req.url);
      if (!route) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not here"}');
        return;
      }
      const prompt = (JSON.parse(body) as { messages: { content: { text: string }[] }[] }).messages[0]!.content[0]!.text;
      calls.push(prompt);
      void Promise.resolve(answer(prompt, decodeURIComponent(route[1]!))).then((a) => {
        res.writeHead(a.status, { 'content-type': 'application/json' });
        res.end(a.body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
