import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database-schema.js';

/** Who did something: the app itself, a HubSpot user, a workflow, a contact (consent) or an operator. */
export interface AuditActor {
  type: 'system' | 'hubspot-user' | 'workflow' | 'contact' | 'operator';
  /** HubSpot user id, workflow id, contact id or operator name; absent for the system. */
  id?: string;
}

export interface AuditEntryInput {
  portalId: string;
  companyId?: string;
  contactId?: string;
  actor: AuditActor;
  /** What happened, as a dotted verb: `outputs.written`, `tier.changed`, `reminder.sent`, … */
  action: string;
  before?: unknown;
  after?: unknown;
  /** The program's rule version an evaluation ran under (`programVersion`); absent when no rule decided. */
  ruleVersion?: string;
  /** Epoch milliseconds; defaults to now. */
  at?: number;
}

export interface AuditEntry extends AuditEntryInput {
  id: string;
  at: number;
}

/** Rows per INSERT (bounds one statement's size). */
const ROWS_PER_STATEMENT = 5000;

/**
 * The audit trail: every enablement action (who, what, when, before, after, rule version), in
 * PostgreSQL (`audit_entries`, append-only). A batch's entries go in multi-row statements, inside
 * the caller's transaction when it passes one (the recalculation writes them with its score
 * points, so a worker killed mid-batch leaves neither). Reads for the cards and
 * `partner-enablement audit` use the (portal, company, time) and (portal, contact, time) indexes.
 */
export class AuditTrail {
  constructor(private readonly db: Kysely<Database>) {}

  async record(entry: AuditEntryInput): Promise<void> {
    await this.recordMany([entry]);
  }

  /**
   * Writes many entries in one statement per 5,000: each column goes as one array parameter and
   * `unnest` turns the arrays into rows (ten parameters, however many rows; cheaper to send and
   * plan than ten per row). With `db`, inside that transaction.
   */
  async recordMany(entries: readonly AuditEntryInput[], db: Kysely<Database> = this.db): Promise<void> {
    const now = Date.now();
    for (let start = 0; start < entries.length; start += ROWS_PER_STATEMENT) {
      const chunk = entries.slice(start, start + ROWS_PER_STATEMENT);
      const column = <T>(pick: (entry: AuditEntryInput) => T) => chunk.map(pick);
      await sql`
        insert into audit_entries (portal_id, company_id, contact_id, actor_type, actor_id, action, before, after, rule_version, at)
        select * from unnest(
          ${column((e) => e.portalId)}::text[], ${column((e) => e.companyId ?? null)}::text[], ${column((e) => e.contactId ?? null)}::text[],
          ${column((e) => e.actor.type)}::text[], ${column((e) => e.actor.id ?? null)}::text[], ${column((e) => e.action)}::text[],
          ${column((e) => (e.before === undefined ? null : JSON.stringify(e.before)))}::json[],
          ${column((e) => (e.after === undefined ? null : JSON.stringify(e.after)))}::json[],
          ${column((e) => e.ruleVersion ?? null)}::text[], ${column((e) => new Date(e.at ?? now).toISOString())}::timestamptz[]
        )`.execute(db);
    }
  }

  /** A company's latest `limit` entries, oldest first. */
  forCompany(portalId: string, companyId: string, limit = 100): Promise<AuditEntry[]> {
    return this.latestFor(portalId, 'company_id', companyId, limit);
  }

  /** A contact's latest `limit` entries, oldest first. */
  forContact(portalId: string, contactId: string, limit = 100): Promise<AuditEntry[]> {
    return this.latestFor(portalId, 'contact_id', contactId, limit);
  }

  /** The latest `limit` entries of one record, oldest first (served by the (portal, record, time) indexes). */
  private async latestFor(portalId: string, column: 'company_id' | 'contact_id', id: string, limit: number): Promise<AuditEntry[]> {
    const rows = await this.db
      .selectFrom('audit_entries')
      .selectAll()
      .where('portal_id', '=', portalId)
      .where(column, '=', id)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.reverse().map(toEntry);
  }

  /** The portals holding entries for a company (for `audit` when no portal is named). */
  async portalsOfCompany(companyId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('audit_entries').select('portal_id').distinct().where('company_id', '=', companyId).execute();
    return rows.map((row) => row.portal_id);
  }
}

type AuditRow = {
  id: string;
  portal_id: string;
  company_id: string | null;
  contact_id: string | null;
  actor_type: string;
  actor_id: string | null;
  action: string;
  before: unknown;
  after: unknown;
  rule_version: string | null;
  at: Date;
};

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: String(row.id),
    portalId: row.portal_id,
    ...(row.company_id !== null ? { companyId: row.company_id } : {}),
    ...(row.contact_id !== null ? { contactId: row.contact_id } : {}),
    actor: { type: row.actor_type as AuditActor['type'], ...(row.actor_id !== null ? { id: row.actor_id } : {}) },
    action: row.action,
    ...(row.before !== null ? { before: row.before } : {}),
    ...(row.after !== null ? { after: row.after } : {}),
    ...(row.rule_version !== null ? { ruleVersion: row.rule_version } : {}),
    at: row.at.getTime(),
  };
}
