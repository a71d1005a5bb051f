// readCachedLines hands back exactly the text forEachLine gave for each place, in the order asked, whatever the order
// of the places in the files (windows sorted by offset, neighbouring lines read together, far ones apart), over
// several windows and files, with a byte order mark before line 1 and multi-byte characters.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { forEachLine } from '../../src/outputs/read-lines.ts';
import { lineHash } from '../../src/outputs/line-choice.ts';
import { readCachedLines, type LinePlace, type SourceFile } from '../../src/run/reused-lines.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/** A file of `n` lines of varied length (some far longer than others, one over 4 MiB), with a BOM and non-ASCII text. */
function writeLines(file: string, n: number, seed: number): void {
  const length = (i: number) => (i === 1234 ? 5 * 2 ** 20 : ((i * 7919 + seed) % 97) * (i % 50 === 0 ? 1000 : 40));
  const lines = Array.from({ length: n }, (_v, i) => JSON.stringify({ recordId: `r${i}`, text: `ü€ ${'x'.repeat(length(i))}` }));
  fs.writeFileSync(file, `\ufeff${lines.join('\n')}\n`);
}

async function placesOf(files: string[]): Promise<{ sources: SourceFile[]; places: LinePlace[]; texts: string[] }> {
  const sources: SourceFile[] = [];
  const places: LinePlace[] = [];
  const texts: string[] = [];
  for (const [index, file] of files.entries()) {
    const hash = createHash('sha256');
    let bytes = 0;
    await forEachLine(file, (_n, text, span) => {
      places.push({ file: index, at: span.at, bytes: span.bytes, hash: lineHash(text) });
      texts.push(text);
    }, (b) => { hash.update(b); bytes += b.length; });
    sources.push({ path: file, bytes, sha256: hash.digest('hex') });
  }
  return { sources, places, texts };
}

describe('readCachedLines', () => {
  it('gives each place its line, in the order asked, across windows and files', async () => {
    const dir = tempDir('reused-lines');
    const files = [path.join(dir, 'a.jsonl.out'), path.join(dir, 'b.jsonl.out')];
    writeLines(files[0]!, 3000, 1);
    writeLines(files[1]!, 2000, 2);
    const { sources, places, texts } = await placesOf(files);
    expect(texts[0]!.startsWith('{"recordId":"r0"')).toBe(true);
    expect(fs.statSync(files[0]!).size + fs.statSync(files[1]!).size).toBeGreaterThan(3 * 2 ** 20);
    // Every line once in a scrambled order, then a sparse subset (far apart: read one by one) with repeats.
    const order = [...places.keys()].sort((a, b) => ((a * 7919) % 4999) - ((b * 7919) % 4999));
    const sparse = [4000, 17, 17, 2999, 3000, 0, 1234, 1500];
    const asked = [...order, ...sparse];
    const got: string[] = [];
    readCachedLines(sources, asked.map((k) => places[k]!), (k, text) => { got[k] = text; });
    expect(got).toEqual(asked.map((k) => texts[k]));
  });

  it('refuses a line whose bytes differ from what was read, naming the file', async () => {
    const file = path.join(tempDir('reused-lines'), 'a.jsonl.out');
    writeLines(file, 10, 3);
    const { sources, places } = await placesOf([file]);
    const wrong = { ...places[4]!, hash: places[4]!.hash ^ 1 };
    expect(() => readCachedLines(sources, [places[3]!, wrong], () => undefined)).toThrow(`--reuse: ${file} changed after its answers were read (the line at byte ${wrong.at} differs)`);
  });
});
