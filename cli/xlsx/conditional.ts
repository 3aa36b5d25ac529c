import { columnLetter } from '../../core/sheet/header';
import type { SheetMarks } from '../../core/marks/types';

/**
 * Marks as conditional formats an annotated copy adds to a worksheet: per severity, the wrong
 * cells (vertical runs merged into ranges) under a rule that is always true, so the clerk's own
 * fills and fonts stay as they were and deleting the rules removes every mark.
 */

/** Ranges per <conditionalFormatting> element (keeps each sqref a reasonable length). */
const RANGES_PER_ELEMENT = 1000;

/** The cells of one severity as ranges ("B5:B9", "C7"); row marks span columns A…last. */
export function rangesOf(marks: SheetMarks, severity: 'error' | 'warning', lastColumn: number): string[] {
  const cells = marks.cells.filter((c) => c.severity === severity).map((c) => ({ row: c.row, column: c.column }));
  cells.sort((a, b) => a.column - b.column || a.row - b.row);
  const out: string[] = [];
  for (let i = 0; i < cells.length; ) {
    let j = i;
    // A run: the same column, each next row the same or one further (a cell marked twice).
    while (j + 1 < cells.length && cells[j + 1].column === cells[i].column && cells[j + 1].row <= cells[j].row + 1) j++;
    const letter = columnLetter(cells[i].column);
    out.push(i === j ? `${letter}${cells[i].row}` : `${letter}${cells[i].row}:${letter}${cells[j].row}`);
    i = j + 1;
  }
  const last = columnLetter(Math.max(0, lastColumn));
  const rows = new Set<number>();
  for (const r of marks.rows) if (r.severity === severity) rows.add(r.row);
  for (const r of rows) out.push(`A${r}:${last}${r}`);
  return out;
}

export interface ConditionalOptions {
  dxf: { error: number; warning: number };
  /** First free rule priority on the sheet. */
  priority: number;
  lastColumn: number;
  /** Namespace prefix the worksheet uses for its elements ("" or "x:"). */
  prefix?: string;
}

/** The <conditionalFormatting> elements for a sheet's marks (errors take precedence). */
export function conditionalXml(marks: SheetMarks, o: ConditionalOptions): string {
  const p = o.prefix ?? '';
  let priority = o.priority;
  let xml = '';
  for (const severity of ['error', 'warning'] as const) {
    const ranges = rangesOf(marks, severity, o.lastColumn);
    for (let i = 0; i < ranges.length; i += RANGES_PER_ELEMENT) {
      const sqref = ranges.slice(i, i + RANGES_PER_ELEMENT).join(' ');
      xml += `<${p}conditionalFormatting sqref="${sqref}"><${p}cfRule type="expression" dxfId="${o.dxf[severity]}" priority="${priority++}"><${p}formula>TRUE</${p}formula></${p}cfRule></${p}conditionalFormatting>`;
    }
  }
  return xml;
}

/** Elements that follow conditionalFormatting in a worksheet (ECMA-376 CT_Worksheet order). */
const AFTER = /<([A-Za-z0-9_]+:)?(dataValidations|hyperlinks|printOptions|pageMargins|pageSetup|headerFooter|rowBreaks|colBreaks|customProperties|cellWatches|ignoredErrors|smartTags|drawing|legacyDrawing|legacyDrawingHF|drawingHF|picture|oleObjects|controls|webPublishItems|tableParts|extLst)[\s/>]/;

/** The worksheet's tail (everything after </sheetData>) with `cf` inserted where it belongs. */
export function insertConditional(tail: string, cf: string): string {
  const m = AFTER.exec(tail);
  const at = m ? m.index : tail.search(/<\/([A-Za-z0-9_]+:)?worksheet>/);
  if (at < 0) return tail + cf;
  return tail.slice(0, at) + cf + tail.slice(at);
}

/** The next free conditional-format priority in a worksheet tail. */
export function nextPriority(tail: string): number {
  let max = 0;
  for (const m of tail.matchAll(/priority="(\d+)"/g)) max = Math.max(max, Number(m[1]));
  return max + 1;
}

const DXF = {
  error: '<dxf><font><color rgb="FF9C0006"/></font><fill><patternFill><bgColor rgb="FFFFC7CE"/></patternFill></fill></dxf>',
  warning: '<dxf><font><color rgb="FF9C5700"/></font><fill><patternFill><bgColor rgb="FFFFEB9C"/></patternFill></fill></dxf>',
};

/** styles.xml with our two differential formats appended; their ids. */
export function addDxfs(styles: string): { xml: string; dxf: { error: number; warning: number } } {
  const m = /<([A-Za-z0-9_]+:)?dxfs\b([^>]*?)(\/?)>/.exec(styles);
  const p = /<([A-Za-z0-9_]+:)?styleSheet\b/.exec(styles)?.[1] ?? '';
  const ours = (DXF.error + DXF.warning).replace(/<(\/?)/g, `<$1${p}`);
  if (m) {
    const existing = m[3] ? 0 : countUntilClose(styles, m.index);
    const open = `<${m[1] ?? ''}dxfs count="${existing + 2}">`;
    const close = `</${m[1] ?? ''}dxfs>`;
    if (m[3]) return { xml: styles.slice(0, m.index) + open + ours + close + styles.slice(m.index + m[0].length), dxf: { error: 0, warning: 1 } };
    const closeAt = styles.indexOf(close, m.index);
    const body = styles.slice(m.index + m[0].length, closeAt);
    return { xml: styles.slice(0, m.index) + open + body + ours + styles.slice(closeAt), dxf: { error: existing, warning: existing + 1 } };
  }
  // No dxfs yet: they go after cellStyles (or before what follows dxfs in CT_Stylesheet).
  const block = `<${p}dxfs count="2">${ours}</${p}dxfs>`;
  const after = /<\/([A-Za-z0-9_]+:)?cellStyles>|<([A-Za-z0-9_]+:)?cellStyles\b[^>]*\/>/.exec(styles);
  if (after) return { xml: styles.slice(0, after.index + after[0].length) + block + styles.slice(after.index + after[0].length), dxf: { error: 0, warning: 1 } };
  const before = /<([A-Za-z0-9_]+:)?(tableStyles|colors|extLst)\b|<\/([A-Za-z0-9_]+:)?styleSheet>/.exec(styles);
  const at = before ? before.index : styles.length;
  return { xml: styles.slice(0, at) + block + styles.slice(at), dxf: { error: 0, warning: 1 } };
}

/** Number of <dxf> children inside the dxfs element opening at `from`. */
function countUntilClose(styles: string, from: number): number {
  const close = styles.indexOf('dxfs>', from + 5);
  const body = styles.slice(from, close < 0 ? styles.length : close);
  return (body.match(/<([A-Za-z0-9_]+:)?dxf[\s>/]/g) ?? []).length;
}
