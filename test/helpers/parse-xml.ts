// A strict parser for the XML beval writes (declaration, elements, attributes, text, the five entities and numeric
// character references): enough to read gate.junit.xml field by field, and to refuse anything not well-formed
// (unclosed or mismatched tags, unquoted or duplicate attributes, a bare & or <, a control character).
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: number): string {
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(raw)) throw new Error(`control character in XML near offset ${where}`);
  if (/&(?![a-z]+;|#\d+;|#x[0-9a-f]+;)/i.test(raw) || raw.includes('<')) throw new Error(`bare & or < in XML near offset ${where}`);
  return raw.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (_, e: string) => {
    if (e.startsWith('#x') || e.startsWith('#X')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    const v = ENTITIES[e];
    if (v === undefined) throw new Error(`unknown entity &${e}; in XML`);
    return v;
  });
}

export function parseXml(xml: string): XmlElement {
  let i = 0;
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n?/.exec(xml);
  if (decl) i = decl[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const name = /[A-Za-z_][\w.-]*/y;
  while (i < xml.length) {
    if (xml.startsWith('</', i)) {
      const end = xml.indexOf('>', i);
      const closing = xml.slice(i + 2, end).trim();
      const open = stack.pop();
      if (!open || open.name !== closing) throw new Error(`</${closing}> closes <${open?.name ?? 'nothing'}> at offset ${i}`);
      i = end + 1;
      continue;
    }
    if (xml[i] === '<') {
      name.lastIndex = i + 1;
      const m = name.exec(xml);
      if (!m) throw new Error(`bad tag at offset ${i}`);
      const el: XmlElement = { name: m[0], attributes: {}, children: [], text: '' };
      i = name.lastIndex;
      for (;;) {
        const ws = /\s*/y;
        ws.lastIndex = i;
        ws.exec(xml);
        i = ws.lastIndex;
        if (xml.startsWith('/>', i) || xml[i] === '>') break;
        const attr = /([A-Za-z_][\w.:-]*)="([^"]*)"/y;
        attr.lastIndex = i;
        const a = attr.exec(xml);
        if (!a) throw new Error(`bad attribute in <${el.name}> at offset ${i}`);
        if (Object.hasOwn(el.attributes, a[1]!)) throw new Error(`duplicate attribute ${a[1]} in <${el.name}>`);
        el.attributes[a[1]!] = decode(a[2]!, i);
        i = attr.lastIndex;
      }
      if (stack.length) stack[stack.length - 1]!.children.push(el);
      else if (root) throw new Error('more than one root element');
      else root = el;
      if (xml.startsWith('/>', i)) i += 2;
      else {
        i += 1;
        stack.push(el);
      }
      continue;
    }
    const next = xml.indexOf('<', i);
    const raw = xml.slice(i, next < 0 ? xml.length : next);
    if (stack.length) stack[stack.length - 1]!.text += decode(raw, i);
    else if (raw.trim()) throw new Error(`text outside the root element at offset ${i}`);
    i = next < 0 ? xml.length : next;
  }
  if (stack.length || !root) throw new Error(`unclosed <${stack[stack.length - 1]?.name ?? 'root'}>`);
  return root;
}
