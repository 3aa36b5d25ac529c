/**
 * Addresses and areas for the Excel adapter: A1 text for Office.js calls, wrong cells merged
 * into rectangles, and rectangles packed into address strings short enough for `getRanges`
 * (Excel silently cuts an address at 8,192 characters).
 */

/** 0-based inclusive rectangle of a sheet. */
export interface Area {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

/** Stay clear of Excel's 8,192-character cut. */
export const MAX_ADDRESS_CHARS = 8_000;

export function columnLetters(column: number): string {
  let s = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

export function areaAddress(a: Area): string {
  const first = `${columnLetters(a.c0)}${a.r0 + 1}`;
  return a.r0 === a.r1 && a.c0 === a.c1 ? first : `${first}:${columnLetters(a.c1)}${a.r1 + 1}`;
}

/** 'Sheet'!$C$5 — always quoted, which Excel accepts for every name. */
export function sheetRef(sheet: string, a: Area, absolute = false): string {
  const cell = (r: number, c: number) => (absolute ? `$${columnLetters(c)}$${r + 1}` : `${columnLetters(c)}${r + 1}`);
  const body = a.r0 === a.r1 && a.c0 === a.c1 ? cell(a.r0, a.c0) : `${cell(a.r0, a.c0)}:${cell(a.r1, a.c1)}`;
  return `'${sheet.replace(/'/g, "''")}'!${body}`;
}

/** Areas of an address as events report it ("B2", "B2:C9", "Sheet1!B2", "A:C", "3:4", "B2:C3,E5"). */
export function parseAreas(address: string): Area[] {
  const areas: Area[] = [];
  for (const part of address.split(',')) {
    const [a, b = a, extra] = part
      .slice(part.lastIndexOf('!') + 1)
      .replace(/\$/g, '')
      .trim()
      .split(':');
    const pa = /^([A-Z]{1,3})?(\d+)?$/i.exec(a);
    const pb = /^([A-Z]{1,3})?(\d+)?$/i.exec(b);
    if (extra !== undefined || !pa || !pb || !a || !b) continue;
    const r0 = pa[2] ? Number(pa[2]) - 1 : 0;
    const r1 = pb[2] ? Number(pb[2]) - 1 : 1_048_575;
    const c0 = pa[1] ? columnNumber(pa[1]) : 0;
    const c1 = pb[1] ? columnNumber(pb[1]) : 16_383;
    areas.push({ r0: Math.min(r0, r1), c0: Math.min(c0, c1), r1: Math.max(r0, r1), c1: Math.max(c0, c1) });
  }
  return areas;
}

/**
 * Cells (0-based row, column) merged into few rectangles: runs along each row first, then equal
 * runs on consecutive rows stacked. Input order does not matter; duplicates are fine.
 */
export function mergeCells(cells: { row: number; column: number }[]): Area[] {
  const byRow = new Map<number, number[]>();
  for (const { row, column } of cells) {
    const cols = byRow.get(row);
    if (cols) cols.push(column);
    else byRow.set(row, [column]);
  }
  // Horizontal runs keyed by their column span, each with the rows it occurs on.
  const spans = new Map<string, { c0: number; c1: number; rows: number[] }>();
  for (const [row, cols] of byRow) {
    cols.sort((a, b) => a - b);
    let start = cols[0];
    for (let i = 1; i <= cols.length; i++) {
      if (i < cols.length && cols[i] <= cols[i - 1] + 1) continue;
      const c1 = cols[i - 1];
      const key = `${start}:${c1}`;
      const span = spans.get(key) ?? { c0: start, c1, rows: [] };
      span.rows.push(row);
      spans.set(key, span);
      start = cols[i];
    }
  }
  const areas: Area[] = [];
  for (const { c0, c1, rows } of spans.values()) {
    rows.sort((a, b) => a - b);
    let r0 = rows[0];
    for (let i = 1; i <= rows.length; i++) {
      if (i < rows.length && rows[i] === rows[i - 1] + 1) continue;
      areas.push({ r0, c0, r1: rows[i - 1], c1 });
      r0 = rows[i];
    }
  }
  return areas.sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0);
}

/** Areas joined into comma-separated addresses of at most `maxChars` characters each. */
export function packAddresses(areas: Area[], maxChars = MAX_ADDRESS_CHARS): string[] {
  const out: string[] = [];
  let current = '';
  for (const a of areas) {
    const text = areaAddress(a);
    if (current && current.length + 1 + text.length > maxChars) {
      out.push(current);
      current = '';
    }
    current = current ? `${current},${text}` : text;
  }
  if (current) out.push(current);
  return out;
}

/** UTF-8 bytes of a string, counted without allocating (payloads reach megabytes). */
export function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export function jsonBytes(value: unknown): number {
  return utf8Bytes(JSON.stringify(value) ?? 'null');
}

/** Bytes of a value as JSON: quotes, escapes and UTF-8 counted in one pass, nothing allocated for strings. */
export function cellJsonBytes(v: unknown): number {
  if (typeof v === 'string') {
    let n = 2;
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c < 0x20) n += 6;
      else if (c === 0x22 || c === 0x5c) n += 2;
      else if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c <= 0xdbff) {
        n += 4;
        i++;
      } else n += 3;
    }
    return n;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? String(v).length : 4;
  if (typeof v === 'boolean') return v ? 4 : 5;
  return 2;
}
