import type { Cell, Table } from '../types';

/**
 * Header matching (spec §1): white space and line breaks removed, full-width brackets read as
 * half-width, then exact comparison against each field's accepted headers. Zero-width characters
 * (U+200B–U+200D, U+2060, pasted in from web pages and chat apps) count as white space: a clerk
 * cannot see them.
 */
export function normalizeHeader(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  return String(cell)
    .replace(/[\s\u3000\u200b-\u200d\u2060]+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')');
}

/** Excel column letters for a 0-based column index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = (n - r - 1) / 26;
  }
  return s;
}

export interface HeaderMatch {
  /** 0-based index of the header row in the table. */
  headerRow: number;
  /** field index → the 0-based columns whose header names it (more than one = duplicate). */
  columns: Map<number, number[]>;
}

/**
 * The header row is the first of the first `scanRows` rows in which at least `minMatches`
 * cells name a known field; returns null when there is none.
 */
export function findHeader(
  table: Table,
  lookup: ReadonlyMap<string, number>,
  scanRows: number,
  minMatches: number,
): HeaderMatch | null {
  const last = Math.min(table.length, scanRows);
  for (let r = 0; r < last; r++) {
    const row = table[r];
    if (!row) continue;
    let matches = 0;
    for (let c = 0; c < row.length; c++) {
      if (lookup.has(normalizeHeader(row[c]))) matches++;
    }
    if (matches >= minMatches) return { headerRow: r, columns: matchColumns(row, lookup) };
  }
  return null;
}

function matchColumns(row: Cell[], lookup: ReadonlyMap<string, number>): Map<number, number[]> {
  const columns = new Map<number, number[]>();
  for (let c = 0; c < row.length; c++) {
    const field = lookup.get(normalizeHeader(row[c]));
    if (field === undefined) continue;
    const list = columns.get(field);
    if (list) list.push(c);
    else columns.set(field, [c]);
  }
  return columns;
}
