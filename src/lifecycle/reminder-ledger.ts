import os from 'node:os';
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database-schema.js';
import type { CalendarDate } from '../domain/types.js';

/** One renewal reminder: contact, certification, expiry date and offset (the ledger's key). */
export interface ReminderId {
  contactId: string;
  certificationId: string;
  expiresOn: CalendarDate;
  offsetDays: number;
}

/** What a claim found. */
export type ReminderClaim =
  /** Nobody had it: this worker sends it. */
  | { kind: 'claimed' }
  /** Another worker claimed it and went silent (crashed): this worker finishes it. */
  | { kind: 'taken-over'; state: 'claimed' | 'task-created'; taskId: string | null }
  /** Sent already. */
  | { kind: 'sent' }
  /** Another worker is sending it right now. */
  | { kind: 'busy' };

/** Options of {@link ReminderLedger}. */
export interface ReminderLedgerOptions {
  /** A claim older than this, not sent, is taken to be abandoned (its worker died). Default 5 minutes. */
  leaseMs?: number;
  /** Who claims (shown in the row). Default host, process id and a random suffix. */
  owner?: string;
}

/**
 * The reminder ledger in PostgreSQL: a unique row per (portal, contact, certification, expiry,
 * offset) with the states `claimed` → `task-created` → `sent`. The primary key is what keeps a
 * reminder to one, whatever the number of workers and whatever Redis forgets. A worker killed
 * between claim and task leaves a `claimed` row; once its lease is over, the next worker takes it
 * over and looks for the task by its reference before creating one (docs/data.md, "Guarantees").
 */
export class ReminderLedger {
  private readonly leaseMs: number;
  readonly owner: string;

  constructor(
    private readonly db: Kysely<Database>,
    options: ReminderLedgerOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.owner = options.owner ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  }

  /** Claims a reminder for this worker, or says why not. */
  async claim(portalId: string, id: ReminderId, now: number): Promise<ReminderClaim> {
    const inserted = await this.db
      .insertInto('reminder_ledger')
      .values({ ...this.keyColumns(portalId, id), state: 'claimed', claimed_at: new Date(now), claimed_by: this.owner })
      .onConflict((conflict) => conflict.doNothing())
      .returning('state')
      .executeTakeFirst();
    if (inserted) return { kind: 'claimed' };
    const takenOver = await this.db.updateTable('reminder_ledger').where((eb) => eb.and(this.keyColumns(portalId, id)))
      .set({ claimed_by: this.owner, claimed_at: new Date(now) })
      .where('state', '!=', 'sent')
      .where('claimed_at', '<', new Date(now - this.leaseMs))
      .returning(['state', 'task_id'])
      .executeTakeFirst();
    if (takenOver) return { kind: 'taken-over', state: takenOver.state as 'claimed' | 'task-created', taskId: takenOver.task_id };
    const row = await this.db.selectFrom('reminder_ledger').where((eb) => eb.and(this.keyColumns(portalId, id))).select('state').executeTakeFirst();
    return row?.state === 'sent' ? { kind: 'sent' } : { kind: 'busy' };
  }

  /** The task exists: recorded before anything else happens, so a takeover never creates another. */
  async recordTask(portalId: string, id: ReminderId, taskId: string): Promise<void> {
    await this.db.updateTable('reminder_ledger').where((eb) => eb.and(this.keyColumns(portalId, id)))
      .set({ state: 'task-created', task_id: taskId })
      .where('claimed_by', '=', this.owner)
      .where('state', '=', 'claimed')
      .execute();
  }

  async recordSent(portalId: string, id: ReminderId, now: number): Promise<void> {
    await this.db.updateTable('reminder_ledger').where((eb) => eb.and(this.keyColumns(portalId, id)))
      .set({ state: 'sent', sent_at: new Date(now) })
      .where('claimed_by', '=', this.owner)
      .execute();
  }

  /**
   * Gives a claim up at once (the task could not be created): the next attempt takes it over
   * without waiting for the lease, and looks for a task first — a create that timed out may still
   * have made one.
   */
  async abandon(portalId: string, id: ReminderId): Promise<void> {
    await this.db.updateTable('reminder_ledger').where((eb) => eb.and(this.keyColumns(portalId, id)))
      .set({ claimed_at: new Date(0) })
      .where('claimed_by', '=', this.owner)
      .where('state', '!=', 'sent')
      .execute();
  }

  /** For each reminder, whether it was sent. One query. */
  async sent(portalId: string, ids: readonly ReminderId[]): Promise<boolean[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('reminder_ledger')
      .select(['contact_id', 'certification_id', 'expires_on', 'offset_days'])
      .where('portal_id', '=', portalId)
      .where('state', '=', 'sent')
      .where(
        sql<boolean>`(contact_id, certification_id, expires_on, offset_days) in (${sql.join(
          ids.map((id) => sql`(${id.contactId}, ${id.certificationId}, ${id.expiresOn}::date, ${id.offsetDays}::int)`),
        )})`,
      )
      .execute();
    const sent = new Set(rows.map((row) => `${row.contact_id}/${row.certification_id}/${row.expires_on}/${row.offset_days}`));
    return ids.map((id) => sent.has(`${id.contactId}/${id.certificationId}/${id.expiresOn}/${id.offsetDays}`));
  }

  /** The row of a reminder (tests, the migration from Redis). */
  async read(portalId: string, id: ReminderId) {
    return this.db.selectFrom('reminder_ledger').where((eb) => eb.and(this.keyColumns(portalId, id))).selectAll().executeTakeFirst();
  }

  private keyColumns(portalId: string, id: ReminderId) {
    return { portal_id: portalId, contact_id: id.contactId, certification_id: id.certificationId, expires_on: id.expiresOn, offset_days: id.offsetDays };
  }
}
