// A loopback endpoint that answers chosen requests the way AWS answers a bad signature and forwards the rest to an
// emulator, so the real SDK clients meet AWS's InvalidSignatureException text (which quotes the signed headers).
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { listenDual, type DualListener } from '../../src/emulator/listener.ts';

/** The session token AWS would see when the client signs without one (emulator credentials). */
export const QUOTED_TOKEN = 'IQoJb3JpZ2luX2VjEBQaCXVzLWVhc3QtMSJHMEUCIQDquotedSessionTokenOfTheCaller';

/**
 * AWS's message for a signature mismatch on a JSON service (e.g. aws/aws-sdk-cpp#17): the canonical request it
 * expected, headers and values included, then the string-to-sign.
 */
export function invalidSignatureMessage(req: IncomingMessage): string {
  const h = req.headers;
  const auth = String(h.authorization ?? '');
  const signed = /SignedHeaders=([^,\s]+)/.exec(auth)?.[1]?.split(';') ?? ['host', 'x-amz-date'];
  const value = (name: string) => (name === 'host' ? String(h.host ?? h[':authority'] ?? '') : String(h[name] ?? ''));
  const headers = signed.map((name) => `${name}:${value(name)}`);
  if (!signed.includes('x-amz-security-token')) headers.push(`x-amz-security-token:${QUOTED_TOKEN}`);
  const scope = /Credential=[^/]+\/([^,\s]+)/.exec(auth)?.[1] ?? '20250101/us-east-1/bedrock/aws4_request';
  return [
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    '',
    'The Canonical String for this request should have been',
    `'${req.method}\n${req.url}\n\n${headers.join('\n')}\n\n${signed.join(';')}\n${String(h['x-amz-content-sha256'] ?? 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')}'`,
    '',
    'The String-to-Sign should have been',
    `'AWS4-HMAC-SHA256\n${String(h['x-amz-date'] ?? '')}\n${scope}\n8fa220f683adb6517b2df8f5558075060e023aabc1bb0308963977e75f161dda'`,
    '',
  ].join('\n');
}

/** What to answer instead of forwarding: a status, an error type (x-amzn-ErrorType) and a message. */
export interface Refusal {
  status: number;
  type: string;
  message: string;
}

export interface FakeAws extends DualListener {
  endpoint: string;
  /** Authorization and x-amz-security-token headers of every request received. */
  seen: { authorization?: string; token?: string }[];
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'http2-settings']);

function forward(target: string, req: IncomingMessage, res: ServerResponse): void {
  const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !k.startsWith(':') && !HOP_BY_HOP.has(k)));
  const url = new URL(target);
  const out = http.request({ host: url.hostname, port: url.port, method: req.method, path: req.url, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, Object.fromEntries(Object.entries(answer.headers).filter(([k]) => !HOP_BY_HOP.has(k))));
    answer.pipe(res);
  });
  out.on('error', () => res.destroy());
  req.pipe(out);
}

/** Starts the endpoint; `refuse` decides per request (undefined: forward to `forwardTo`, or answer 404 without one). */
export async function startFakeAws(refuse: (req: IncomingMessage) => Refusal | undefined, forwardTo?: string): Promise<FakeAws> {
  const seen: FakeAws['seen'] = [];
  const listener = await listenDual((req, res) => {
    seen.push({
      ...(req.headers.authorization ? { authorization: String(req.headers.authorization) } : {}),
      ...(req.headers['x-amz-security-token'] ? { token: String(req.headers['x-amz-security-token']) } : {}),
    });
    const refusal = refuse(req);
    if (!refusal && forwardTo) return forward(forwardTo, req, res);
    const r = refusal ?? { status: 404, type: 'UnknownOperationException', message: 'not faked' };
    req.resume();
    const body = JSON.stringify({ message: r.message });
    res.writeHead(r.status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)), 'x-amzn-ErrorType': r.type, 'x-amzn-RequestId': 'fake' });
    res.end(body);
  }, 0);
  return { ...listener, endpoint: `http://127.0.0.1:${listener.port}`, seen };
}
