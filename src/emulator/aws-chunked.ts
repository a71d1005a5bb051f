// Streaming decoder for `Content-Encoding: aws-chunked` bodies (what the SDK sends for stream uploads with checksums).
import { Transform, type TransformCallback } from 'node:stream';

type State = 'size' | 'data' | 'data-crlf' | 'trailer' | 'done';

/**
 * Decodes `<hex-size>[;ext]\r\n<bytes>\r\n ... 0\r\n<trailer-name>:<value>\r\n\r\n` into the raw payload.
 * Trailers (e.g. `x-amz-checksum-crc32`) are collected in `trailers` with lower-case names.
 */
export class AwsChunkedDecoder extends Transform {
  // Trailer names come from the client: a null-prototype record, so `__proto__` is an ordinary name.
  readonly trailers: Record<string, string> = Object.create(null) as Record<string, string>;
  private pending: Buffer = Buffer.alloc(0);
  private remaining = 0;
  private state: State = 'size';

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let i = 0;
    try {
      while (i < buf.length) {
        if (this.state === 'data') {
          const take = Math.min(this.remaining, buf.length - i);
          this.push(buf.subarray(i, i + take));
          i += take;
          this.remaining -= take;
          if (this.remaining === 0) this.state = 'data-crlf';
          continue;
        }
        if (this.state === 'done') {
          i = buf.length;
          break;
        }
        const eol = buf.indexOf('\r\n', i);
        if (eol < 0) break;
        const line = buf.toString('latin1', i, eol);
        i = eol + 2;
        this.consumeLine(line);
      }
      // Only a partial header line can be left over; copy it so the caller's chunk can be released.
      this.pending = Buffer.from(buf.subarray(i));
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    // Some clients omit the final empty line after the trailers; accept that, reject anything shorter.
    if (this.state === 'done' || (this.state === 'trailer' && this.pending.length === 0)) callback();
    else callback(new Error(`Incomplete aws-chunked body (stopped while reading ${this.state})`));
  }

  private consumeLine(line: string): void {
    switch (this.state) {
      case 'data-crlf':
        if (line !== '') throw new Error('Malformed aws-chunked body: missing CRLF after chunk data');
        this.state = 'size';
        return;
      case 'size': {
        const size = Number.parseInt(line.split(';')[0] ?? '', 16);
        if (!Number.isFinite(size) || size < 0) throw new Error(`Malformed aws-chunked chunk size: ${JSON.stringify(line)}`);
        if (size === 0) this.state = 'trailer';
        else {
          this.remaining = size;
          this.state = 'data';
        }
        return;
      }
      case 'trailer': {
        if (line === '') {
          this.state = 'done';
          return;
        }
        const colon = line.indexOf(':');
        if (colon > 0) this.trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        return;
      }
      default:
        return;
    }
  }
}
