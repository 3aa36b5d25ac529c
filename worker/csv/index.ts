/**
 * CSV for Excel: UTF-8 with a BOM (without it Excel reads Chinese as mojibake), CRLF line ends,
 * RFC 4180 quoting, and text cells that Excel would take for a formula (= + - @, and tab/CR
 * which some versions also honour) neutralised with a leading apostrophe (OWASP CSV injection).
 * Numbers are written as numbers: a negative number is data, not a formula.
 */

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell as CSV text. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A whole CSV document, BOM first.
 *
 * @example
 * return c.body(toCsv([['乡镇', '户数'], ['新哨镇', 120]]), 200, { 'content-type': CSV_CONTENT_TYPE });
 */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return '\uFEFF' + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
