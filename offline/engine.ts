/**
 * The offline page's Web Worker: the xlsx adapter and core, exactly as the command line runs
 * them, on a file the page hands over. It makes no request: the file never leaves the machine.
 */
import { compileCriteria, profiles, RosterInputError, type CompiledCriteria } from '../core/index';
import { marksOf, type RosterMarks } from '../core/marks/index';
import type { RosterResult } from '../core/types';
import { checkWorkbook, summaryLine, type CheckedWorkbook } from '../cli/roster/check';
import { writeReport } from '../cli/roster/report';
import { writeAnnotated } from '../cli/roster/annotate';
import { XlsxError } from '../cli/xlsx/errors';
import type { FromEngine, IssueLine, ToEngine } from './protocol';

/** The worker's global scope (typed here: the project's lib is the DOM's). */
const scope = self as unknown as {
  postMessage(message: FromEngine, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToEngine>) => void) | null;
};

/** The last checked file; its marks are made when a download first needs them. */
let last: { criteria: CompiledCriteria; checked: CheckedWorkbook; marks: RosterMarks | null; fileName: string; label: string; period: string | null } | null = null;

const marksOfLast = (l: NonNullable<typeof last>) => (l.marks ??= marksOf(l.checked.result));

const post = (m: FromEngine, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

function linesOf(result: RosterResult, sheets: { households: string; members: string | null }): IssueLine[] {
  const name = (s: 'households' | 'members') => (s === 'members' ? (sheets.members ?? sheets.households) : sheets.households);
  const townOf = new Map<string, string | null>();
  const lines: IssueLine[] = [];
  for (const s of result.sheetIssues) {
    lines.push({ sheet: name(s.sheet), row: null, column: s.columns.join(','), householdId: null, township: null, rule: s.rule, severity: s.severity, message: s.message });
  }
  for (const h of result.households) {
    if (h.householdId && !townOf.has(h.householdId)) townOf.set(h.householdId, h.township);
    for (const i of h.issues) {
      lines.push({ sheet: name(i.sheet), row: i.row, column: i.column ?? '', householdId: h.householdId, township: h.township, rule: i.rule, severity: i.severity, message: i.message });
    }
  }
  for (const m of result.members) {
    const township = m.householdId ? (townOf.get(m.householdId) ?? null) : null;
    for (const i of m.issues) {
      lines.push({ sheet: name(i.sheet), row: i.row, column: i.column ?? '', householdId: m.householdId, township, rule: i.rule, severity: i.severity, message: i.message });
    }
  }
  return lines;
}

async function check(m: Extract<ToEngine, { op: 'check' }>): Promise<void> {
  const t0 = performance.now();
  const criteria = compileCriteria((m.criteria ?? profiles[m.profile] ?? profiles.default) as never);
  last = null;
  const checked = await checkWorkbook(new Uint8Array(m.bytes), {
    criteria,
    period: m.period ?? undefined,
    onProgress: (phase, fraction) => post({ op: 'progress', phase, fraction }),
  });
  last = { criteria, checked, marks: null, fileName: m.fileName, label: m.criteriaLabel, period: m.period };
  const sheets = { households: checked.sheets.households.name, members: checked.sheets.members?.name ?? null };
  post({
    op: 'checked',
    view: {
      fileName: m.fileName,
      summary: summaryLine(checked.result),
      eligibleKey: criteria.eligibility.key,
      sheets,
      referenceDate: checked.result.referenceDate,
      fatal: checked.result.sheetIssues.filter((s) => s.fatal).map((s) => s.message),
      lines: linesOf(checked.result, sheets),
      ms: Math.round(performance.now() - t0),
    },
  });
}

async function produce(kind: 'report' | 'annotated', write: (sink: (c: Uint8Array) => void) => Promise<void>): Promise<void> {
  const parts: Uint8Array[] = [];
  await write((c) => {
    if (c.length) parts.push(c.slice());
  });
  post({ op: 'file', kind, parts }, parts.map((p) => p.buffer as ArrayBuffer));
}

scope.onmessage = async (e: MessageEvent<ToEngine>) => {
  const m = e.data;
  try {
    if (m.op === 'check') await check(m);
    else if (!last) throw new Error('no file checked yet');
    else if (m.op === 'report') {
      const l = last;
      await produce('report', (sink) =>
        writeReport({ criteria: l.criteria, checked: l.checked, marks: marksOfLast(l), fileName: l.fileName, criteriaLabel: l.label, period: l.period ?? undefined, lang: m.lang }, sink),
      );
    } else {
      const l = last;
      await produce('annotated', (sink) => writeAnnotated({ bytes: new Uint8Array(m.bytes), checked: l.checked, marks: marksOfLast(l) }, sink));
    }
  } catch (err) {
    const message =
      err instanceof XlsxError
        ? err.text
        : err instanceof RosterInputError
          ? { zh: err.problems.map((p) => p.message.zh).join('；'), en: err.problems.map((p) => p.message.en).join('; ') }
          : { zh: String((err as Error).message ?? err), en: String((err as Error).message ?? err) };
    post({ op: 'failed', message });
  }
};
