// Incremental computation of the flexible checksums the SDK sends with PutObject, so corrupt uploads are rejected.
import { createHash, type Hash } from 'node:crypto';
import { crc32 } from 'node:zlib';

/** The checksum algorithms we verify; others (crc32c, crc64nvme) are accepted without verification. */
const VERIFIABLE = ['crc32', 'sha1', 'sha256'] as const;
type Algorithm = (typeof VERIFIABLE)[number];

export class ChecksumVerifier {
  private crc = 0;
  private readonly hash: Hash | undefined;

  private constructor(readonly algorithm: Algorithm) {
    this.hash = algorithm === 'crc32' ? undefined : createHash(algorithm);
  }

  /** The verifier for the algorithm named by `x-amz-checksum-*` / `x-amz-trailer`, if we can verify it. */
  static forHeaderName(headerName: string): ChecksumVerifier | undefined {
    const algorithm = headerName.toLowerCase().replace(/^x-amz-checksum-/, '');
    return (VERIFIABLE as readonly string[]).includes(algorithm) ? new ChecksumVerifier(algorithm as Algorithm) : undefined;
  }

  update(chunk: Buffer): void {
    if (this.hash) this.hash.update(chunk);
    else this.crc = crc32(chunk, this.crc);
  }

  /** Base64 of the big-endian digest, as S3 headers carry it. */
  digestBase64(): string {
    if (this.hash) return this.hash.digest('base64');
    const out = Buffer.alloc(4);
    out.writeUInt32BE(this.crc >>> 0);
    return out.toString('base64');
  }
}
