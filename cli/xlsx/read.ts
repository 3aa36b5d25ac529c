import type { Table } from '../../core/types';
import { XlsxError } from './errors';
import { SheetScanner } from './sheet-scan';
import { attr, own, richText, tags } from './xml';
import { entryText, inflateEntry, readZipDirectory, webInflater, type Inflater, type ZipEntry } from './zip';

/**
 * Reading an .xlsx the way the add-in sees a workbook: every worksheet as a 2-D array of cells
 * (worksheet row 1 = table row 0), values as Excel's API hands them over. Header detection and
 * everything else is core's.
 *
 * @example
 * const book = await openWorkbook(bytes);
 * const table = await book.readSheet(book.sheets[0], { onProgress: (done, total) => … });
 */

export interface WorkbookSheet {
  name: string;
  /** Path of the worksheet part inside the zip (xl/worksheets/sheet1.xml). */
  path: string;
  hidden: boolean;
}

export interface ReadSheetOptions {
  /** Read only the first rows (header detection). */
  maxRows?: number;
  /** Compressed bytes consumed so far and the sheet's compressed size. */
  onProgress?: (done: number, total: number) => void;
}

export interface Workbook {
  sheets: WorkbookSheet[];
  /** The zip entries, for the annotated copy. */
  entries: Map<string, ZipEntry>;
  bytes: Uint8Array;
  inflate: Inflater;
  /** Path of workbook.xml and its relationship targets (for the annotated copy's styles). */
  parts: { workbook: string; styles: string | null; sharedStrings: string | null };
  readSheet(sheet: WorkbookSheet, options?: ReadSheetOptions): Promise<Table>;
  /** Lets the shared string table go (the tables keep the strings they use). */
  releaseStrings(): void;
}

export interface OpenOptions {
  inflate?: Inflater;
}

const REL_OFFICE_DOCUMENT = /\/officeDocument$/;

/** Opens an .xlsx held in memory. Throws XlsxError (zh + en) for a file that is none. */
export async function openWorkbook(bytes: Uint8Array, options: OpenOptions = {}): Promise<Workbook> {
  const inflate = options.inflate ?? webInflater;
  const entries = readZipDirectory(bytes);
  const text = async (path: string) => {
    const e = entries.get(path);
    return e ? entryText(bytes, e, inflate) : null;
  };
  if (entries.has('mimetype') && entries.has('content.xml')) throw new XlsxError('ods');
  const workbook = await workbookPath(entries, text);
  if (workbook.endsWith('.bin')) throw new XlsxError('xlsb');
  const xml = await text(workbook);
  if (xml === null) throw new XlsxError(entries.size ? 'corrupt' : 'not_zip', 'no workbook part');
  const rels = relationships((await text(relsPathOf(workbook))) ?? '', dirOf(workbook));
  const sheets: WorkbookSheet[] = [];
  for (const tag of tags(xml, 'sheet')) {
    const id = attr(tag, 'id');
    const target = id ? rels.byId.get(id) : undefined;
    // Chart sheets and dialog sheets have no cells: only worksheets are listed.
    if (!target || !/worksheet$/.test(target.type) || !entries.has(target.path)) continue;
    const state = attr(tag, 'state');
    sheets.push({ name: attr(tag, 'name') ?? target.path, path: target.path, hidden: state === 'hidden' || state === 'veryHidden' });
  }
  const sharedStrings = rels.byType('sharedStrings');
  const parts = { workbook, styles: rels.byType('styles'), sharedStrings };
  let strings: Promise<string[]> | null = null;
  const loadStrings = () => (strings ??= sharedStrings && entries.has(sharedStrings) ? readSharedStrings(bytes, entries.get(sharedStrings)!, inflate) : Promise.resolve([]));

  return {
    sheets,
    entries,
    bytes,
    inflate,
    parts,
    releaseStrings() {
      strings = null;
    },
    async readSheet(sheet, opts = {}) {
      const strs = await loadStrings();
      const entry = entries.get(sheet.path)!;
      const scanner = new SheetScanner({ strings: strs, maxRows: opts.maxRows });
      const decoder = new TextDecoder();
      let done = 0;
      const inflated = Math.max(1, entry.size);
      for await (const chunk of inflateEntry(bytes, entry, inflate)) {
        done += chunk.length;
        const more = scanner.push(decoder.decode(chunk, { stream: true }));
        opts.onProgress?.(Math.min(done, inflated), inflated);
        if (!more) break;
      }
      if (!scanner.done) scanner.push(decoder.decode());
      return scanner.finish();
    },
  };
}

async function workbookPath(entries: Map<string, ZipEntry>, text: (p: string) => Promise<string | null>): Promise<string> {
  const root = await text('_rels/.rels');
  if (root !== null) {
    for (const tag of tags(root, 'Relationship')) {
      const target = attr(tag, 'Target');
      if (target && REL_OFFICE_DOCUMENT.test(attr(tag, 'Type') ?? '')) return target.replace(/^\/+/, '');
    }
  }
  if (entries.has('xl/workbook.xml')) return 'xl/workbook.xml';
  if (entries.has('xl/workbook.bin')) return 'xl/workbook.bin';
  throw new XlsxError(entries.size ? 'corrupt' : 'not_zip', 'no workbook part');
}

export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i + 1);
}

export function relsPathOf(path: string): string {
  const dir = dirOf(path);
  return `${dir}_rels/${path.slice(dir.length)}.rels`;
}

/** A relationship target resolved against the part's folder ("../x" and "/xl/x" included). */
export function resolvePath(dir: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = (dir + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

interface Relationships {
  byId: Map<string, { type: string; path: string }>;
  byType(suffix: string): string | null;
}

export function relationships(xml: string, dir: string): Relationships {
  const byId = new Map<string, { type: string; path: string }>();
  for (const tag of tags(xml, 'Relationship')) {
    const id = attr(tag, 'Id');
    const target = attr(tag, 'Target');
    if (!id || !target || attr(tag, 'TargetMode') === 'External') continue;
    byId.set(id, { type: attr(tag, 'Type') ?? '', path: resolvePath(dir, target) });
  }
  return {
    byId,
    byType(suffix) {
      for (const r of byId.values()) if (r.type.endsWith(`/${suffix}`)) return r.path;
      return null;
    },
  };
}

/** The shared string table, streamed: each <si> is plain or rich text (phonetic runs left out). */
async function readSharedStrings(bytes: Uint8Array, entry: ZipEntry, inflate: Inflater): Promise<string[]> {
  const out: string[] = [];
  const decoder = new TextDecoder();
  let carry = '';
  const scan = (buf: string, end: number) => {
    let p = 0;
    for (;;) {
      const si = buf.indexOf('<si', p);
      if (si < 0 || si >= end) return;
      const gt = buf.indexOf('>', si);
      if (buf.charCodeAt(gt - 1) === 47) {
        out.push('');
        p = gt + 1;
        continue;
      }
      const close = buf.indexOf('</si>', gt);
      out.push(own(richText(buf, gt + 1, close)));
      p = close + 5;
    }
  };
  for await (const chunk of inflateEntry(bytes, entry, inflate)) {
    const buf = carry + decoder.decode(chunk, { stream: true });
    const last = buf.lastIndexOf('</si>');
    if (last < 0) {
      carry = buf;
      continue;
    }
    scan(buf, last + 5);
    carry = buf.slice(last + 5);
  }
  carry += decoder.decode();
  scan(carry, carry.length);
  return out;
}
