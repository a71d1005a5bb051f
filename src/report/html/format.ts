// Number formatting shared by the server-rendered report sections.

/** A metric value: percentage for binary metrics (pass rates), 3 significant decimals otherwise. */
export function fmtValue(value: number | null | undefined, kind: 'binary' | 'continuous'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return kind === 'binary' ? `${(value * 100).toFixed(1)}%` : value.toFixed(3);
}

/** A signed difference in the metric's unit (percentage points for binary metrics). */
export function fmtDiff(value: number | null | undefined, kind: 'binary' | 'continuous'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  const abs = Math.abs(value);
  return kind === 'binary' ? `${sign}${(abs * 100).toFixed(1)} pp` : `${sign}${abs.toFixed(3)}`;
}

export function fmtInt(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  return Math.round(n).toLocaleString('en-US');
}

export function fmtPercent(num: number, den: number): string {
  return den > 0 ? `${((num / den) * 100).toFixed(1)}%` : '–';
}

export function fmtCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return '–';
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  if (usd === 0 || usd >= 0.01) return `$${usd.toFixed(4)}`;
  // Per-record costs are often fractions of a cent: keep two significant digits rather than printing $0.0000.
  return `$${usd.toPrecision(2)}`;
}

export function fmtP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '–';
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}
