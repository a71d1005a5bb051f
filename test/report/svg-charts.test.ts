// Server-side SVG charts: one bar and one interval per model, scaled to the metric's domain, labels escaped.
import { describe, expect, it } from 'vitest';
import { chartDomain, costScatterChart, metricBarChart } from '../../src/report/html/svg-charts.ts';

function bars(svg: string): { model: string; width: number; value: number }[] {
  return [...svg.matchAll(/<rect class="bar[^"]*" data-model="([^"]*)" data-value="([^"]*)" x="[^"]*" y="[^"]*" width="([^"]*)"/g)].map((m) => ({
    model: m[1]!,
    value: Number(m[2]),
    width: Number(m[3]),
  }));
}

describe('metricBarChart', () => {
  const data = [
    { key: 'a', label: 'Model A', mean: 0.8, ci: { low: 0.7, high: 0.9 }, best: true },
    { key: 'b', label: 'Model B', mean: 0.4, ci: { low: 0.3, high: 0.5 } },
    { key: 'c', label: 'Model C', mean: null, ci: null },
  ];

  it('draws one bar per scored model, proportional to the mean, with the best marked', () => {
    const svg = metricBarChart('exact', 'binary', data);
    const b = bars(svg);
    expect(b.map((x) => x.model)).toEqual(['a', 'b']);
    expect(b[0]!.width / b[1]!.width).toBeCloseTo(2, 1);
    expect(svg).toMatch(/<rect class="bar best" data-model="a"/);
    expect(svg).toContain('no scores');
    expect(svg).toContain('80.0%');
  });

  it('draws an interval whisker per model carrying its bounds', () => {
    const svg = metricBarChart('exact', 'binary', data);
    const cis = [...svg.matchAll(/<g class="ci" data-model="([^"]*)" data-low="([^"]*)" data-high="([^"]*)"/g)].map((m) => [m[1], Number(m[2]), Number(m[3])]);
    expect(cis).toEqual([
      ['a', 0.7, 0.9],
      ['b', 0.3, 0.5],
    ]);
  });

  it('escapes labels and metric names', () => {
    const svg = metricBarChart('<x>', 'binary', [{ key: '"k', label: '<img src=x onerror=alert(1)>', mean: 0.5, ci: null }]);
    expect(svg).not.toContain('<img');
    expect(svg).not.toContain('<x>');
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(svg).toContain('data-model="&quot;k"');
  });

  it.each([
    ['binary', [{ key: 'a', label: 'A', mean: 0.2, ci: null }], [0, 1]],
    ['continuous', [{ key: 'a', label: 'A', mean: 0.8, ci: { low: 0.62, high: 0.97 } }], [0, 1]],
    ['continuous', [{ key: 'a', label: 'A', mean: 3, ci: { low: 2, high: 4.2 } }], [0, 5]],
    ['continuous', [{ key: 'a', label: 'A', mean: 180, ci: null }], [0, 200]],
    ['continuous', [{ key: 'a', label: 'A', mean: -0.5, ci: { low: -0.8, high: 0.1 } }], [-1, 0.1]],
    ['continuous', [{ key: 'a', label: 'A', mean: 0, ci: null }], [0, 1]],
    ['continuous', [{ key: 'a', label: 'A', mean: null, ci: null }], [0, 1]],
  ] as const)('domain for %s %j is %j', (kind, d, expected) => {
    const [lo, hi] = chartDomain([...d], kind);
    expect(lo).toBeCloseTo(expected[0], 6);
    expect(hi).toBeCloseTo(expected[1], 6);
  });
});

describe('costScatterChart', () => {
  it('places one point per priced model, cheaper to the left, better higher', () => {
    const svg = costScatterChart('exact', 'binary', [
      { key: 'cheap', label: 'Cheap', cost: 1, quality: 0.5 },
      { key: 'dear', label: 'Dear', cost: 10, quality: 0.9 },
    ]);
    const pts = Object.fromEntries([...svg.matchAll(/data-model="([^"]*)"><circle cx="([^"]*)" cy="([^"]*)"/g)].map((m) => [m[1], { x: Number(m[2]), y: Number(m[3]) }]));
    expect(Object.keys(pts)).toEqual(['cheap', 'dear']);
    expect(pts.cheap!.x).toBeLessThan(pts.dear!.x);
    expect(pts.dear!.y).toBeLessThan(pts.cheap!.y);
  });

  it('renders nothing without priced models', () => {
    expect(costScatterChart('exact', 'binary', [])).toBe('');
  });
});
