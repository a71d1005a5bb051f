// Medians and ranges of repeated bench samples (pure, unit-tested in test/bench/budgets.test.ts).

/** What the bench reports of N runs of one measurement: the median and the range around it. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  samples: number[];
}

export function median(xs: readonly number[]): number {
  if (!xs.length) throw new Error('median of no samples');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function spread(samples: readonly number[]): Spread {
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), samples: [...samples] };
}

/** `2.31 s (2.10–2.60)`: the median with the min–max range; `unit` formats one value. */
export function rangeText(s: Spread, unit: (x: number) => string): string {
  return s.samples.length > 1 ? `${unit(s.median)} (${unit(s.min)}–${unit(s.max)})` : unit(s.median);
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
export const mebibytes = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
export const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
