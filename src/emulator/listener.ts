// One loopback port for HTTP/1.1 and cleartext HTTP/2: the Bedrock runtime client defaults to HTTP/2 (h2c with prior knowledge).
import { createServer as createHttp1Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server } from 'node:http2';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface DualListener {
  port: number;
  close(): Promise<void>;
}

const H2_PREFACE = Buffer.from('PRI * HTTP/2.0');

export async function listenDual(handler: RequestHandler, port: number): Promise<DualListener> {
  const http1 = createHttp1Server(handler);
  // The HTTP/2 compatibility API implements the subset of IncomingMessage/ServerResponse our handlers use
  // (headers, method, url, body stream, writeHead/end/pipe/finish), so both protocols share one handler.
  const http2 = createHttp2Server((req, res) => handler(req as unknown as IncomingMessage, res as unknown as ServerResponse));
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const sniff = (): void => {
      const chunk = socket.read() as Buffer | null;
      if (chunk === null) return;
      socket.off('readable', sniff);
      socket.unshift(chunk);
      const isH2 = chunk.subarray(0, H2_PREFACE.length).equals(H2_PREFACE.subarray(0, Math.min(chunk.length, H2_PREFACE.length)));
      (isH2 ? http2 : http1).emit('connection', socket);
    };
    socket.on('readable', sniff);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      http1.close();
      http2.close();
    },
  };
}
