/**
 * A1 addresses for the fake Excel: parse what Office.js accepts ("B5", "$B$5:D9", "A:C", "3:7",
 * "'人 表'!B5", comma-separated areas) and format what Excel answers ("'人 表'!B5:D9").
 * Written apart from the adapter's own address code so a shared bug cannot hide.
 */

/** Excel's grid (xlsx): 1,048,576 rows × 16,384 columns (A … XFD). */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/** 0-based, inclusive rectangle. */
export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export function columnLetters(column: number): string {
  let s = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

export function rectAddress(rect: Rect): string {
  const wholeColumns = rect.r0 === 0 && rect.r1 === MAX_ROWS - 1;
  const wholeRows = rect.c0 === 0 && rect.c1 === MAX_COLUMNS - 1;
  if (wholeColumns && !wholeRows) return `${columnLetters(rect.c0)}:${columnLetters(rect.c1)}`;
  if (wholeRows && !wholeColumns) return `${rect.r0 + 1}:${rect.r1 + 1}`;
  const a = `${columnLetters(rect.c0)}${rect.r0 + 1}`;
  return rect.r0 === rect.r1 && rect.c0 === rect.c1 ? a : `${a}:${columnLetters(rect.c1)}${rect.r1 + 1}`;
}

/** "$B$5:$D$9", as Excel writes a name's reference. */
export function absoluteAddress(rect: Rect): string {
  const cell = (r: number, c: number) => `$${columnLetters(c)}$${r + 1}`;
  return rect.r0 === rect.r1 && rect.c0 === rect.c1 ? cell(rect.r0, rect.c0) : `${cell(rect.r0, rect.c0)}:${cell(rect.r1, rect.c1)}`;
}

export function sheetAddress(sheet: string, rects: Rect[]): string {
  return rects.map((r) => `${quoteSheet(sheet)}!${rectAddress(r)}`).join(',');
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;
const COL = /^\$?([A-Za-z]{1,3})$/;
const ROW = /^\$?(\d{1,7})$/;

/** One part of a range reference ("B5", "A", "7") as [row|null, column|null]. */
function parseRef(ref: string): [number | null, number | null] | null {
  let m = CELL.exec(ref);
  if (m) return [Number(m[2]) - 1, columnIndex(m[1])];
  m = COL.exec(ref);
  if (m) return [null, columnIndex(m[1])];
  m = ROW.exec(ref);
  if (m) return [Number(m[1]) - 1, null];
  return null;
}

function parseArea(text: string): Rect | null {
  const [a, b = a, extra] = text.split(':');
  if (extra !== undefined) return null;
  const p = parseRef(a);
  const q = parseRef(b);
  if (!p || !q) return null;
  // "A:C" and "3:7" need both ends of the same kind; "B5:D9" both cells.
  if ((p[0] === null) !== (q[0] === null) || (p[1] === null) !== (q[1] === null)) return null;
  const r0 = p[0] ?? 0;
  const r1 = q[0] ?? MAX_ROWS - 1;
  const c0 = p[1] ?? 0;
  const c1 = q[1] ?? MAX_COLUMNS - 1;
  const rect = { r0: Math.min(r0, r1), r1: Math.max(r0, r1), c0: Math.min(c0, c1), c1: Math.max(c0, c1) };
  if (rect.r1 >= MAX_ROWS || rect.c1 >= MAX_COLUMNS) return null;
  return rect;
}

export interface ParsedAddress {
  /** The sheet named in the address, when one is. */
  sheet?: string;
  rects: Rect[];
}

/** Parse an address; null when Excel would refuse it (InvalidArgument). */
export function parseAddress(address: string): ParsedAddress | null {
  const rects: Rect[] = [];
  let sheet: string | undefined;
  for (const part of splitAreas(address.trim())) {
    let body = part;
    const bang = part.lastIndexOf('!');
    if (bang >= 0) {
      const raw = part.slice(0, bang);
      const name = raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : raw;
      if (sheet !== undefined && sheet !== name) return null;
      sheet = name;
      body = part.slice(bang + 1);
    }
    const rect = parseArea(body);
    if (!rect) return null;
    rects.push(rect);
  }
  return rects.length ? { sheet, rects } : null;
}

/** Split on commas outside quoted sheet names. */
function splitAreas(address: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < address.length; i++) {
    const ch = address[i];
    if (ch === "'") quoted = !quoted;
    else if (ch === ',' && !quoted) {
      parts.push(address.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(address.slice(start).trim());
  return parts;
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;
}

export function contains(rect: Rect, row: number, column: number): boolean {
  return row >= rect.r0 && row <= rect.r1 && column >= rect.c0 && column <= rect.c1;
}
