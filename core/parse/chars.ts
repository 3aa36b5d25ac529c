import type { Cell } from '../types';

/**
 * True for exactly the code units String.prototype.trim removes (ECMAScript WhiteSpace +
 * LineTerminator): TAB, LF, VT, FF, CR, SPACE, NBSP, U+1680, U+2000–U+200A, U+2028, U+2029,
 * U+202F, U+205F, U+3000 (ideographic space) and U+FEFF (BOM).
 */
export function isWs(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  // Chinese text lives above U+3000: settle it in one comparison.
  if (c > 0x3000) return c === 0xfeff;
  return (
    c === 160 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** null, undefined, "" or a whitespace-only string. Numbers and booleans are never empty. */
export function isEmpty(cell: Cell): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell !== 'string') return false;
  for (let i = 0, n = cell.length; i < n; i++) {
    if (!isWs(cell.charCodeAt(i))) return false;
  }
  return true;
}

/** Length in Unicode code points (a surrogate pair counts once; a lone surrogate counts once). */
export function codePointLength(s: string): number {
  const n = s.length;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}
