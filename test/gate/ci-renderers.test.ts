// The CI renderers keep config-given names inert: Markdown cannot start a link, image, HTML or table cell from a
// label, and the JUnit XML stays well-formed whatever a label or evidence holds.
import { describe, expect, it } from 'vitest';
import { gateJunitXml, xmlText } from '../../src/gate/junit.ts';
import { mdText, reportLink } from '../../src/report/summary-md.ts';
import { parseXml } from '../helpers/parse-xml.ts';

describe('summary.md text', () => {
  it('escapes what would become markup, a cell end or a heading', () => {
    expect(mdText('a|b <img src=x> [x](javascript:y) *b* `c` &amp;')).toBe('a\\|b \\<img src=x\\> \\[x\\](javascript:y) \\*b\\* \\`c\\` \\&amp;');
    expect(mdText('# title')).toBe('\\# title');
    expect(mdText('two\nlines')).toBe('two lines');
  });

  it('links the report from BEVAL_REPORT_URL, else from the GitHub Actions run', () => {
    expect(reportLink({ BEVAL_REPORT_URL: 'https://x/y', GITHUB_RUN_ID: '1' })).toEqual({ reportUrl: 'https://x/y' });
    expect(reportLink({ GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '42' })).toEqual({ reportUrl: 'https://github.com/o/r/actions/runs/42' });
    expect(reportLink({})).toEqual({});
  });
});

describe('gate.junit.xml text', () => {
  it('escapes markup and drops what XML 1.0 cannot carry', () => {
    expect(xmlText('a<b>&"c\'\u0001\u001b[31m\uD800')).toBe('a&lt;b&gt;&amp;&quot;c&apos;[31m');
  });

  it('stays well-formed with hostile names and evidence', () => {
    const xml = gateJunitXml({
      runId: 'r1', baseline: 'base"<', verdict: 'regression',
      rows: [{ candidate: 'c</testcase>', metric: 'm&', rule: 'r', verdict: 'regression', evidence: ']]><x>\u0000' }],
    });
    const root = parseXml(xml);
    const tc = root.children[0]!.children.find((c) => c.name === 'testcase')!;
    expect(tc.attributes.classname).toBe('beval.gate.c</testcase>');
    expect(tc.children[0]!.text).toBe(']]><x>');
  });
});
