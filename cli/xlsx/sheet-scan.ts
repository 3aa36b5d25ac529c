import type { Cell } from '../../core/types';
import { XlsxError } from './errors';
import { own, richText, unescapeXml } from './xml';

/** Excel's own limits (a larger sheet is no Excel file, or a bomb). */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;
/** No row of a real worksheet comes near this; the XML of one that does is broken or hostile. */
const MAX_ROW_CHARS = 64 * 1024 * 1024;

/** Serial day number of an ISO date (t="d" cells), as Excel shows a date cell's value. */
export function serialOfIso(iso: string): number | string {
  const t = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso.endsWith('Z') ? iso : `${iso}Z`);
  if (Number.isNaN(t)) return iso;
  return t / 86_400_000 + 25569;
}

export interface ScanOptions {
  /** Shared strings, by index. */
  strings: readonly string[];
  /** Stop after this many worksheet rows (header detection needs only the first few). */
  maxRows?: number;
}

/**
 * Worksheet XML → rows of cells, fed in text chunks as the entry inflates. Row i of `rows` is
 * worksheet row i + 1 (gaps become empty rows, so row numbers stay the worksheet's); a cell's
 * value is what Excel's API gives: numbers (dates as serial numbers), text, booleans, error
 * text ("#N/A"), null where a row has a gap.
 */
export class SheetScanner {
  readonly rows: Cell[][] = [];
  private carry = '';
  private readonly strings: readonly string[];
  private readonly maxRows: number;
  done = false;

  constructor(options: ScanOptions) {
    this.strings = options.strings;
    this.maxRows = options.maxRows ?? MAX_ROWS;
  }

  /** Feed the next chunk of text; false once maxRows rows are read (stop feeding). */
  push(text: string): boolean {
    if (this.done) return false;
    const carried = this.carry.length;
    const buf = carried ? this.carry + text : text;
    // Only the new text can hold a row's end (the carry had none): no rescanning of the carry.
    if (buf.indexOf('</row>', Math.max(0, carried - 5)) < 0) {
      if (buf.length > MAX_ROW_CHARS) throw new XlsxError('corrupt', 'a worksheet row longer than 64 MB');
      this.carry = buf;
      return true;
    }
    const last = buf.lastIndexOf('</row>');
    this.scan(buf, last + 6);
    this.carry = this.done ? '' : buf.slice(last + 6);
    return !this.done;
  }

  /** The end of the entry: rows still in the buffer (self-closing ones after the last </row>). */
  finish(): Cell[][] {
    if (!this.done && this.carry) this.scan(this.carry, this.carry.length);
    this.carry = '';
    this.done = true;
    return this.rows;
  }

  private scan(buf: string, end: number): void {
    let p = 0;
    for (;;) {
      const start = buf.indexOf('<row', p);
      if (start < 0 || start >= end) return;
      const c = buf.charCodeAt(start + 4);
      if (c !== 32 && c !== 62 && c !== 47 && c !== 9 && c !== 10 && c !== 13) {
        p = start + 4;
        continue;
      }
      const tagEnd = buf.indexOf('>', start);
      const r = rowNumberOf(buf, start, tagEnd, this.rows.length + 1);
      if (r > this.maxRows) {
        this.done = true;
        return;
      }
      if (r > MAX_ROWS) throw new XlsxError('too_large');
      while (this.rows.length < r - 1) this.rows.push([]);
      if (buf.charCodeAt(tagEnd - 1) === 47) {
        if (this.rows.length < r) this.rows.push([]);
        p = tagEnd + 1;
        continue;
      }
      const rowEnd = buf.indexOf('</row>', tagEnd);
      const row = this.cells(buf, tagEnd + 1, rowEnd);
      if (this.rows.length === r - 1) this.rows.push(row);
      else this.rows[r - 1] = row; // a row repeated out of order: the later one wins
      p = rowEnd + 6;
      if (r >= this.maxRows) {
        this.done = true;
        return;
      }
    }
  }

  /** Reused for every row; each row is then copied out at its exact length (push would leave slack). */
  private readonly scratch: Cell[] = [];

  /** The cells of one row element's content. */
  private cells(buf: string, from: number, to: number): Cell[] {
    const row = this.scratch;
    let n = 0;
    let p = from;
    for (;;) {
      const c = buf.indexOf('<c', p);
      if (c < 0 || c >= to) break;
      const next = buf.charCodeAt(c + 2);
      if (next !== 32 && next !== 62 && next !== 47) {
        p = c + 2;
        continue;
      }
      const tagEnd = buf.indexOf('>', c);
      const col = columnOf(buf, c, tagEnd, n);
      if (col >= MAX_COLUMNS) throw new XlsxError('too_large');
      const selfClosing = buf.charCodeAt(tagEnd - 1) === 47;
      const cellEnd = selfClosing ? tagEnd : buf.indexOf('</c>', tagEnd);
      const value = selfClosing ? null : this.value(buf, c, tagEnd, cellEnd);
      p = selfClosing ? tagEnd + 1 : cellEnd + 4;
      if (value === null) continue;
      while (n < col) row[n++] = null;
      if (col === n) row[n++] = value;
      else row[col] = value; // a cell repeated out of order: the later one wins
    }
    return row.slice(0, n);
  }

  private value(buf: string, c: number, tagEnd: number, cellEnd: number): Cell {
    const type = typeOf(buf, c, tagEnd);
    if (type === 'inlineStr') {
      const is = buf.indexOf('<is', tagEnd);
      return is >= 0 && is < cellEnd ? own(richText(buf, is, cellEnd)) : null;
    }
    const v = buf.indexOf('<v', tagEnd);
    if (v < 0 || v >= cellEnd || buf.charCodeAt(v + 2) !== 62) return null;
    const vEnd = buf.indexOf('</v>', v);
    if (type === '') return Number(buf.slice(v + 3, vEnd));
    const text = buf.slice(v + 3, vEnd);
    switch (type) {
      case 's': {
        const s = this.strings[Number(text)];
        return s === undefined ? null : s;
      }
      case 'n':
        return Number(text);
      case 'b':
        return text === '1' || text === 'true';
      case 'd':
        return serialOfIso(text);
      default: // str (formula text), e (error text such as #N/A)
        return own(unescapeXml(text));
    }
  }
}

function rowNumberOf(buf: string, start: number, tagEnd: number, fallback: number): number {
  const a = buf.indexOf(' r="', start);
  if (a < 0 || a > tagEnd) return fallback;
  let n = 0;
  for (let i = a + 4; ; i++) {
    const d = buf.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
  }
  return n > 0 ? n : fallback;
}

/** 0-based column from the cell's r="AB12", or the next one when it has none. */
function columnOf(buf: string, c: number, tagEnd: number, fallback: number): number {
  const a = buf.indexOf(' r="', c);
  if (a < 0 || a > tagEnd) return fallback;
  let n = 0;
  for (let i = a + 4; ; i++) {
    const ch = buf.charCodeAt(i);
    if (ch < 65 || ch > 90) break;
    n = n * 26 + (ch - 64);
  }
  return n > 0 ? n - 1 : fallback;
}

function typeOf(buf: string, c: number, tagEnd: number): string {
  const a = buf.indexOf(' t="', c);
  if (a < 0 || a > tagEnd) return '';
  return buf.slice(a + 4, buf.indexOf('"', a + 4));
}
