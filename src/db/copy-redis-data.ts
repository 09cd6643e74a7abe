import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Database } from './database-schema.js';

/** What a copy did, per kind of data (rows inserted now; rows already there are not counted). */
export interface RedisCopyReport {
  keys: number;
  auditEntries: number;
  scorePoints: number;
  assignments: number;
  consentDecisions: number;
  reminders: number;
}

/** Options of {@link copyRedisData}. */
export interface CopyRedisDataOptions {
  /** The key prefix the deployment used. Default `pe`. */
  prefix?: string;
  /** Called after each key with the keys done and the total. */
  onProgress?(done: number, total: number): void;
}

const KINDS = ['audit', 'recalc:history', 'training:assignment', 'lifecycle:sent'] as const;

/**
 * Copies what an earlier version kept in Redis into PostgreSQL: audit streams, score histories,
 * training assignments (with their consent decisions) and reminder sent-markers. Idempotent: every
 * row is keyed so a second run inserts nothing (audit entries by their stream key and entry id,
 * score points by partner and day, assignments by id, reminders by their key). Redis is only read.
 */
export async function copyRedisData(redis: Redis, db: Kysely<Database>, options: CopyRedisDataOptions = {}): Promise<RedisCopyReport> {
  const prefix = options.prefix ?? 'pe';
  const keys: string[] = [];
  for (const kind of KINDS) keys.push(...(await scanAll(redis, `${prefix}:${kind}:*`)));
  const report: RedisCopyReport = { keys: keys.length, auditEntries: 0, scorePoints: 0, assignments: 0, consentDecisions: 0, reminders: 0 };
  for (const [index, key] of keys.entries()) {
    const rest = key.slice(prefix.length + 1);
    if (rest.startsWith('audit:')) report.auditEntries += await copyAuditStream(redis, db, key, rest);
    else if (rest.startsWith('recalc:history:')) report.scorePoints += await copyScoreHistory(redis, db, key, rest);
    else if (rest.startsWith('training:assignment:')) {
      const copied = await copyAssignment(redis, db, key);
      report.assignments += copied.assignments;
      report.consentDecisions += copied.decisions;
    } else if (rest.startsWith('lifecycle:sent:')) report.reminders += await copyReminder(redis, db, key, rest);
    options.onProgress?.(index + 1, keys.length);
  }
  return report;
}

async function scanAll(redis: Redis, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found.sort();
}

interface StoredAuditEntry {
  portalId?: string;
  companyId?: string;
  contactId?: string;
  actor?: { type?: string; id?: string };
  action?: string;
  before?: unknown;
  after?: unknown;
  at?: number;
}

