// Seeded hashing, PRNG and shuffling: every "random" choice the emulator makes is reproducible from the seed.
import { createHash } from 'node:crypto';
import { mulberry32 } from '../stats/random.ts';

/** 32-bit unsigned hash of the joined parts (sha256 prefix; stable across Node versions). */
export function hash32(...parts: Array<string | number>): number {
  return createHash('sha256').update(parts.join('\u0000')).digest().readUInt32BE(0);
}

/** A number in [0, 1) derived from the parts; used for "is this record in the x% slice" decisions. */
export function hashUnit(...parts: Array<string | number>): number {
  return hash32(...parts) / 0x1_0000_0000;
}

/** mulberry32, the same small PRNG the statistics use: good enough for shuffling test data. */
export const prng = mulberry32;

/** Fisher–Yates shuffle of 0..n-1, deterministic for a given seed. */
export function shuffledIndices(n: number, seed: number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  const next = prng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const tmp = out[i] as number;
    out[i] = out[j] as number;
    out[j] = tmp;
  }
  return out;
}

/** A string of `length` characters from `alphabet`, derived from the parts. */
export function hashId(length: number, alphabet: string, ...parts: Array<string | number>): string {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[(digest[i % digest.length] as number) % alphabet.length];
  return out;
}

/** The ids Bedrock uses for jobs: 12 lowercase alphanumerics. */
export const JOB_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
