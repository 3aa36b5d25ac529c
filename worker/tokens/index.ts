import { type AuditActor, auditStatement } from '../audit/index';
import { sha256Hex } from '../digest/index';
import type { Storage } from '../storage/index';

/** Who is calling: the holder of one live bearer token (the app puts it on the request context). */
export interface Principal {
  tokenId: string;
  role: Role;
  /** A clerk's township; null for county and admin. */
  township: string | null;
  label: string;
}

export type Role = 'clerk' | 'county' | 'admin';
export const ROLES: readonly Role[] = ['clerk', 'county', 'admin'];

/** What a token row says about its holder (never the secret). */
export interface TokenRecord {
  id: string;
  role: Role;
  township: string | null;
  label: string;
  createdAt: string;
  createdBy: string | null;
  revokedAt: string | null;
  /** ISO 8601 instant from which the token is refused; null: never expires. */
  expiresAt: string | null;
  /** When it was last used (to the minute or so: see touchToken); null: never. */
  lastUsedAt: string | null;
}

/** A freshly created token: the only moment its secret exists outside the holder's hands. */
export interface IssuedToken extends TokenRecord {
  token: string;
}

const TOKEN_PREFIX = 'rc_';

function base64url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 256 random bits; the prefix lets secret scanners and people recognise the token. */
export function generateToken(): string {
  return TOKEN_PREFIX + base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * Hex SHA-256 of a token. A plain hash suffices here (unlike person IDs): the secret has 256
 * random bits, so there is nothing to guess. The scripts compute the same hash in Node.
 */
export function hashToken(token: string): Promise<string> {
  return sha256Hex(token);
}

interface TokenRow {
  id: string;
  role: Role;
  township: string | null;
  label: string;
  created_at: string;
  created_by: string | null;
  revoked_at: string | null;
  expires_at: string | null;
  last_used_at: string | null;
}

const COLUMNS = 'id, role, township, label, created_at, created_by, revoked_at, expires_at, last_used_at';

function toRecord(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    role: row.role,
    township: row.township,
    label: row.label,
    createdAt: row.created_at,
    createdBy: row.created_by,
    revokedAt: row.revoked_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
  };
}

/** True when the token has an expiry and it has passed. */
export function isExpired(record: Pick<TokenRecord, 'expiresAt'>, now = Date.now()): boolean {
  return record.expiresAt !== null && Date.parse(record.expiresAt) <= now;
}

export interface NewToken {
  role: Role;
  /** Required for clerks, ignored otherwise. */
  township?: string | null;
  label: string;
  createdBy?: string | null;
  /** ISO 8601 instant from which the token is refused. */
  expiresAt?: string | null;
}

/**
 * Creates a token and stores only its hash.
 *
 * @example
 * const { token } = await createToken(storage, { role: 'clerk', township: '新哨镇', label: '新哨镇 录入员' });
 */
export async function createToken(storage: Storage, input: NewToken, actor?: AuditActor): Promise<IssuedToken> {
  const token = generateToken();
  const record: TokenRecord = {
    id: crypto.randomUUID(),
    role: input.role,
    township: input.role === 'clerk' ? (input.township ?? null) : null,
    label: input.label,
    createdAt: new Date().toISOString(),
    createdBy: input.createdBy ?? null,
    revokedAt: null,
    expiresAt: input.expiresAt ?? null,
    lastUsedAt: null,
  };
  if (record.role === 'clerk' && !record.township) throw new TypeError('a clerk token needs a township');
  const insert = storage
    .prepare(
      'INSERT INTO tokens (id, hash, role, township, label, created_at, created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .bind(
      record.id,
      await hashToken(token),
      record.role,
      record.township,
      record.label,
      record.createdAt,
      record.createdBy,
      record.expiresAt,
    );
  if (!actor) await insert.run();
  else {
    const detail = { role: record.role, township: record.township, expiresAt: record.expiresAt };
    await storage.batch([insert, auditStatement(storage, actor, { action: 'token.created', target: record.label, detail }, record.createdAt)]);
  }
  return { ...record, token };
}

/** The live (not revoked) token with this secret, or null. */
export async function findToken(storage: Storage, token: string): Promise<TokenRecord | null> {
  return findTokenByHash(storage, await hashToken(token));
}

/** The token with this hash that is not revoked (it may have expired: see isExpired), or null. */
export async function findTokenByHash(storage: Storage, hash: string): Promise<TokenRecord | null> {
  const row = await storage
    .prepare(`SELECT ${COLUMNS} FROM tokens WHERE hash = ? AND revoked_at IS NULL`)
    .bind(hash)
    .first<TokenRow>();
  return row ? toRecord(row) : null;
}

/** Revokes a token by id; false when no live token has that id. Rows stay for the audit trail. */
export async function revokeToken(storage: Storage, id: string, actor?: AuditActor): Promise<boolean> {
  const at = new Date().toISOString();
  const update = storage.prepare('UPDATE tokens SET revoked_at = ?1 WHERE id = ?2 AND revoked_at IS NULL').bind(at, id);
  if (!actor) return (await update.run()).changes === 1;
  // The audit row names the token by label and role (its id is a handle, not who it was).
  const audit = storage
    .prepare(
      `INSERT INTO audit_log (at, actor_label, actor_role, address, action, target, detail)
       SELECT ?1, ?2, ?3, ?4, 'token.revoked', label, json_object('role', role, 'township', township)
       FROM tokens WHERE id = ?5 AND revoked_at = ?1`,
    )
    .bind(at, actor.label, actor.role, actor.address, id);
  const [{ changes }] = await storage.batch([update, audit]);
  return changes === 1;
}

/** Every token, newest first (without secrets or hashes). */
export async function listTokens(storage: Storage): Promise<TokenRecord[]> {
  const rows = await storage
    .prepare(`SELECT ${COLUMNS} FROM tokens ORDER BY created_at DESC, rowid DESC`)
    .all<TokenRow>();
  return rows.map(toRecord);
}

/** Records a use of the token (callers throttle: see auth). */
export async function touchToken(storage: Storage, id: string, at = new Date()): Promise<void> {
  await storage.prepare('UPDATE tokens SET last_used_at = ? WHERE id = ?').bind(at.toISOString(), id).run();
}

/** Per configured township: its live (not revoked, not expired) clerk tokens and their last use. */
export interface TownshipTokens {
  township: string;
  clerkTokens: number;
  lastUsedAt: string | null;
}

/**
 * Which townships have a live clerk token, and which have none yet (clerkTokens 0), in the order
 * given (the criteria's).
 */
export async function townshipTokens(storage: Storage, townships: readonly string[], now = new Date()): Promise<TownshipTokens[]> {
  const rows = await storage
    .prepare(
      `SELECT township, COUNT(*) AS n, MAX(last_used_at) AS last_used FROM tokens
       WHERE role = 'clerk' AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)
       GROUP BY township`,
    )
    .bind(now.toISOString())
    .all<{ township: string; n: number; last_used: string | null }>();
  const byTownship = new Map(rows.map((row) => [row.township, row]));
  return townships.map((township) => ({
    township,
    clerkTokens: byTownship.get(township)?.n ?? 0,
    lastUsedAt: byTownship.get(township)?.last_used ?? null,
  }));
}