// `audit:<portal>:company:<id>`, `audit:<portal>:contact:<id>` or `audit:<portal>:portal`. An entry
// about a contact of a company was written to both streams: it is copied from the company's.
async function copyAuditStream(redis: Redis, db: Kysely<Database>, key: string, rest: string): Promise<number> {
  const [, , subject] = rest.split(':');
  const rows = [];
  for (const [id, fields] of await redis.xrange(key, '-', '+')) {
    let entry: StoredAuditEntry;
    try {
      entry = JSON.parse(fields[1] ?? '{}') as StoredAuditEntry;
    } catch {
      continue;
    }
    if (!entry.portalId || !entry.action || !entry.actor?.type) continue;
    if (subject === 'contact' && entry.companyId) continue;
    rows.push({
      portal_id: entry.portalId,
      company_id: entry.companyId ?? null,
      contact_id: entry.contactId ?? null,
      actor_type: entry.actor.type,
      actor_id: entry.actor.id ?? null,
      action: entry.action,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      rule_version: null,
      at: new Date(entry.at ?? Number(id.split('-')[0])),
      source: `redis:${key}:${id}`,
    });
  }
  if (rows.length === 0) return 0;
  const result = await db.insertInto('audit_entries').values(rows).onConflict((conflict) => conflict.column('source').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

// `recalc:history:<portal>:<company>`, members `at|score|tier|trend`. The partner's time zone is not
// in Redis: a point's day is its UTC date; the first point of a day is kept.
async function copyScoreHistory(redis: Redis, db: Kysely<Database>, key: string, rest: string): Promise<number> {
  const [, , portalId, companyId] = rest.split(':');
  if (!portalId || !companyId) return 0;
  const byDay = new Map<string, { at: number; score: number; tier: string; trend: string }>();
  for (const member of await redis.zrange(key, 0, -1)) {
    const [at, score, tier, trend] = member.split('|');
    const point = { at: Number(at), score: Number(score), tier: tier ?? '', trend: trend ?? '' };
    if (!Number.isFinite(point.at) || !Number.isFinite(point.score) || !point.tier || !point.trend) continue;
    const day = new Date(point.at).toISOString().slice(0, 10);
    const kept = byDay.get(day);
    if (!kept || point.at < kept.at) byDay.set(day, point);
  }
  if (byDay.size === 0) return 0;
  const rows = [...byDay].map(([day, point]) => ({ portal_id: portalId, company_id: companyId, day, at: new Date(point.at), score: point.score, tier: point.tier, trend: point.trend }));
  const result = await db
    .insertInto('score_points')
    .values(rows)
    .onConflict((conflict) => conflict.columns(['portal_id', 'company_id', 'day']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

interface StoredAssignment {
  id: string;
  portalId: string;
  contactId: string;
  companyId: string | null;
  track: string;
  contactFirstName: string | null;
  timeZone: string;
  assignedAt: number;
  assignedBy: unknown;
  linkExpiresAt: number;
  warnings?: string[];
}

const ASSIGNMENT_STATES = new Set(['pending', 'active', 'declined', 'superseded', 'withdrawn']);

// `training:assignment:<id>`: a hash with the record written at creation and the fields a decision changed.
async function copyAssignment(redis: Redis, db: Kysely<Database>, key: string): Promise<{ assignments: number; decisions: number }> {
  const fields = await redis.hgetall(key);
  if (!fields.record || !fields.state || !ASSIGNMENT_STATES.has(fields.state)) return { assignments: 0, decisions: 0 };
  const record = JSON.parse(fields.record) as StoredAssignment;
  const state = fields.state as 'pending' | 'active' | 'declined' | 'superseded' | 'withdrawn';
  const decidedAt = fields.decidedAt ? Number(fields.decidedAt) : null;
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('training_assignments')
      .values({
        id: record.id,
        portal_id: record.portalId,
        contact_id: record.contactId,
        company_id: record.companyId,
        track: record.track,
        state,
        contact_first_name: record.contactFirstName,
        time_zone: record.timeZone,
        assigned_at: new Date(record.assignedAt),
        assigned_by: JSON.stringify(record.assignedBy),
        link_expires_at: new Date(record.linkExpiresAt),
        decided_at: decidedAt === null ? null : new Date(decidedAt),
        deadline_on: fields.deadlineOn || null,
        deadline_at: fields.deadlineAt ? new Date(Number(fields.deadlineAt)) : null,
        warnings: JSON.stringify(record.warnings ?? []),
      })
      .onConflict((conflict) => conflict.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return { assignments: 0, decisions: 0 };
    if ((state === 'active' || state === 'declined') && decidedAt !== null) {
      await trx
        .insertInto('consent_decisions')
        .values({ assignment_id: record.id, portal_id: record.portalId, contact_id: record.contactId, decision: state === 'active' ? 'accept' : 'decline', decided_at: new Date(decidedAt) })
        .execute();
      return { assignments: 1, decisions: 1 };
    }
    return { assignments: 1, decisions: 0 };
  });
}

// `lifecycle:sent:<portal>:renewal-reminder/<contact>/<certification>/<expiry>/<offset>`, value
// `taken|<ms>` (claimed) or `sent|<task id>`.
async function copyReminder(redis: Redis, db: Kysely<Database>, key: string, rest: string): Promise<number> {
  const [, , portalId, reminder] = rest.split(':');
  const [, contactId, certificationId, expiresOn, offset] = (reminder ?? '').split('/');
  const value = await redis.get(key);
  if (!portalId || !contactId || !certificationId || !expiresOn || offset === undefined || !value) return 0;
  const [state, detail] = value.split('|');
  const sent = state === 'sent';
  const result = await db
    .insertInto('reminder_ledger')
    .values({
      portal_id: portalId,
      contact_id: contactId,
      certification_id: certificationId,
      expires_on: expiresOn,
      offset_days: Number(offset),
      state: sent ? 'sent' : 'claimed',
      claimed_at: new Date(sent ? 0 : Number(detail)),
      claimed_by: 'copied from Redis',
      task_id: sent ? (detail ?? null) : null,
      sent_at: null,
    })
    .onConflict((conflict) => conflict.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}
