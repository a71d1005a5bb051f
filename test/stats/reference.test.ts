// The normal quantile and Wilson intervals against scipy/statsmodels, to double precision. The fixture and the script
// that wrote it are in fixtures/ (Debian's python3-scipy 1.10.1 and python3-statsmodels 0.13.5).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalQuantile, wilson } from '../../src/stats/index.ts';

interface Fixture {
  normalQuantile: { p: number; z: number }[];
  wilson: { passed: number; n: number; confidence: number; low: number; high: number }[];
}
const fixture = JSON.parse(fs.readFileSync(new URL('./fixtures/reference.json', import.meta.url), 'utf8')) as Fixture;

describe('against scipy and statsmodels', () => {
  it.each(fixture.normalQuantile.map((q) => [q.p, q.z]))('Φ⁻¹(%d) = %d to 1e-15 relative', (p, z) => {
    const got = normalQuantile(p!);
    // Acklam's approximation, used before, is off by 1.4e-9 at 0.975 and fails this.
    expect(Math.abs(got - z!)).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(z!)));
  });

  it.each(fixture.wilson.map((w) => [w.passed, w.n, w.confidence, w.low, w.high]))('Wilson %d/%d at %d matches statsmodels to 1e-12', (x, n, conf, low, high) => {
    const ci = wilson(x!, n!, conf!);
    expect(Math.abs(ci.low - low!)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(ci.high - high!)).toBeLessThanOrEqual(1e-12);
  });

  it('z(0.975) is 1.959963984540054, not the 1.959963985 of a 1e-9 approximation', () => {
    expect(normalQuantile(0.975).toFixed(15)).toBe('1.959963984540054');
  });
});
