// Unit tests for the aws-chunked decoder: chunk framing, extensions, trailers, split points, truncation.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AwsChunkedDecoder } from '../../src/emulator/aws-chunked.ts';

async function decode(pieces: string[]): Promise<{ body: string; trailers: Record<string, string> }> {
  const decoder = new AwsChunkedDecoder();
  const out: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    Readable.from(pieces.map((p) => Buffer.from(p, 'latin1'))).pipe(decoder).on('data', (b: Buffer) => out.push(b)).on('end', resolve).on('error', reject);
  });
  return { body: Buffer.concat(out).toString('latin1'), trailers: decoder.trailers };
}

const framed = '5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:abcd==\r\n\r\n';

describe('AwsChunkedDecoder', () => {
  it.each([
    ['one piece', [framed]],
    ['byte by byte', framed.split('')],
    ['split inside CRLF and size', [framed.slice(0, 2), framed.slice(2, 9), framed.slice(9, 17), framed.slice(17)]],
  ])('decodes %s', async (_name, pieces) => {
    const { body, trailers } = await decode(pieces);
    expect(body).toBe('hello world');
    expect(trailers['x-amz-checksum-crc32']).toBe('abcd==');
  });

  it('ignores chunk extensions such as chunk-signature', async () => {
    const { body } = await decode(['3;chunk-signature=abc\r\nabc\r\n0;chunk-signature=def\r\n\r\n']);
    expect(body).toBe('abc');
  });

  it.each([
    ['a truncated chunk', '5\r\nhel'],
    ['a bad size line', 'zz\r\nhello\r\n0\r\n\r\n'],
  ])('rejects %s', async (_name, input) => {
    await expect(decode([input])).rejects.toThrow(/aws-chunked/);
  });
});
