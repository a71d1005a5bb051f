// The streaming renderer contract (a sink fed one RecordRow at a time) and backpressure-aware write helpers.
import type { Writable } from 'node:stream';
import type { RecordRow } from '../types/results.ts';

/** A report renderer fed row by row, so a 50,000-record run is never held in memory. */
export interface ReportSink {
  /** Called once per record, in suite order. May return a promise to apply backpressure. */
  row(row: RecordRow): void | Promise<void>;
  /** Flush and finish; resolves when the file is completely written. */
  end(): Promise<void>;
}

/**
 * Write a chunk and, when the stream's buffer is full, return a promise that resolves on 'drain'.
 * Returning `undefined` on the fast path keeps per-row overhead to a plain function call.
 */
export function writeChunk(out: Writable, chunk: string): Promise<void> | undefined {
  if (out.write(chunk)) return undefined;
  return new Promise<void>((resolve, reject) => {
    const onDrain = (): void => {
      out.off('error', onError);
      resolve();
    };
    const onError = (err: Error): void => {
      out.off('drain', onDrain);
      reject(err);
    };
    out.once('drain', onDrain);
    out.once('error', onError);
  });
}

/** End the stream and resolve once everything has been flushed ('finish'), rejecting on a stream error. */
export function endStream(out: Writable, lastChunk?: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    out.once('error', onError);
    // Node calls back with the error too (a file that cannot be opened, say) and emits 'error' after: the listener
    // stays on in that case so the event is never unhandled.
    out.end(lastChunk ?? '', (err?: Error | null) => {
      if (err) return reject(err);
      out.off('error', onError);
      resolve();
    });
  });
}

/**
 * Collects small strings and writes them in ~64 KiB chunks: a stream write per row would dominate the cost of a
 * 50,000-row report.
 */
export class ChunkedWriter {
  private parts: string[] = [];
  private size = 0;

  constructor(
    private readonly out: Writable,
    private readonly chunkChars = 64 * 1024,
  ) {}

  /** Queue text; returns a promise only when the underlying stream asks us to wait. */
  push(text: string): Promise<void> | undefined {
    this.parts.push(text);
    this.size += text.length;
    return this.size >= this.chunkChars ? this.flush() : undefined;
  }

  /** Write whatever is queued. */
  flush(): Promise<void> | undefined {
    if (this.parts.length === 0) return undefined;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    return writeChunk(this.out, chunk);
  }

  /** Flush and end the stream. */
  async end(lastText = ''): Promise<void> {
    const chunk = this.parts.join('') + lastText;
    this.parts = [];
    this.size = 0;
    await endStream(this.out, chunk);
  }
}
