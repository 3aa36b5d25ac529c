import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parsePeriod, validateCriteria } from '../../core/index';
import type { Cell } from '../../core/types';
import { problemLines, UsageError } from '../criteria-source';
import { writeAtomic, zlibDeflater } from '../files';
import { createService, type Service } from '../http';
import { say, type Lang } from '../i18n';
import type { Flags, Io } from '../main';
import { writeWorkbook } from '../xlsx/write';
import { parseCsv, reportTable } from './report-table';

/**
 * Admin for whoever runs the county service: tokens, criteria versions, reports. Each is one
 * request (or two) to the Worker's API with the caller's token, which is never printed.
 */

export interface AdminOptions {
  group: 'tokens' | 'criteria' | 'report';
  args: string[];
  flags: Flags;
  server?: string;
  token?: string;
  lang: Lang;
  io: Io;
}

export async function adminCommand(o: AdminOptions): Promise<number> {
  if (!o.server || !o.token) throw new UsageError(say(o.lang, 'needServer'));
  const request = createService({ server: o.server, token: o.token, lang: o.lang });
  const [action, ...rest] = o.args;
  const key = `${o.group} ${action ?? ''}`;
  switch (key) {
    case 'tokens create':
      return tokensCreate(request, o);
    case 'tokens list':
      return tokensList(request, o);
    case 'tokens revoke':
      return tokensRevoke(request, o, rest);
    case 'criteria get':
      return criteriaGet(request, o);
    case 'criteria publish':
      return criteriaPublish(request, o, rest);
    case 'criteria diff':
      return criteriaDiff(request, o, rest);
    case 'report summary':
    case 'report issues':
    case 'report duplicates':
    case 'report dynamics':
      return report(request, o, action as ReportKind);
    default:
      throw new UsageError(`${say(o.lang, 'unknownCommand', key.trim())}\n\n${say(o.lang, 'usage')}`);
  }
}

async function tokensCreate(request: Service, o: AdminOptions): Promise<number> {
  const { role, township, label } = o.flags;
  if (!role || !label) throw new UsageError(say(o.lang, 'usage'));
  const res = await request<{ id: string; token: string; role: string; township: string | null }>('/api/v1/admin/tokens', {
    method: 'POST',
    body: { role, label, ...(township ? { township } : {}) },
  });
  o.io.stderr(say(o.lang, 'tokenCreated'));
  // The new token is the command's output (shown once by the service); the caller's is never printed.
  o.io.stdout(o.flags.json ? JSON.stringify(res.data) : `${res.data.token}\t${res.data.id}\t${res.data.role}\t${res.data.township ?? ''}`);
  return 0;
}

async function tokensList(request: Service, o: AdminOptions): Promise<number> {
  const res = await request<{ id: string; role: string; township: string | null; label: string; createdAt: string; revokedAt: string | null }[]>(
    '/api/v1/admin/tokens',
  );
  if (o.flags.json) o.io.stdout(JSON.stringify(res.data));
  else {
    for (const t of res.data) {
      const state = t.revokedAt ? say(o.lang, 'tokenRevokedAt', t.revokedAt) : say(o.lang, 'tokenActive');
      o.io.stdout([t.id, t.role, t.township ?? '-', t.label, t.createdAt, state].join('\t'));
    }
  }
  return 0;
}

async function tokensRevoke(request: Service, o: AdminOptions, rest: string[]): Promise<number> {
  if (rest.length !== 1) throw new UsageError(say(o.lang, 'usage'));
  await request(`/api/v1/admin/tokens/${encodeURIComponent(rest[0])}`, { method: 'DELETE' });
  o.io.stdout(say(o.lang, 'tokenRevoked', rest[0]));
  return 0;
}

async function criteriaGet(request: Service, o: AdminOptions): Promise<number> {
  const v = o.flags.version;
  const res = await request<{ version: number; document: unknown }>(v ? `/api/v1/criteria/versions/${encodeURIComponent(v)}` : '/api/v1/criteria');
  const text = JSON.stringify(res.data.document, null, 2) + '\n';
  if (o.flags.out) writeFileSync(o.flags.out, text);
  else o.io.stdout(text.trimEnd());
  if (o.flags.out) o.io.stderr(say(o.lang, 'wrote', o.flags.out));
  return 0;
}

/** Reads a criteria file and checks it with core; problems are printed in the reader's language. */
function localDocument(o: AdminOptions, rest: string[]): unknown | null {
  if (rest.length !== 1) throw new UsageError(say(o.lang, 'usage'));
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(rest[0], 'utf8'));
  } catch (err) {
    throw new UsageError(say(o.lang, 'criteriaBadJson', rest[0], (err as Error).message));
  }
  const checked = validateCriteria(doc);
  if (!checked.ok) {
    o.io.stderr(`${say(o.lang, 'criteriaInvalid')}\n${problemLines(checked.problems, o.lang)}`);
    return null;
  }
  return doc;
}

