import type { Context } from 'hono';
import type { Statement, Storage } from '../storage/index';

/**
 * The audit log (worker/migrations/0005_audit_log.sql): append-only rows saying who (token label
 * and role), what, when and from where. Writers add an audit statement to the same batch as the
 * change it records wherever they can, so a change and its audit row are stored together or not
 * at all.
 */

export const AUDIT_ACTIONS = [
  'token.created',
  'token.revoked',
  'criteria.published',
  'period.rescored',
  'submission.stored',
  'submission.superseded',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who acted and from where. */
export interface AuditActor {
  label: string;
  role: string;
  address: string | null;
}

export interface AuditEvent {
  action: AuditAction;
  /** What it acted on: a token label, a criteria version, a submission id, a period. Never a person ID. */
  target: string;
  detail?: Record<string, unknown>;
}

export interface AuditRecord extends AuditEvent {
  seq: number;
  at: string;
  actor: AuditActor;
  detail: Record<string, unknown>;
}

/**
 * The client's address as Cloudflare reports it (CF-Connecting-IP is set by the edge and cannot
 * be forged through it); X-Real-IP from a reverse proxy when self-hosted; null when neither.
 */
export function clientAddress(c: Context): string | null {
  return c.req.header('cf-connecting-ip') ?? c.req.header('x-real-ip') ?? null;
}

/** The caller of an authenticated request as an audit actor. */
export function auditActor(c: Context): AuditActor {
  const principal = c.get('principal') as { label: string; role: string } | undefined;
  return { label: principal?.label ?? 'unknown', role: principal?.role ?? 'unknown', address: clientAddress(c) };
}

const INSERT = 'INSERT INTO audit_log (at, actor_label, actor_role, address, action, target, detail)';

/**
 * One audit row as a statement, to put into the batch of the change it records.
 *
 * @example
 * await storage.batch([change, auditStatement(storage, auditActor(c), { action: 'token.revoked', target: label })]);
 */
export function auditStatement(storage: Storage, actor: AuditActor, event: AuditEvent, at = new Date().toISOString()): Statement {
  return storage
    .prepare(`${INSERT} VALUES (?, ?, ?, ?, ?, ?, ?)`)
    .bind(at, actor.label, actor.role, actor.address, event.action, event.target, JSON.stringify(event.detail ?? {}));
}

/**
 * An audit row per submission that `supersededBy` has just superseded (none when it was the first
 * of its township and period); runs after the UPDATE in the same batch.
 */
export function auditSupersededStatement(storage: Storage, actor: AuditActor, supersededBy: string, at = new Date().toISOString()): Statement {
  return storage
    .prepare(
      `${INSERT} SELECT ?1, ?2, ?3, ?4, 'submission.superseded', id,
         json_object('period', period, 'township', township, 'supersededBy', ?5)
       FROM submissions WHERE superseded_by = ?5`,
    )
    .bind(at, actor.label, actor.role, actor.address, supersededBy);
}

/**
 * Appends one audit row on its own, for changes made elsewhere (e.g. a period re-scored).
 *
 * @example
 * await recordAudit(c.var.storage, auditActor(c), { action: 'period.rescored', target: '2020', detail: { submissions: 12 } });
 */
export async function recordAudit(storage: Storage, actor: AuditActor, event: AuditEvent): Promise<void> {
  await auditStatement(storage, actor, event).run();
}

interface AuditRow {
  seq: number;
  at: string;
  actor_label: string;
  actor_role: string;
  address: string | null;
  action: AuditAction;
  target: string;
  detail: string;
}

export interface AuditQuery {
  /** Only rows written before this sequence number (paging backwards). */
  before?: number;
  action?: AuditAction;
  limit: number;
}

/** Audit rows, newest first. */
export async function listAudit(storage: Storage, query: AuditQuery): Promise<AuditRecord[]> {
  const rows = await storage
    .prepare(
      `SELECT seq, at, actor_label, actor_role, address, action, target, detail FROM audit_log
       WHERE (?1 IS NULL OR seq < ?1) AND (?2 IS NULL OR action = ?2)
       ORDER BY seq DESC LIMIT ?3`,
    )
    .bind(query.before ?? null, query.action ?? null, query.limit)
    .all<AuditRow>();
  return rows.map((row) => ({
    seq: row.seq,
    at: row.at,
    actor: { label: row.actor_label, role: row.actor_role, address: row.address },
    action: row.action,
    target: row.target,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  }));
}
