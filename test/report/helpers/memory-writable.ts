// An in-memory Writable with a tiny highWaterMark, so tests exercise the sinks' backpressure path.
import { Writable } from 'node:stream';

export class MemoryWritable extends Writable {
  private chunks: Buffer[] = [];
  drains = 0;

  constructor(highWaterMark = 16) {
    super({ highWaterMark });
    this.on('drain', () => this.drains++);
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.chunks.push(chunk);
    setImmediate(cb); // asynchronous, so the buffer really fills up
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
