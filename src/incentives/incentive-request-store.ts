import type { Kysely, Selectable } from 'kysely';
import type { Database, IncentiveRequestsTable, LedgerEntriesTable } from '../db/database-schema.js';
import type { LedgerEntry } from '../domain/incentives/types.js';
import { money, type Money } from '../domain/money/money.js';
import type { CalendarDate } from '../domain/types.js';

/** What a partner asked for on the partner page (docs/incentives.md, "On the partner page"). */
export type IncentiveRequestType = 'spiff_claim' | 'bonus' | 'mdf_request' | 'mdf_claim';

export interface IncentiveRequest {
  id: string;
  portalId: string;
  partnerId: string;
  /** The partner contact who submitted it; null when a person entered it for the partner. */
  contactId: string | null;
  type: IncentiveRequestType;
  details: Record<string, unknown>;
  /** The amount asked for (a SPIFF, a bonus, the MDF asked for, an MDF claim's actual cost). */
  amount: Money | null;
  submittedAt: number;
}

/**
 * A row of the ledger as stored: the balance kinds of {@link LedgerEntry} and the facts that move
 * no balance (`claim`, `rejection`, `verification`), which carry the request's story.
 */
export interface LedgerRow extends Omit<LedgerEntry, 'kind'> {
  kind: LedgerEntry['kind'] | 'claim' | 'rejection' | 'verification' | 'deadline_breached';
}

/** Who a ledger row was recorded by. */
export interface LedgerActor {
  type: 'contact' | 'user' | 'workflow' | 'operator';
  id: string;
}

const BALANCE_KINDS = new Set(['accrual', 'clawback', 'approval', 'payment']);

/** The rows that move a balance, as the ledger rules read them. */
export function balanceEntries(rows: readonly LedgerRow[]): LedgerEntry[] {
  return rows.filter((row): row is LedgerEntry => BALANCE_KINDS.has(row.kind));
}

type StoredRequest = Selectable<IncentiveRequestsTable>;

function toLedgerRow(row: Selectable<LedgerEntriesTable>): LedgerRow {
  return {
    key: row.entry_key,
    partnerId: row.partner_id,
    kind: row.kind as LedgerRow['kind'],
    bucket: row.bucket as LedgerRow['bucket'],
    rule: row.rule,
    amount: money(Number(row.amount_minor), row.currency),
    source: { type: row.source_type as LedgerRow['source']['type'], id: row.source_id },
    reason: row.reason,
    occurredOn: row.occurred_on as CalendarDate,
    reverses: row.reverses,
  };
}

function toRequest(row: StoredRequest): IncentiveRequest {
  return {
    id: row.id,
    portalId: row.portal_id,
    partnerId: row.partner_id,
    contactId: row.contact_id,
    type: row.type as IncentiveRequestType,
    details: (row.details ?? {}) as Record<string, unknown>,
    amount: row.amount_minor === null || row.currency === null ? null : money(Number(row.amount_minor), row.currency),
    submittedAt: row.submitted_at.getTime(),
  };
}

/**
 * Incentive requests (`incentive_requests`) and the ledger rows they and their decisions append
 * (`ledger_entries`, append-only: a row whose key is already recorded is skipped, never changed).
 */
export class IncentiveRequestStore {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Records a request with the ledger rows its submission appends, in one transaction. False when
   * a request with this id already exists (the same submission sent twice): nothing is written.
   */
  async submit(request: IncentiveRequest, rows: readonly LedgerRow[], actor: LedgerActor): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('incentive_requests')
        .values({
          id: request.id,
          portal_id: request.portalId,
          partner_id: request.partnerId,
          contact_id: request.contactId,
          type: request.type,
          details: JSON.stringify(request.details),
          amount_minor: request.amount?.amountMinor ?? null,
          currency: request.amount?.currency ?? null,
          submitted_at: new Date(request.submittedAt),
        })
        .onConflict((conflict) => conflict.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) return false;
      await appendRows(trx, request.portalId, rows, actor);
      return true;
    });
  }

  /** Appends rows; those whose key is already recorded are skipped. Returns how many were new. */
  async append(portalId: string, rows: readonly LedgerRow[], actor: LedgerActor): Promise<number> {
    return appendRows(this.db, portalId, rows, actor);
  }

  async request(portalId: string, id: string): Promise<IncentiveRequest | null> {
    const [row] = await this.selectRequests(portalId).where('id', '=', id).execute();
    return row ? toRequest(row) : null;
  }

  /** A partner's requests, newest first. */
  async requestsOf(portalId: string, partnerId: string, limit = 100): Promise<IncentiveRequest[]> {
    const rows = await this.selectRequests(portalId).where('partner_id', '=', partnerId).orderBy('submitted_at', 'desc').orderBy('id').limit(limit).execute();
    return rows.map(toRequest);
  }

  /** The portal's requests of the given types, oldest first (for planning their deadlines again). */
  async requestsOfTypes(portalId: string, types: readonly IncentiveRequestType[]): Promise<IncentiveRequest[]> {
    if (types.length === 0) return [];
    const rows = await this.selectRequests(portalId).where('type', 'in', types).orderBy('submitted_at').orderBy('id').execute();
    return rows.map(toRequest);
  }

  /** Every ledger row of a partner, oldest first. */
  async ledgerOf(portalId: string, partnerId: string): Promise<LedgerRow[]> {
    const rows = await this.db
      .selectFrom('ledger_entries')
      .selectAll()
      .where('portal_id', '=', portalId)
      .where('partner_id', '=', partnerId)
      .orderBy('id')
      .execute();
    return rows.map(toLedgerRow);
  }

  /**
   * The portal's rows of the given kinds, per partner, oldest first, in one query (the decisions
   * of every request, for planning their deadlines again without one query per partner).
   */
  async ledgerRowsOfKinds(portalId: string, kinds: readonly LedgerRow['kind'][]): Promise<Map<string, LedgerRow[]>> {
    const byPartner = new Map<string, LedgerRow[]>();
    if (kinds.length === 0) return byPartner;
    const rows = await this.db.selectFrom('ledger_entries').selectAll().where('portal_id', '=', portalId).where('kind', 'in', kinds).orderBy('id').execute();
    for (const row of rows) {
      const list = byPartner.get(row.partner_id) ?? [];
      list.push(toLedgerRow(row));
      byPartner.set(row.partner_id, list);
    }
    return byPartner;
  }

  private selectRequests(portalId: string) {
    return this.db.selectFrom('incentive_requests').selectAll().where('portal_id', '=', portalId);
  }
}

async function appendRows(db: Kysely<Database>, portalId: string, rows: readonly LedgerRow[], actor: LedgerActor): Promise<number> {
  if (rows.length === 0) return 0;
  const added = await db
    .insertInto('ledger_entries')
    .values(rows.map((row) => ({
      portal_id: portalId,
      entry_key: row.key,
      partner_id: row.partnerId,
      kind: row.kind,
      bucket: row.bucket,
      rule: row.rule,
      amount_minor: row.amount.amountMinor,
      currency: row.amount.currency,
      source_type: row.source.type,
      source_id: row.source.id,
      reason: row.reason,
      occurred_on: row.occurredOn,
      reverses: row.reverses,
      actor: JSON.stringify(actor),
    })))
    .onConflict((conflict) => conflict.columns(['portal_id', 'entry_key']).doNothing())
    .returning('id')
    .execute();
  return added.length;
}
