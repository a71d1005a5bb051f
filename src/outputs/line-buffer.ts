// One reusable read buffer that splits a file into '\n'-terminated lines without allocating a buffer per chunk.

/**
 * Reads go into the free end of one buffer; complete lines come out as strings; the unfinished tail moves to the
 * front before the next read. Allocating a fresh multi-MiB buffer per chunk (Buffer.concat of carry and chunk) costs
 * little itself, but the external memory it reports makes V8 start a full collection every few chunks: 18 per scoring
 * worker at 50k × 4. The buffer only grows when a single line is longer than it.
 */
export class LineBuffer {
  private buf: Buffer;
  private view: Buffer;
  private start = 0;
  private end = 0;
  private scan = 0;
  /** The file offset of buf[0]: what earlier reads moved out of the buffer. */
  private base = 0;
  /** Where the line last returned by next() or rest() starts in the file, and its length in bytes (without '\n'). */
  lineStart = 0;
  lineBytes = 0;

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
    this.view = this.buf.subarray(0, 0);
  }

  /** Where the next read should go: [buffer, offset, length]. */
  space(): [Buffer, number, number] {
    if (this.start > 0) {
      this.base += this.start;
      this.buf.copyWithin(0, this.start, this.end);
      this.end -= this.start;
      this.scan -= this.start;
      this.start = 0;
    }
    if (this.end === this.buf.length) {
      const bigger = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.end);
      this.buf = bigger;
    }
    return [this.buf, this.end, this.buf.length - this.end];
  }

  /** Record that a read put `bytes` bytes at the offset space() gave. */
  filled(bytes: number): void {
    this.end += bytes;
    this.view = this.buf.subarray(0, this.end);
  }

  /** The next complete line (without its '\n'), or undefined until more is read. */
  next(): string | undefined {
    const nl = this.view.indexOf(10, this.scan);
    if (nl === -1) {
      this.scan = this.end;
      return undefined;
    }
    const line = this.view.toString('utf8', this.start, nl);
    this.lineStart = this.base + this.start;
    this.lineBytes = nl - this.start;
    this.start = this.scan = nl + 1;
    return line;
  }

  /** After the last read: the final line if the file does not end with '\n', else undefined. */
  rest(): string | undefined {
    if (this.end <= this.start) return undefined;
    this.lineStart = this.base + this.start;
    this.lineBytes = this.end - this.start;
    return this.view.toString('utf8', this.start, this.end);
  }
}
