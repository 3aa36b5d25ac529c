import type { RosterMarks, SheetMarks } from '../../core/marks/types';
import { addDxfs, conditionalXml, insertConditional, nextPriority } from '../xlsx/conditional';
import { XlsxError } from '../xlsx/errors';
import { openWorkbook } from '../xlsx/read';
import { entryText, inflateEntry, type Inflater } from '../xlsx/zip';
import { ZipWriter, type Deflater } from '../xlsx/zip-write';
import type { CheckedWorkbook } from './check';

/**
 * The annotated copy: the original workbook with every part copied byte for byte, except the
 * roster sheets (conditional formats added after their cells) and styles.xml (two differential
 * formats added). The clerk's values and formats are untouched; the original is only read.
 */

export interface AnnotateOptions {
  /** The original file, read again (the check let it go). */
  bytes: Uint8Array;
  checked: CheckedWorkbook;
  inflate?: Inflater;
  marks: RosterMarks;
  /** Native deflate of the platform (default: CompressionStream). */
  deflate?: Deflater;
}

const SHEET_DATA_END = new TextEncoder().encode('</sheetData>');

/** Index of `pattern` in `bytes`, or -1. */
function indexOfBytes(bytes: Uint8Array, pattern: Uint8Array, from = 0): number {
  for (let i = bytes.indexOf(pattern[0], from); i >= 0 && i <= bytes.length - pattern.length; i = bytes.indexOf(pattern[0], i + 1)) {
    let k = 1;
    while (k < pattern.length && bytes[i + k] === pattern[k]) k++;
    if (k === pattern.length) return i;
  }
  return -1;
}

/**
 * A worksheet's bytes with `cf` inserted: cells pass through unchanged, and only the small tail
 * after </sheetData> is read as text.
 */
async function* patchSheet(source: AsyncIterable<Uint8Array>, cf: (tail: string) => string): AsyncGenerator<Uint8Array> {
  const tail: Uint8Array[] = [];
  let pending = new Uint8Array(0);
  let found = false;
  for await (const chunk of source) {
    if (found) {
      tail.push(chunk);
      continue;
    }
    const buf = new Uint8Array(pending.length + chunk.length);
    buf.set(pending);
    buf.set(chunk, pending.length);
    const at = indexOfBytes(buf, SHEET_DATA_END);
    if (at >= 0) {
      found = true;
      yield buf.subarray(0, at + SHEET_DATA_END.length);
      tail.push(buf.subarray(at + SHEET_DATA_END.length));
    } else {
      const keep = Math.min(buf.length, SHEET_DATA_END.length - 1);
      yield buf.subarray(0, buf.length - keep);
      pending = buf.slice(buf.length - keep);
    }
  }
  if (!found) throw new XlsxError('corrupt', 'worksheet without sheetData');
  const decoder = new TextDecoder();
  const text = tail.map((t) => decoder.decode(t, { stream: true })).join('') + decoder.decode();
  yield new TextEncoder().encode(cf(text));
}

function combine(a: SheetMarks, b: SheetMarks): SheetMarks {
  return { cells: [...a.cells, ...b.cells], rows: [...a.rows, ...b.rows], errors: a.errors + b.errors, warnings: a.warnings + b.warnings };
}

function hasMarks(m: SheetMarks): boolean {
  return m.cells.length > 0 || m.rows.length > 0;
}

/** Writes the annotated copy to `sink`. */
export async function writeAnnotated(o: AnnotateOptions, sink: (chunk: Uint8Array) => void): Promise<void> {
  const { sheets, headers, result } = o.checked;
  const book = await openWorkbook(o.bytes, { inflate: o.inflate });
  const stylesPath = book.parts.styles;
  if (!stylesPath || !book.entries.has(stylesPath)) throw new XlsxError('corrupt', 'no styles part');
  const styles = addDxfs(await entryText(book.bytes, book.entries.get(stylesPath)!, book.inflate));
  // Person-per-row: every mark is on the one sheet (core's marks put person rows under households).
  const bySheet = new Map<string, { marks: SheetMarks; lastColumn: number }>();
  const onOneSheet = result.layout === 'person-per-row' ? combine(o.marks.households, o.marks.members) : o.marks.households;
  bySheet.set(sheets.households.path, { marks: onOneSheet, lastColumn: headers.households.length - 1 });
  if (sheets.members && result.layout === 'household-member') {
    bySheet.set(sheets.members.path, { marks: o.marks.members, lastColumn: headers.members.length - 1 });
  }
  const zip = new ZipWriter(sink, o.deflate);
  for (const [name, entry] of book.entries) {
    const target = bySheet.get(name);
    if (name === stylesPath) {
      await zip.add(name, [new TextEncoder().encode(styles.xml)]);
    } else if (target && hasMarks(target.marks)) {
      const patch = (tail: string) => {
        const prefix = /<\/([A-Za-z0-9_]+:)?worksheet>/.exec(tail)?.[1] ?? '';
        const cf = conditionalXml(target.marks, { dxf: styles.dxf, priority: nextPriority(tail), lastColumn: target.lastColumn, prefix });
        return insertConditional(tail, cf);
      };
      await zip.add(name, patchSheet(inflateEntry(book.bytes, entry, book.inflate), patch));
    } else {
      zip.copy(book.bytes, entry);
    }
  }
  zip.finish();
}
