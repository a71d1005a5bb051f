// gate.junit.xml: the gate as a JUnit report, for GitLab, Jenkins, Azure DevOps and the test-report actions. One test
// case per gate row (candidate × rule); a regression is a <failure>, an inconclusive row a <skipped> case (the data
// do not decide; the exit code 3 still fails the job), a pass a plain case. Documented in docs/ci.md.
import type { GateVerdictRow } from '../types/results.ts';

/** The file `beval gate` (and `run --gate`) writes beside gate.json. */
export const GATE_JUNIT_FILE = 'gate.junit.xml';

export interface JunitGate {
  runId: string;
  /** The gate's baseline (a model key, or key@runId for a baseline from an earlier run). */
  baseline: string;
  verdict: string;
  rows: readonly GateVerdictRow[];
  /** ISO time the results were made. */
  timestamp?: string;
}

/** XML 1.0 text: markup characters escaped, characters XML cannot carry (C0 controls, lone surrogates) dropped. */
export function xmlText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** How a row reads in JUnit terms; anything not a regression or a pass counts as undecided (skipped). */
export function junitOutcome(verdict: string): 'passed' | 'failure' | 'skipped' {
  if (verdict === 'pass') return 'passed';
  if (verdict === 'regression') return 'failure';
  return 'skipped';
}

export function gateJunitXml(gate: JunitGate): string {
  const a = xmlText;
  const cases = gate.rows.map((r) => ({ row: r, outcome: junitOutcome(r.verdict) }));
  const failures = cases.filter((c) => c.outcome === 'failure').length;
  const skipped = cases.filter((c) => c.outcome === 'skipped').length;
  const suiteName = `beval gate: run ${gate.runId} against ${gate.baseline}`;
  const counts = `tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="beval gate" ${counts}>`,
    `  <testsuite name="${a(suiteName)}" ${counts}${gate.timestamp ? ` timestamp="${a(gate.timestamp.replace(/\.\d+Z$|Z$/, ''))}"` : ''}>`,
    '    <properties>',
    `      <property name="runId" value="${a(gate.runId)}"/>`,
    `      <property name="baseline" value="${a(gate.baseline)}"/>`,
    `      <property name="verdict" value="${a(gate.verdict)}"/>`,
    '    </properties>',
  ];
  for (const { row, outcome } of cases) {
    const open = `    <testcase classname="${a(`beval.gate.${row.candidate}`)}" name="${a(`${row.metric}: ${row.rule}`)}" time="0">`;
    const message = a(`${row.verdict}: ${row.evidence}`);
    if (outcome === 'failure') lines.push(open, `      <failure type="regression" message="${message}">${a(row.evidence)}</failure>`, '    </testcase>');
    else if (outcome === 'skipped') lines.push(open, `      <skipped message="${message}"/>`, '    </testcase>');
    else lines.push(open, `      <system-out>${a(row.evidence)}</system-out>`, '    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
