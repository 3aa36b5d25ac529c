import type { Cell } from '../../core/types';
import { REPORT_COLUMNS, type Lang } from '../i18n';

/** The service's reports as tables (header row first), for .csv and .xlsx files. */

interface Counts {
  households: number;
  persons: number;
}
type Movement = Record<'new' | 'removed' | 'exited' | 'returned' | 'moved', Counts>;

export function reportTable(kind: 'summary' | 'issues' | 'duplicates' | 'dynamics', data: unknown, lang: Lang): Cell[][] {
  const h = REPORT_COLUMNS[lang];
  if (kind === 'duplicates') {
    const d = data as { persons: { idMasked: string; occurrences: { township: string; householdId: string | null; row: number }[] }[] };
    const rows: Cell[][] = [h.duplicates];
    for (const p of d.persons) for (const occ of p.occurrences) rows.push([p.idMasked, occ.township, occ.householdId, occ.row]);
    return rows;
  }
  if (kind === 'dynamics') {
    const d = data as { townships: Record<string, Movement>; total: Movement; unmatched: { from: number; to: number } };
    const line = (name: string, m: Movement): Cell[] => [name, ...(['new', 'removed', 'exited', 'returned', 'moved'] as const).flatMap((k) => [m[k].households, m[k].persons])];
    return [
      h.dynamics,
      ...Object.entries(d.townships).map(([t, m]) => line(t, m)),
      line(h.total, d.total),
      [`${h.unmatched}: ${d.unmatched.from} / ${d.unmatched.to}`],
    ];
  }
  // summary and issues come as the service's own CSV; JSON of anything else is one cell.
  return [[JSON.stringify(data)]];
}

/** RFC 4180 CSV (the service's, with its BOM) to rows of text. */
export function parseCsv(text: string): Cell[][] {
  const s = text.replace(/^\ufeff/, '');
  const rows: Cell[][] = [];
  let row: Cell[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
