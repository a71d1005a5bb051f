// Small helpers over node:http shared by the S3, control-plane and runtime handlers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { REDACTED } from '../safe-text.ts';

/** Reads a whole request body (control-plane bodies are small; S3 bodies are streamed elsewhere). */
export async function readBody(req: IncomingMessage, limit = 64 * 1024 * 1024): Promise<Buffer> {
  // A 4xx, not the 500 a thrown Error became: the SDK retries a 500, sending the same oversized body again.
  const tooLarge = () => new BedrockHttpError({ status: 413, code: 'ValidationException', message: `The request body is larger than ${limit} bytes.` });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw tooLarge();
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export function newRequestId(): string {
  return randomUUID();
}

/** Writes a JSON response with the headers the AWS JSON protocols always carry. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(text)),
    'x-amzn-RequestId': newRequestId(),
    ...headers,
  });
  res.end(text);
}

/** A Bedrock (restJson1) error: the Coral-style `x-amzn-ErrorType` header plus `{"message"}`. */
export interface BedrockError {
  status: number;
  code: string;
  message: string;
}

export function sendBedrockError(res: ServerResponse, err: BedrockError): void {
  sendJson(res, err.status, { message: err.message }, {
    'x-amzn-ErrorType': `${err.code}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
  });
}

export const validationError = (message: string): BedrockError => ({ status: 400, code: 'ValidationException', message });

/** Thrown inside handlers to answer with a Bedrock error without threading results through every call. */
export class BedrockHttpError extends Error {
  constructor(readonly error: BedrockError) {
    super(error.message);
  }
}

/** The SigV4 signing service from the Authorization header's credential scope (`.../region/s3/aws4_request`). */
export function signingService(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (!auth) return undefined;
  const match = /Credential=[^/,\s]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(auth);
  return match?.[1];
}

/** Query parameters of a presigned URL that are credentials: a log line or an error message never repeats them. */
const PRESIGNED_SECRETS = new Set(['x-amz-credential', 'x-amz-security-token', 'x-amz-signature']);

/**
 * The URL's query string for a log line or an error message, with presigned credentials replaced by the marker
 * safe-text.ts uses. The marker is appended after encoding: URLSearchParams would print it as `%5Bredacted%5D`.
 */
export function redactedSearch(url: URL): string {
  if (!url.search) return '';
  const pair = (name: string, value: string) => new URLSearchParams([[name, value]]).toString();
  const pairs = [...new URLSearchParams(url.search)].map(([name, value]) => (PRESIGNED_SECRETS.has(name.toLowerCase()) ? `${pair(name, '')}${REDACTED}` : pair(name, value)));
  return `?${pairs.join('&')}`;
}
