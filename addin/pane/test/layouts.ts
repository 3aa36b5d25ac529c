/**
 * The same roster in the other layout, for testing both layouts under both profiles: household +
 * member sheets joined into one row per person, or a one-row-per-person export split into them.
 */
import type { CriteriaInput } from '../../../core/index';
import type { Cell, Table } from '../../../core/types';

/** 户表 + 人表 → one row per person (each person's row carries its household's columns). */
export function personPerRow(households: Table, members: Table, idHeader = '户编号'): Table {
  const hh = households[0] as string[];
  const mem = members[0] as string[];
  const hhId = hh.indexOf(idHeader);
  const memId = mem.indexOf(idHeader);
  const extra = hh.map((_, c) => c).filter((c) => c !== hhId);
  const byId = new Map<Cell, Cell[]>();
  for (const row of households.slice(1)) if (!byId.has(row[hhId])) byId.set(row[hhId], row);
  const out: Table = [[...mem, ...extra.map((c) => hh[c])]];
  for (const row of members.slice(1)) {
    const h = byId.get(row[memId]);
    out.push([...mem.map((_, c) => row[c] ?? ''), ...extra.map((c) => (h ? (h[c] ?? '') : ''))]);
  }
  return out;
}

/** A one-row-per-person sheet (header at `headerRow`) → 户表 (first row per 户编号) + 人表. */
export function twoSheets(sheet: Table, headerRow: number, criteria: CriteriaInput, idHeader = '户编号'): { households: Table; members: Table } {
  const header = sheet[headerRow] as string[];
  const level = new Map<string, string>();
  for (const f of criteria.fields) for (const h of f.headers) level.set(h, f.level);
  const id = header.indexOf(idHeader);
  const hhCols = header.map((_, c) => c).filter((c) => c === id || level.get(header[c]) === 'household');
  const memCols = [id, ...header.map((_, c) => c).filter((c) => c !== id && level.get(header[c]) !== 'household')];
  const households: Table = [hhCols.map((c) => header[c])];
  const members: Table = [memCols.map((c) => header[c])];
  const seen = new Set<Cell>();
  for (const row of sheet.slice(headerRow + 1)) {
    if (!seen.has(row[id])) {
      seen.add(row[id]);
      households.push(hhCols.map((c) => row[c] ?? ''));
    }
    members.push(memCols.map((c) => row[c] ?? ''));
  }
  return { households, members };
}
