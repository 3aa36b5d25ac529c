import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { evaluateRoster, parsePeriod } from '../../core/index';
import { readRosterSheets } from '../roster/check';
import { openWorkbook } from '../xlsx/read';
import { XlsxError } from '../xlsx/errors';
import { resolveCriteria, UsageError } from '../criteria-source';
import { zlibInflater } from '../files';
import { createService } from '../http';
import { say, type Lang } from '../i18n';
import type { Flags, Io } from '../main';

/**
 * `roster-check submit FILE --period P`: the roster's tables sent to the county service, which
 * scores them again with core. One Idempotency-Key per run, reused by every retry, so a
 * connection lost after the server stored the submission never stores it twice.
 */

export interface SubmitOptions {
  args: string[];
  flags: Flags;
  server?: string;
  token?: string;
  lang: Lang;
  io: Io;
  /** For tests: waits between retries. */
  sleep?: (ms: number) => Promise<void>;
}

interface Receipt {
  id: string;
  township: string;
  period: string;
  criteriaVersion: number;
  households: number;
  rowsWithErrors: number;
  sheetIssues: { message: { zh: string; en: string } }[];
}

export async function submitCommand(o: SubmitOptions): Promise<number> {
  const { lang, io, flags } = o;
  const [file, ...extra] = o.args;
  if (!file || extra.length) throw new UsageError(say(lang, 'usage'));
  if (!o.server || !o.token) throw new UsageError(say(lang, 'needServer'));
  if (!flags.period) throw new UsageError(say(lang, 'needPeriod'));
  if (!parsePeriod(flags.period)) throw new UsageError(say(lang, 'badPeriod', flags.period));
  const source = await resolveCriteria({ server: o.server, token: o.token, profile: flags.profile, lang, warn: io.stderr });
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new UsageError(say(lang, 'unreadable', basename(file), (err as Error).message));
  }
  let tables;
  try {
    const book = await openWorkbook(bytes, { inflate: zlibInflater });
    tables = await readRosterSheets(book, { criteria: source.criteria });
  } catch (err) {
    if (err instanceof XlsxError) throw new UsageError(say(lang, 'unreadable', basename(file), err.text[lang]));
    throw err;
  }
  const households = tables.households.table;
  const members = tables.members?.table ?? null;
  const township = flags.township ?? onlyTownship(source.criteria, households, members, flags.period);
  if (!township) throw new UsageError(say(lang, 'needTownship'));
  const request = createService({ server: o.server, token: o.token, lang, onRetry: io.stderr, sleep: o.sleep });
  const res = await request<Receipt>('/api/v1/submissions', {
    method: 'POST',
    body: { period: flags.period, township, households, members },
    headers: { 'idempotency-key': randomUUID() },
    retries: 4,
  });
  const r = res.data;
  const replay = res.headers.get('idempotent-replayed') === 'true' ? say(lang, 'replayed') : '';
  io.stdout(say(lang, 'submitted', r.township, r.period, r.id, r.households, r.criteriaVersion, replay));
  for (const s of r.sheetIssues ?? []) io.stderr(`  ${s.message[lang]}`);
  if (flags.json) io.stdout(JSON.stringify(r));
  return r.rowsWithErrors > 0 ? 1 : 0;
}

/** The one township the roster's valid rows name, or null when they name none or several. */
function onlyTownship(
  criteria: Parameters<typeof evaluateRoster>[0],
  households: Parameters<typeof evaluateRoster>[1]['households'],
  members: Parameters<typeof evaluateRoster>[1]['members'],
  period: string,
): string | null {
  const result = evaluateRoster(criteria, { households, members, period });
  const names = new Set<string>();
  for (const h of result.households) if (h.township && criteria.townshipIndex.has(h.township)) names.add(h.township);
  return names.size === 1 ? [...names][0] : null;
}

