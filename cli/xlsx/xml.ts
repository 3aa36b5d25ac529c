/**
 * The little XML an .xlsx needs, read with indexOf over strings: worksheets are millions of
 * cells of one fixed shape, which a general XML parser would turn into millions of objects.
 */

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML text to a string: entities, character references, and OOXML's _xHHHH_ escapes. */
export function unescapeXml(s: string): string {
  if (s.indexOf('&') >= 0) {
    s = s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) => {
      if (e[0] !== '#') return ENTITY[e] ?? m;
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    });
  }
  // Excel writes characters XML cannot hold (control characters) as _x000D_; _x005F_ is "_".
  if (s.indexOf('_x') >= 0) s = s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return s;
}

export function escapeXml(s: string): string {
  // Characters XML 1.0 forbids are dropped (a clerk's pasted control characters).
  return s.replace(/[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '',
  );
}

/** The value of attribute `name` in the start tag `tag` (the text from '<' to '>'), unescaped. */
export function attr(tag: string, name: string): string | null {
  const re = new RegExp(`[\\s:]${name}\\s*=\\s*("([^"]*)"|'([^']*)')`);
  const m = re.exec(tag);
  return m ? unescapeXml(m[2] ?? m[3]) : null;
}

/** Every start tag of element `name` (with or without a namespace prefix) in `xml`. */
export function tags(xml: string, name: string): string[] {
  const re = new RegExp(`<(?:[A-Za-z0-9_]+:)?${name}(?=[\\s/>])[^>]*>`, 'g');
  return xml.match(re) ?? [];
}

/**
 * The text of a string item (<si> or <is>): every <t> outside phonetic runs (<rPh>), joined,
 * so rich text reads as Excel shows it.
 */
export function richText(source: string, start: number, end: number): string {
  // Searches stay inside the item: an unbounded indexOf per item would scan the whole chunk.
  const xml = source.slice(start, end);
  const from = 0;
  const to = xml.length;
  if (xml.startsWith('<t>') && xml.indexOf('<', 3) === to - 4) return unescapeXml(xml.slice(3, to - 4));
  let out = '';
  let p = from;
  // Phonetic runs (<rPh>, furigana) are not shown by Excel: skipped when the item has any.
  const rphAt = xml.indexOf('<rPh', from);
  const hasRph = rphAt >= 0 && rphAt < to;
  for (;;) {
    const t = xml.indexOf('<t', p);
    if (t < 0 || t >= to) break;
    const next = xml.charCodeAt(t + 2);
    if (next !== 62 /* > */ && next !== 32 /* space */ && next !== 47 /* / */) {
      p = t + 2;
      continue;
    }
    if (hasRph) {
      const rph = xml.lastIndexOf('<rPh', t);
      if (rph >= from && xml.lastIndexOf('</rPh>', t) < rph) {
        p = xml.indexOf('</rPh>', t) + 6;
        if (p < 6) break;
        continue;
      }
    }
    const gt = xml.indexOf('>', t);
    if (xml.charCodeAt(gt - 1) === 47) {
      p = gt + 1;
      continue;
    }
    const end = xml.indexOf('</t>', gt);
    if (end < 0 || end > to) break;
    out += xml.slice(gt + 1, end);
    p = end + 4;
  }
  return unescapeXml(out);
}

/**
 * A copy of `s` that does not keep the string it was sliced from alive: V8 makes substrings of
 * 13+ characters views into their parent, so one kept ID would hold a whole 1 MB chunk of
 * worksheet XML. Concatenation then flattening (charCodeAt) yields a fresh string.
 */
export function own(s: string): string {
  if (s.length < 13) return s;
  const t = s + ' ';
  t.charCodeAt(0);
  return t.slice(0, -1);
}
