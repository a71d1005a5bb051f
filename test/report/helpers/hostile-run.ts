// A run whose every text field carries XSS and break-out payloads, to prove the report renders them inert.
import type { RecordRow, RunSummary } from '../../../src/types/results.ts';
import { errored, fail, model, ok, pass, summarise } from './synthetic-run.ts';

/** Payloads that would run code, load something or break out of their context if escaping failed anywhere. */
export const PAYLOADS = [
  '<script>alert(1)</script>',
  '</script><script>alert(1);window.__pwned=1</script>',
  '<img src=x onerror="alert(1);window.__pwned=1">',
  '<a href="javascript:alert(1)" onclick="alert(1)">click</a>',
  '<svg onload=alert(1)><circle r=5></circle></svg>',
  '"><iframe src="https://example.com/x"></iframe>',
  "' onmouseover='alert(1)' x='",
  '<!-- unterminated comment <script>alert(1)</script>',
  'line\u2028separator\u2029paragraph',
  '{{template}} ${alert(1)} <%= x %>',
  '<style>@import url(https://example.com/x.css);body{display:none}</style>',
  '<meta http-equiv="refresh" content="0;url=https://example.com">',
  '<link rel="stylesheet" href="https://example.com/x.css">',
];

export function hostileRun(): { summary: RunSummary; rows: RecordRow[] } {
  const evil = PAYLOADS.join(' | ');
  const models = [model('base', { label: '<img src=x onerror=alert(1)>' }), model('cand', { label: '</script><script>alert(1)</script>', modelId: '"><svg onload=alert(1)>' })];
  const metrics = [{ name: '<b onmouseover=alert(1)>exact</b>', kind: 'binary' as const }];
  const rows: RecordRow[] = PAYLOADS.map((payload, index) => ({
    index,
    recordId: index === 0 ? '<script>alert("id")</script>' : `hostile-${index}`,
    prompt: `Prompt ${index}: ${payload}`,
    expected: payload,
    tags: [index % 2 ? '<img src=x onerror=alert(1)>' : 'javascript:alert(1)'],
    meta: { note: payload },
    cells: [
      ok(`Output ${index}: ${payload}`, [pass(`reason ${payload}`)], { stopReason: '<b>end_turn</b>' }),
      index % 3 === 0 ? errored('<Exception onload=alert(1)>', `message ${payload}`, 1) : ok(`Candidate ${index}: ${evil}`, [fail(`reason ${payload}`)]),
    ],
  }));
  const summary = summarise(models, metrics, rows, {
    baseline: 'base',
    suitePath: 'suites/<script>alert(1)</script>.jsonl',
    gate: { verdict: 'regression', rows: [{ candidate: 'cand', metric: metrics[0]!.name, rule: '<script>alert(1)</script>', verdict: 'regression', evidence: PAYLOADS[2]! }] },
  });
  summary.runId = '<img src=x onerror=alert(1)>';
  return { summary, rows };
}
