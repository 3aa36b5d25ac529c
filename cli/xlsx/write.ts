import { columnLetter } from '../../core/sheet/header';
import type { Cell } from '../../core/types';
import { escapeXml } from './xml';
import { ZipWriter, type Deflater } from './zip-write';

/**
 * A small streaming .xlsx writer: rows go out as deflated chunks while they are produced, so a
 * report of 100,000 households never exists as one XML string. Text is written as inline
 * strings; columns marked `text` get the "@" format so IDs stay text when a clerk edits them.
 *
 * @example
 * const chunks: Uint8Array[] = [];
 * writeWorkbook([{ name: '汇总', columns: [{ header: '项目' }], rows: [['户数']] }], (c) => chunks.push(c));
 */

export interface ColumnSpec {
  header: string;
  /** Width in characters. */
  width?: number;
  /** Format the column as text ("@"): IDs and 户编号. */
  text?: boolean;
}

export interface SheetSpec {
  name: string;
  /** Lines above the header (a title, the criteria used). */
  titleRows?: string[];
  columns: ColumnSpec[];
  rows: Iterable<Cell[]>;
}

/** Receives the file's bytes in order; `final` on the last chunk. */
export type Sink = (chunk: Uint8Array, final: boolean) => void;

const STYLE_BOLD = 1;
const STYLE_TEXT = 2;
/** Characters per encoded chunk: few, large chunks (each may be a hand-off to a zlib thread). */
const FLUSH_CHARS = 1 << 18;

const CONTENT_TYPES = (n: number) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${Array.from(
    { length: n },
    (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ).join('')}</Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font><font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

/** A worksheet name Excel accepts: at most 31 characters, none of []:*?/\ . */
export function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'Sheet';
}

function workbookXml(names: string[]): string {
  const sheets = names.map((n, i) => `<sheet name="${escapeXml(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/></bookViews><sheets>${sheets}</sheets></workbook>`;
}

function workbookRels(n: number): string {
  const rels = Array.from(
    { length: n },
    (_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  ).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}<Relationship Id="rId${n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;
}

/** One cell's XML, or '' for an empty cell. */
export function cellXml(ref: string, v: Cell, style: number): string {
  const s = style ? ` s="${style}"` : '';
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'number') return Number.isFinite(v) ? `<c r="${ref}"${s}><v>${v}</v></c>` : '';
  if (typeof v === 'boolean') return `<c r="${ref}"${s} t="b"><v>${v ? 1 : 0}</v></c>`;
  // A Date as Excel stores one: its serial day number.
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : `<c r="${ref}"${s}><v>${v.getTime() / 86_400_000 + 25569}</v></c>`;
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXml(String(v))}</t></is></c>`;
}

/** A worksheet's XML, encoded in batches of about 256K characters. */
function* sheetChunks(spec: SheetSpec): Generator<Uint8Array> {
  const enc = new TextEncoder();
  const letters = spec.columns.map((_, j) => columnLetter(j));
  const styles = spec.columns.map((c) => (c.text ? STYLE_TEXT : 0));
  const titles = spec.titleRows ?? [];
  const headerRow = titles.length + 1;
  let buf =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetViews><sheetView workbookViewId="0"><pane ySplit="${headerRow}" topLeftCell="A${headerRow + 1}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>` +
    `<cols>${spec.columns.map((c, j) => `<col min="${j + 1}" max="${j + 1}" width="${c.width ?? 12}" customWidth="1"${c.text ? ` style="${STYLE_TEXT}"` : ''}/>`).join('')}</cols><sheetData>`;
  titles.forEach((t, i) => (buf += `<row r="${i + 1}">${cellXml(`A${i + 1}`, t, STYLE_BOLD)}</row>`));
  buf += `<row r="${headerRow}">${spec.columns.map((c, j) => cellXml(letters[j] + headerRow, c.header, STYLE_BOLD)).join('')}</row>`;
  let r = headerRow;
  for (const row of spec.rows) {
    r++;
    buf += `<row r="${r}">`;
    for (let j = 0; j < row.length; j++) buf += cellXml((letters[j] ?? columnLetter(j)) + r, row[j], styles[j] ?? 0);
    buf += '</row>';
    if (buf.length >= FLUSH_CHARS) {
      yield enc.encode(buf);
      buf = '';
    }
  }
  yield enc.encode(buf + '</sheetData></worksheet>');
}

export interface WriteOptions {
  /** Native deflate of the platform (default: CompressionStream). */
  deflate?: Deflater;
}

/** Writes a workbook of the given sheets to `sink`, chunk by chunk; rows are consumed lazily. */
export async function writeWorkbook(sheets: SheetSpec[], sink: Sink, options: WriteOptions = {}): Promise<void> {
  const zip = new ZipWriter((chunk) => sink(chunk, false), options.deflate);
  const enc = new TextEncoder();
  const names = uniqueNames(sheets.map((s) => sheetName(s.name)));
  await zip.add('[Content_Types].xml', [enc.encode(CONTENT_TYPES(sheets.length))]);
  await zip.add('_rels/.rels', [enc.encode(ROOT_RELS)]);
  await zip.add('xl/workbook.xml', [enc.encode(workbookXml(names))]);
  await zip.add('xl/_rels/workbook.xml.rels', [enc.encode(workbookRels(sheets.length))]);
  await zip.add('xl/styles.xml', [enc.encode(STYLES)]);
  for (let i = 0; i < sheets.length; i++) await zip.add(`xl/worksheets/sheet${i + 1}.xml`, sheetChunks(sheets[i]));
  zip.finish();
  sink(new Uint8Array(0), true);
}

function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((n) => {
    let name = n;
    for (let k = 2; seen.has(name.toLowerCase()); k++) name = `${n.slice(0, 28)}(${k})`;
    seen.add(name.toLowerCase());
    return name;
  });
}
