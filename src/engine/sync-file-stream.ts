// A Writable that writes each chunk to its file at once (fs.writeSync), for the report writers' own threads.
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { writeAllSync } from '../write-all.ts';

/**
 * fs.createWriteStream keeps every queued chunk alive until its asynchronous write completes, long enough for V8 to
 * promote the 64 KiB report chunks into the old generation of a capped worker heap, where only full collections free
 * them. Writing synchronously lets each chunk die young. Report writing is the only work of the thread that uses
 * this, so blocking it on the page cache costs nothing. Errors surface as stream errors, as with createWriteStream.
 */
export class SyncFileStream extends Writable {
  private fd: number | undefined;

  constructor(private readonly file: string) {
    super({ decodeStrings: false });
  }

  override _construct(callback: (error?: Error | null) => void): void {
    try {
      this.fd = fs.openSync(this.file, 'w');
      callback();
    } catch (e) {
      callback(e as Error);
    }
  }

  override _write(chunk: string | Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    try {
      // Looping on short writes: a full disk fails the stream with ENOSPC instead of dropping a chunk's tail.
      writeAllSync(this.fd!, typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk, undefined, this.file);
      callback();
    } catch (e) {
      callback(e as Error);
    }
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.closeFd(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.closeFd((e) => callback(error ?? e));
  }

  private closeFd(callback: (error?: Error | null) => void): void {
    const fd = this.fd;
    this.fd = undefined;
    if (fd === undefined) return callback();
    try {
      fs.closeSync(fd);
      callback();
    } catch (e) {
      callback(e as Error);
    }
  }
}
