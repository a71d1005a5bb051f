// Escaping for HTML text, attributes and JSON embedded in a script block.
import { describe, expect, it } from 'vitest';
import { escapeAttr, escapeHtml, jsonForScript } from '../../src/report/html/escape.ts';

const HOSTILE = [
  '<script>alert(1)</script>',
  '</script><script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "' onmouseover='alert(1)",
  '<!-- comment <script>',
  'javascript:alert(1)',
  'a\u2028b\u2029c',
  '{{template}} ${x} &amp; &lt;',
  'lone surrogate \ud800 end',
];

describe('escapeHtml / escapeAttr', () => {
  it.each([
    ['<b>&</b>', '&lt;b&gt;&amp;&lt;/b&gt;'],
    [`"double" 'single'`, '&quot;double&quot; &#39;single&#39;'],
    ['&amp;', '&amp;amp;'],
    ['日本語 🎉', '日本語 🎉'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
    expect(escapeAttr(input)).toBe(expected);
  });

  it.each(HOSTILE)('leaves no markup character in %j', (payload) => {
    expect(escapeHtml(payload)).not.toMatch(/[<>"']/);
  });
});

describe('jsonForScript', () => {
  it.each(HOSTILE)('cannot close the script block or open a comment: %j', (payload) => {
    const json = jsonForScript({ text: payload, list: [payload] });
    expect(json).not.toMatch(/[<>\u2028\u2029]/);
    expect(json.toLowerCase()).not.toContain('</script');
    expect(json).not.toContain('<!--');
    expect(JSON.parse(json)).toEqual({ text: payload, list: [payload] });
  });

  it('writes lone surrogates as escapes so the file stays valid UTF-8', () => {
    const json = jsonForScript('x\ud800y');
    expect(json).toBe('"x\\ud800y"');
    expect(Buffer.from(json, 'utf8').toString('utf8')).toBe(json);
  });

  it('serialises undefined as null rather than nothing', () => {
    expect(jsonForScript(undefined)).toBe('null');
  });
});
