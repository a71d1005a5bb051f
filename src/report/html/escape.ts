// Escaping for every context the HTML report puts data in: element text, attribute values and embedded JSON.

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Bidirectional controls: raw, they reorder what is shown around them ("exe.html" reading as "html.exe"). */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Escape text for an HTML text node or a quoted attribute value (both quote styles are escaped). Bidirectional
 * controls become visible escapes (`\u202e`), as on the terminal (safe-text.ts) and in the explorer's script.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch).replace(BIDI, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** Alias that says which context a call site is in; attributes are always written double-quoted. */
export const escapeAttr = escapeHtml;

const JSON_SCRIPT_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * Serialise a value for a `<script type="application/json">` block. Escaping every `<` means neither `</script>`
 * nor `<!--` can appear in the block, so the HTML parser cannot leave it early; `>` and `&` are escaped too so the
 * text is inert even if it is ever moved into another context. U+2028/U+2029 are escaped for old JS parsers.
 * JSON.stringify already writes lone surrogates as `\udXXX` escapes, so the output is well-formed UTF-8.
 */
export function jsonForScript(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(/[<>&\u2028\u2029]/g, (ch) => JSON_SCRIPT_ESCAPES[ch] ?? ch);
}
