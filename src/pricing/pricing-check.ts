// Checks a `pricing` block from the config: a typo or a percentage here would make the budget check pass blindly.

/** The problem with `pricing` as `[field, message]`, or undefined when it is a usable price. */
export function pricingProblem(pricing: unknown, where: string): [string, string] | undefined {
  if (typeof pricing !== 'object' || pricing === null || Array.isArray(pricing)) return [where, 'expected { inputPer1k, outputPer1k, batchDiscount? }'];
  const p = pricing as Record<string, unknown>;
  for (const k of Object.keys(p)) {
    if (k !== 'inputPer1k' && k !== 'outputPer1k' && k !== 'batchDiscount') return [`${where}.${k}`, 'unknown field; expected inputPer1k, outputPer1k and optionally batchDiscount'];
  }
  for (const k of ['inputPer1k', 'outputPer1k'] as const) {
    const v = p[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return [`${where}.${k}`, `expected a number of USD ≥ 0 per 1,000 tokens, got ${JSON.stringify(v)}`];
  }
  const d = p.batchDiscount;
  if (d !== undefined && (typeof d !== 'number' || !(d >= 0 && d <= 1))) {
    return [`${where}.batchDiscount`, `expected a fraction from 0 to 1 (0.5 = half price), got ${JSON.stringify(d)}`];
  }
  return undefined;
}
