// A small seeded PRNG (mulberry32): same seed, same sequence, so intervals are reproducible run to run.

/** Returns a function yielding uniform floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mix a base seed with labels (model, metric) so each comparison gets its own stream, stable across runs. */
export function deriveSeed(seed: number, ...labels: string[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const label of labels) {
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
    h = Math.imul(h ^ 0xff, 0x01000193) >>> 0;
  }
  return h;
}
