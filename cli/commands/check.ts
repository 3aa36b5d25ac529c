import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { checkWorkbook, summaryLine, type CheckedWorkbook } from '../roster/check';
import { writeReport } from '../roster/report';
import { XlsxError } from '../xlsx/errors';
import { RosterInputError } from '../../core/index';
import { UsageError, type CriteriaSource } from '../criteria-source';
import { collectGarbage, expandInputs, outputPath, samePath, writeAtomic, zlibDeflater, zlibInflater } from '../files';
import { say, type Lang } from '../i18n';
import { writeAnnotated } from '../roster/annotate';
import { marksOf } from '../../core/marks/index';

/**
 * `roster-check check FILE|FOLDER…`: each file read, checked with core, its summary line printed
 * (or core's results as JSON), the report workbook and annotated copy written to --out.
 * Returns the exit code: 0 no errors, 1 errors found, 2 a file could not be read.
 */

export interface CheckCommandOptions {
  inputs: string[];
  source: CriteriaSource;
  period?: string;
  referenceDate?: string;
  json: boolean;
  out?: string;
  annotate: boolean;
  lang: Lang;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** stderr is a terminal: progress redraws one line. */
  tty: boolean;
}

interface FileOutcome {
  file: string;
  code: 0 | 1 | 2;
  json: unknown;
}

export async function checkCommand(o: CheckCommandOptions): Promise<number> {
  const { files, missing, emptyFolders } = expandInputs(o.inputs);
  let code = 0;
  for (const m of missing) {
    o.stderr(say(o.lang, 'notFound', m));
    code = 2;
  }
  for (const d of emptyFolders) {
    o.stderr(say(o.lang, 'noXlsxIn', d));
    code = 2;
  }
  if (o.out) {
    try {
      mkdirSync(o.out, { recursive: true });
    } catch (err) {
      throw new UsageError(say(o.lang, 'cannotWrite', o.out, (err as Error).message));
    }
  }
  o.stderr(o.source.label);
  const results: unknown[] = [];
  for (const file of files) {
    const outcome = await checkOne(file, o);
    code = Math.max(code, outcome.code);
    if (o.json) results.push(outcome.json);
  }
  if (o.json) o.stdout(JSON.stringify(results.length === 1 && o.inputs.length === 1 && files.length === 1 ? results[0] : results));
  return code;
}

function progressPrinter(file: string, size: number, o: CheckCommandOptions) {
  const name = basename(file);
  let last = -1;
  // Small files need no progress; a pipe gets a line per quarter, a terminal one redrawn line.
  if (size < 2 * 1024 * 1024) return undefined;
  return (phase: 'households' | 'members' | 'check', fraction: number) => {
    if (phase === 'check') {
      if (fraction === 0) o.stderr(say(o.lang, 'checking', name));
      return;
    }
    const step = o.tty ? Math.floor(fraction * 100) : Math.floor(fraction * 4) * 25;
    const key = (phase === 'households' ? 0 : 1000) + step;
    if (key === last) return;
    last = key;
    o.stderr(say(o.lang, 'reading', name, say(o.lang, phase), step));
  };
}

/** ROSTER_CHECK_TRACE=1: phase times and memory on stderr (for bench/NOTES.md). */
function tracer(on: boolean, stderr: (s: string) => void) {
  let t = performance.now();
  return (phase: string) => {
    if (!on) return;
    const now = performance.now();
    const mb = (n: number) => Math.round(n / 1048576);
    stderr(`[trace] ${phase} ${Math.round(now - t)} ms, rss ${mb(process.memoryUsage().rss)} MB, peak ${mb(process.resourceUsage().maxRSS * 1024)} MB`);
    t = now;
  };
}