async function criteriaPublish(request: Service, o: AdminOptions, rest: string[]): Promise<number> {
  const document = localDocument(o, rest);
  if (document === null) return 2;
  const current = await request('/api/v1/criteria', { accept: [404] });
  const ifMatch = current.status === 404 ? '*' : (current.headers.get('etag') ?? '*');
  const res = await request<{ version: number }>('/api/v1/criteria', {
    method: 'PUT',
    headers: { 'if-match': ifMatch },
    body: { document, ...(o.flags.note ? { note: o.flags.note } : {}) },
  });
  o.io.stdout(say(o.lang, 'published', res.data.version));
  return 0;
}

interface ChangeCounts {
  households: number;
  exitEligible: number;
  riskLevel: number;
  score: number;
  any: number;
}

async function criteriaDiff(request: Service, o: AdminOptions, rest: string[]): Promise<number> {
  const period = o.flags.period;
  if (!period) throw new UsageError(say(o.lang, 'needPeriod'));
  if (!parsePeriod(period)) throw new UsageError(say(o.lang, 'badPeriod', period));
  const document = localDocument(o, rest);
  if (document === null) return 2;
  const res = await request<{ townships: (ChangeCounts & { township: string })[]; total: ChangeCounts }>('/api/v1/criteria/preview', {
    method: 'POST',
    body: { document, period },
  });
  if (o.flags.json) {
    o.io.stdout(JSON.stringify(res.data));
    return 0;
  }
  o.io.stdout(say(o.lang, 'diffHeader'));
  const line = (name: string, c: ChangeCounts) => [name, c.households, c.exitEligible, c.riskLevel, c.score, c.any].join('\t');
  for (const t of res.data.townships) o.io.stdout(line(t.township, t));
  o.io.stdout(line(say(o.lang, 'total'), res.data.total));
  return 0;
}

export type ReportKind = 'summary' | 'issues' | 'duplicates' | 'dynamics';

async function report(request: Service, o: AdminOptions, kind: ReportKind): Promise<number> {
  const { flags } = o;
  const format = (flags.format ?? (flags.out ? extname(flags.out).slice(1) : 'json')).toLowerCase();
  if (!['json', 'csv', 'xlsx'].includes(format)) throw new UsageError(say(o.lang, 'badOption', `--format ${format}`));
  const query = new URLSearchParams();
  if (kind === 'dynamics') {
    if (!flags.from || !flags.to) throw new UsageError(say(o.lang, 'needPeriod'));
    query.set('from', flags.from);
    query.set('to', flags.to);
  } else {
    if (!flags.period) throw new UsageError(say(o.lang, 'needPeriod'));
    query.set('period', flags.period);
  }
  if (flags.township && kind === 'issues') query.set('township', flags.township);
  // The service writes summary and issues as CSV itself (its own columns); others are flattened here.
  const serverCsv = format !== 'json' && (kind === 'summary' || kind === 'issues');
  if (serverCsv) query.set('format', 'csv');
  const res = await request<unknown>(`/api/v1/reports/${kind}?${query}`);
  let table: Cell[][] | null = null;
  if (format !== 'json') table = serverCsv ? parseCsv(res.text) : reportTable(kind, res.data, o.lang);
  const out = flags.out;
  if (format === 'json') {
    const text = JSON.stringify(res.data, null, 2);
    if (out) writeFileSync(out, text + '\n');
    else o.io.stdout(text);
  } else if (format === 'csv') {
    const text = serverCsv ? res.text : toCsv(table!);
    if (out) writeFileSync(out, text);
    else o.io.stdout(text);
  } else {
    if (!out) throw new UsageError(say(o.lang, 'xlsxNeedsOut'));
    const [header, ...rows] = table!;
    await writeAtomic(out, (sink) =>
      writeWorkbook([{ name: kind, columns: (header ?? []).map((h) => ({ header: String(h ?? ''), width: 14 })), rows }], (c) => sink(c), {
        deflate: zlibDeflater,
      }),
    );
  }
  if (out) o.io.stderr(say(o.lang, 'wrote', out));
  return 0;
}

/** CSV as the service writes it: UTF-8 with BOM, cells starting with = + - @ neutralised. */
function toCsv(rows: Cell[][]): string {
  const cell = (v: Cell) => {
    let s = v === null || v === undefined ? '' : String(v);
    if (/^[=+\-@]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return '\ufeff' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
