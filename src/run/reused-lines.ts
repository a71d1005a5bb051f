// Reads the generation cache's lines back from the source runs' output files (src/run/reuse.ts keeps only where each
// line lies): a window of lines at a time, each window in file and offset order through one buffer, so a source file
// is read forward once per window and memory stays at the window whatever the size of the runs reused.
import fs from 'node:fs';
import { BevalError } from '../errors.ts';
import { lineHash } from '../outputs/line-choice.ts';
import { sha256File } from './local-outputs.ts';

/** An output file of a source run, as it was when the cache read it. */
export interface SourceFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** Where a cached line lies: the file (an index into the cache's files), its span, and the line hash of its text. */
export interface LinePlace {
  file: number;
  at: number;
  bytes: number;
  hash: number;
}

/**
 * Bytes of lines held at once: the reading order is sorted per window, and only the window's lines are in memory
 * (as text, then each parsed and written out one at a time). Measured with bench/reuse-memory.ts at 20,000 records ×
 * 4 models: 2 MiB kept the reusing run's peak RSS ~150 MiB over a plain plan's, 8 or 32 MiB ~300 MiB over it.
 */
const WINDOW_BYTES = 2 * 1024 * 1024;
/** Lines of a file this close together are read in one read, the bytes between them with them. */
const GAP_BYTES = 64 * 1024;
const READ_BYTES = 4 * 1024 * 1024;

function changed(file: string, what: string): BevalError {
  return new BevalError('OUTPUT', `--reuse: ${file} changed after its answers were read (${what}); the new run was not planned. Run the command again to read the source run as it is now.`);
}

/** An open source file, checked whole against what the cache read when opened. */
class SourceReader {
  private buf = Buffer.allocUnsafe(READ_BYTES);
  private constructor(private readonly source: SourceFile, private readonly fd: number) {}

  /** Opens `source` and checks its size and sha256: a file rewritten since, even to the same size, is refused. */
  static open(source: SourceFile): SourceReader {
    const fd = fs.openSync(source.path, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      if (size !== source.bytes) throw changed(source.path, `${source.bytes} bytes then, ${size} now`);
      // Hashed by path after opening: a file replaced since is caught by the size above or by each line's own hash.
      if (sha256File(source.path) !== source.sha256) throw changed(source.path, 'its sha256 differs');
      return new SourceReader(source, fd);
    } catch (e) {
      fs.closeSync(fd);
      throw e;
    }
  }

  /**
   * The texts of `places` (one file's, in offset order, `places[0].at` to the end of the last within one read), as
   * forEachLine gave them: a byte order mark before line 1 dropped, each checked against its line hash.
   */
  lines(places: readonly LinePlace[]): string[] {
    const from = places[0]!.at;
    const last = places.at(-1)!;
    const length = last.at + last.bytes - from;
    if (length > this.buf.length) this.buf = Buffer.allocUnsafe(length);
    for (let got = 0; got < length;) {
      const n = fs.readSync(this.fd, this.buf, got, length - got, from + got);
      if (n === 0) throw changed(this.source.path, `it ends before byte ${from + length}`);
      got += n;
    }
    return places.map((place) => {
      const start = place.at - from;
      let text = this.buf.toString('utf8', start, start + place.bytes);
      if (place.at === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (lineHash(text) !== place.hash) throw changed(this.source.path, `the line at byte ${place.at} differs`);
      return text;
    });
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/**
 * Calls `each(k, text)` for every place, in the order given (k is its index), with the line's text read back from
 * its source file. A window of lines at a time is read in file and offset order, neighbouring lines in one read.
 * Each file is checked whole (size, sha256) when first opened and each line against its hash, so a source changed
 * since the cache was read stops with an error naming the file instead of handing over other bytes.
 */
export function readCachedLines(files: readonly SourceFile[], places: readonly LinePlace[], each: (k: number, text: string) => void): void {
  const readers = new Map<number, SourceReader>();
  const reader = (file: number): SourceReader => {
    let r = readers.get(file);
    if (!r) {
      r = SourceReader.open(files[file]!);
      readers.set(file, r);
    }
    return r;
  };
  try {
    for (let from = 0; from < places.length;) {
      let to = from;
      for (let bytes = 0; to < places.length && (to === from || bytes + places[to]!.bytes <= WINDOW_BYTES); to++) bytes += places[to]!.bytes;
      const order = Array.from({ length: to - from }, (_v, j) => from + j)
        .sort((a, b) => places[a]!.file - places[b]!.file || places[a]!.at - places[b]!.at);
      const texts = new Array<string>(to - from);
      for (let i = 0; i < order.length;) {
        // A run of lines of one file, each within GAP_BYTES of the one before, read at once.
        const first = places[order[i]!]!;
        let j = i + 1;
        for (let end = first.at + first.bytes; j < order.length; j++) {
          const p = places[order[j]!]!;
          if (p.file !== first.file || p.at - end > GAP_BYTES || p.at + p.bytes - first.at > READ_BYTES) break;
          end = Math.max(end, p.at + p.bytes);
        }
        const run = order.slice(i, j);
        reader(first.file).lines(run.map((k) => places[k]!)).forEach((text, n) => { texts[run[n]! - from] = text; });
        i = j;
      }
      for (let k = from; k < to; k++) each(k, texts[k - from]!);
      from = to;
    }
  } finally {
    for (const r of readers.values()) r.close();
  }
}
