/// <reference types="office-js" />
/**
 * Marks without touching the clerk's cells: for each severity, custom conditional-format rules
 * whose formula is always true, on RangeAreas of the wrong cells (addresses packed under Excel's
 * 8,192-character cut). The rules carry a tag in their formula, so the add-in finds exactly its
 * own again — in this session or after the file is reopened (a rule's id is only its priority).
 * No value, no number format and no fill of the clerk's changes; their own rules stay.
 */
import type { Severity } from '../../../core/types';
import type { SheetMarksInput } from '../types';
import { Batch } from './batch';
import { mergeCells, packAddresses, utf8Bytes } from './geometry';

const TAG = 'roster-check';

/** Always true (N of a text is 0); the text names the rule as ours. */
export function markFormula(severity: Severity): string {
  return `=N("${TAG}:${severity}")=0`;
}

export function isMarkFormula(formula: string | null | undefined): boolean {
  return !!formula && formula.includes(`"${TAG}:`);
}

/** Excel's Bad and Neutral cell styles. */
export const MARK_STYLE: Record<Severity, { fill: string; font: string }> = {
  error: { fill: '#FFC7CE', font: '#9C0006' },
  warning: { fill: '#FFEB9C', font: '#9C5700' },
};

/** Queue a load of every conditional format on the sheets; after the sync, `ownRules` picks ours. */
export function loadRules(context: Excel.RequestContext, sheets: string[]): Map<string, Excel.ConditionalFormatCollection> {
  const out = new Map<string, Excel.ConditionalFormatCollection>();
  for (const name of sheets) {
    const rules = context.workbook.worksheets.getItem(name).getRange().conditionalFormats;
    out.set(name, rules.load('items/type,items/customOrNullObject/rule/formula'));
  }
  return out;
}

export function ownRules(rules: Excel.ConditionalFormatCollection): Excel.ConditionalFormat[] {
  return rules.items.filter((r) => !r.customOrNullObject.isNullObject && isMarkFormula(r.customOrNullObject.rule.formula));
}

/** The wrong cells of one sheet as packed addresses per severity (row marks on the row's first cell). */
export function markAddresses(input: SheetMarksInput): Record<Severity, string[]> {
  const cells: Record<Severity, { row: number; column: number }[]> = { error: [], warning: [] };
  const worst = new Map<string, Severity>();
  const note = (row: number, column: number, severity: Severity) => {
    const key = `${row},${column}`;
    if (worst.get(key) === 'error') return;
    worst.set(key, severity);
  };
  for (const c of input.marks.cells) note(c.row - 1, c.column, c.severity);
  for (const r of input.marks.rows) note(r.row - 1, 0, r.severity);
  for (const [key, severity] of worst) {
    const [row, column] = key.split(',').map(Number);
    cells[severity].push({ row, column });
  }
  return { error: packAddresses(mergeCells(cells.error)), warning: packAddresses(mergeCells(cells.warning)) };
}

/** Queue one rule per packed address; warnings first so errors end on top. */
export async function addRules(context: Excel.RequestContext, batch: Batch, input: SheetMarksInput): Promise<void> {
  const sheet = context.workbook.worksheets.getItem(input.sheet);
  const addresses = markAddresses(input);
  for (const severity of ['warning', 'error'] as const) {
    for (const address of addresses[severity]) {
      await batch.room(utf8Bytes(address) + 64, 5);
      const rule = sheet.getRanges(address).conditionalFormats.add('Custom');
      rule.custom.rule.formula = markFormula(severity);
      rule.custom.format.fill.color = MARK_STYLE[severity].fill;
      rule.custom.format.font.color = MARK_STYLE[severity].font;
    }
  }
}

export async function deleteRules(batch: Batch, rules: Excel.ConditionalFormat[]): Promise<void> {
  for (const rule of rules) {
    await batch.room(16);
    rule.delete();
  }
}
