import type { Cell } from '../../core/types';
import type { Lang } from '../i18n';

/** The service's reports as tables (header row first), for .csv and .xlsx files. */

interface Counts {
  households: number;
  persons: number;
}
type Movement = Record<'new' | 'removed' | 'exited' | 'returned' | 'moved', Counts>;

const H = {
  zh: {
    duplicates: ['证件号码（脱敏）', '乡镇', '户编号', '行号'],
    dynamics: ['乡镇', '新识别户数', '新识别人数', '剔除户数', '剔除人数', '脱贫户数', '脱贫人数', '返贫户数', '返贫人数', '迁移户数', '迁移人数'],
    total: '合计',
    unmatched: '无法匹配（证件号码无效）',
  },
  en: {
    duplicates: ['ID (masked)', 'Township', 'Household ID', 'Row'],
    dynamics: ['Township', 'New households', 'New persons', 'Removed households', 'Removed persons', 'Exited households', 'Exited persons', 'Returned households', 'Returned persons', 'Moved households', 'Moved persons'],
    total: 'Total',
    unmatched: 'Unmatched (head ID invalid)',
  },
};

export function reportTable(kind: 'summary' | 'issues' | 'duplicates' | 'dynamics', data: unknown, lang: Lang): Cell[][] {
  const h = H[lang];
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
