import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { compileCriteria, profiles, validateCriteria, type CompiledCriteria } from '../core/index';
import type { CriteriaProblem } from '../core/types';
import { say, type Lang } from './i18n';
import { createService, ServiceError } from './http';

/**
 * Where `check` takes its criteria from: a JSON file, the county service (remembered on disk
 * with its ETag, so the next run asks only "changed?" and works offline), or core's built-in
 * profile.
 */

export interface CriteriaSource {
  criteria: CompiledCriteria;
  /** One line saying which criteria were used. */
  label: string;
  kind: 'builtin' | 'file' | 'server' | 'cache';
  version: number | null;
}

export interface CriteriaOptions {
  criteriaFile?: string;
  server?: string;
  token?: string;
  profile?: string;
  lang: Lang;
  cacheDir?: string;
  /** Warnings (stderr). */
  warn: (line: string) => void;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Core's problems in one language, one per line. */
export function problemLines(problems: CriteriaProblem[], lang: Lang): string {
  return problems.map((p) => `  ${p.path || '/'}: ${p.message[lang]}`).join('\n');
}

function compiled(doc: unknown, lang: Lang, where: string): CompiledCriteria {
  const checked = validateCriteria(doc);
  if (!checked.ok) throw new UsageError(`${where}: ${say(lang, 'criteriaInvalid')}\n${problemLines(checked.problems, lang)}`);
  return compileCriteria(checked.criteria);
}

export function defaultCacheDir(): string {
  return process.env.ROSTER_CHECK_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'roster-check');
}

interface CacheEntry {
  server: string;
  etag: string;
  version: number;
  document: unknown;
}

export async function resolveCriteria(o: CriteriaOptions): Promise<CriteriaSource> {
  const names = Object.keys(profiles);
  if (o.profile && !names.includes(o.profile)) throw new UsageError(say(o.lang, 'unknownProfile', o.profile, names.join(', ')));
  const source = await load(o);
  if (o.profile && source.criteria.profile !== o.profile) {
    throw new UsageError(say(o.lang, 'profileMismatch', source.criteria.profile, o.profile));
  }
  return source;
}

async function load(o: CriteriaOptions): Promise<CriteriaSource> {
  if (o.criteriaFile) {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(o.criteriaFile, 'utf8'));
    } catch (err) {
      throw new UsageError(say(o.lang, 'criteriaBadJson', o.criteriaFile, (err as Error).message));
    }
    const criteria = compiled(doc, o.lang, o.criteriaFile);
    return { criteria, kind: 'file', version: null, label: say(o.lang, 'criteriaFile', o.criteriaFile, criteria.document.name[o.lang]) };
  }
  if (o.server && o.token) return fromServer(o as CriteriaOptions & { server: string; token: string });
  const doc = (profiles as Record<string, unknown>)[o.profile ?? 'default'];
  const criteria = compiled(doc, o.lang, 'built-in');
  return { criteria, kind: 'builtin', version: null, label: say(o.lang, 'criteriaBuiltIn', criteria.document.name[o.lang]) };
}

async function fromServer(o: CriteriaOptions & { server: string; token: string }): Promise<CriteriaSource> {
  const dir = join(o.cacheDir ?? defaultCacheDir(), 'criteria');
  const file = join(dir, `${createHash('sha256').update(o.server.replace(/\/+$/, '')).digest('hex').slice(0, 16)}.json`);
  let cached: CacheEntry | null = null;
  try {
    cached = JSON.parse(readFileSync(file, 'utf8')) as CacheEntry;
  } catch {
    cached = null;
  }
  const request = createService({ server: o.server, token: o.token, lang: o.lang });
  try {
    const res = await request<{ version: number; document: unknown }>('/api/v1/criteria', {
      headers: cached ? { 'if-none-match': cached.etag } : {},
      accept: [304],
      retries: 1,
    });
    if (res.status === 304 && cached) return serverSource(cached, 'server', o.lang);
    const entry: CacheEntry = { server: o.server, etag: res.headers.get('etag') ?? '', version: res.data.version, document: res.data.document };
    const source = serverSource(entry, 'server', o.lang);
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(entry));
    renameSync(`${file}.tmp`, file);
    return source;
  } catch (err) {
    // Wrong token or a refused request is the reader's to fix; only an unreachable service falls back.
    if (err instanceof ServiceError && err.status !== 0 && err.status < 500) throw new UsageError(err.message);
    if (err instanceof UsageError) throw err;
    if (!cached) throw new UsageError(say(o.lang, 'criteriaUnavailable', (err as Error).message));
    o.warn(say(o.lang, 'criteriaCached', (err as Error).message, cached.version));
    return serverSource(cached, 'cache', o.lang);
  }
}

function serverSource(entry: CacheEntry, kind: 'server' | 'cache', lang: Lang): CriteriaSource {
  const criteria = compiled(entry.document, lang, entry.server);
  return { criteria, kind, version: entry.version, label: say(lang, 'criteriaServer', entry.version, criteria.document.name[lang]) };
}