async function checkOne(file: string, o: CheckCommandOptions): Promise<FileOutcome> {
  const name = basename(file);
  const trace = tracer(process.env.ROSTER_CHECK_TRACE === '1', o.stderr);
  const progress = progressPrinter(file, statSync(file, { throwIfNoEntry: false })?.size ?? 0, o);
  let checked: CheckedWorkbook;
  try {
    // Read inline: no variable here keeps the bytes alive while core runs.
    checked = await checkWorkbook(readFileSync(file), {
      criteria: o.source.criteria,
      period: o.period,
      referenceDate: o.referenceDate,
      inflate: zlibInflater,
      onProgress: (phase, f) => {
        if (phase === 'check') trace(f === 0 ? 'read' : 'evaluate');
        progress?.(phase, f);
      },
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code && !(err instanceof XlsxError)) {
      o.stderr(say(o.lang, 'unreadable', name, (err as Error).message));
      return { file, code: 2, json: { file, error: { code: 'unreadable', message: (err as Error).message } } };
    }
    if (err instanceof XlsxError) {
      o.stderr(say(o.lang, 'unreadable', name, err.text[o.lang]));
      return { file, code: 2, json: { file, error: { code: err.code, message: err.text } } };
    }
    if (err instanceof RosterInputError) {
      const text = err.problems.map((p) => p.message[o.lang]).join('；');
      o.stderr(say(o.lang, 'unreadable', name, text));
      return { file, code: 2, json: { file, error: { code: 'roster_input', problems: err.problems } } };
    }
    throw err;
  }
  const { result } = checked;
  if (o.out) collectGarbage();
  const s = summaryLine(result);
  const eligibleWord = say(o.lang, o.source.criteria.eligibility.key === 'exitEligible' ? 'eligibleExit' : 'eligibleRisk');
  const line = say(o.lang, 'line', name, s.households, s.persons, s.errors, s.warnings, eligibleWord, s.eligible, s.risk[1], s.risk[2], s.risk[3]);
  (o.json ? o.stderr : o.stdout)(line);
  if (result.unreadable) {
    const fatal = result.sheetIssues.filter((i) => i.fatal).map((i) => i.message[o.lang]).join('；');
    o.stderr(say(o.lang, 'rosterUnreadable', name, fatal));
  }
  let written = true;
  if (o.out) {
    try {
      await writeOutputs(file, checked, o, trace);
    } catch (err) {
      // Nothing half-written (writeAtomic removed its temporary file); the reason in one line.
      o.stderr(say(o.lang, 'cannotWrite', o.out, (err as Error).message));
      written = false;
    }
  }
  const code = result.unreadable || !written ? 2 : s.errors > 0 ? 1 : 0;
  return {
    file,
    code,
    json: { file, criteria: { kind: o.source.kind, version: o.source.version, profile: result.profile }, summary: s, result },
  };
}

async function writeOutputs(file: string, checked: CheckedWorkbook, o: CheckCommandOptions, trace: (phase: string) => void): Promise<void> {
  const report = outputPath(o.out!, file, say(o.lang, 'reportSuffix'));
  const annotated = outputPath(o.out!, file, say(o.lang, 'annotatedSuffix'));
  for (const p of [report, annotated]) if (samePath(p, file)) throw new Error(say(o.lang, 'sameAsInput', p));
  const marks = marksOf(checked.result);
  await writeAtomic(report, (sink) =>
    writeReport(
      {
        criteria: o.source.criteria,
        checked,
        marks,
        fileName: basename(file),
        criteriaLabel: o.source.label,
        period: o.period,
        lang: o.lang,
        deflate: zlibDeflater,
      },
      sink,
    ),
  );
  collectGarbage();
  trace('report');
  o.stderr(say(o.lang, 'wrote', report));
  if (o.annotate && !checked.result.unreadable) {
    await writeAtomic(annotated, (sink) => writeAnnotated({ bytes: readFileSync(file), checked, marks, inflate: zlibInflater, deflate: zlibDeflater }, sink));
    trace('annotated');
    o.stderr(say(o.lang, 'wrote', annotated));
  }
}
