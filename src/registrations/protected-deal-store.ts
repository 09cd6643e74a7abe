import type { Kysely } from 'kysely';
import type { Database } from '../db/database-schema.js';
import type { ExistingRegistration } from '../domain/registrations/types.js';

/** A (deal, registration) mark the direct-deal guard claimed and must finish telling. */
export interface ClaimedMark {
  dealId: string;
  registrationId: string;
  partnerId: string;
  noteId: string | null;
  taskId: string | null;
}

/** How long a guard run holds its claim before another delivery may finish the work. */
const CLAIM_MS = 10 * 60 * 1000;

/**
 * The direct deals registrations' protections marked (docs/data.md, "Protected deals"), and the
 * approved registrations that protect a customer domain, read from the conflict-check index.
 */
export class ProtectedDealStore {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Approved registrations whose customer has one of these registrable domains, as submitted or as
   * the index knows the customer company; the caller judges which still protects.
   */
  async approvedOnDomains(portalId: string, domains: readonly string[]): Promise<ExistingRegistration[]> {
    if (domains.length === 0) return [];
    const rows = await this.db
      .selectFrom('index_registrations as r')
      .leftJoin('registration_customers as rc', (join) => join.onRef('rc.portal_id', '=', 'r.portal_id').onRef('rc.deal_id', '=', 'r.deal_id'))
      .leftJoin('index_companies as c', (join) => join.onRef('c.portal_id', '=', 'r.portal_id').onRef('c.company_id', '=', 'r.company_id'))
      .where('r.portal_id', '=', portalId)
      .where('r.status', '=', 'approved')
      .where((eb) => eb.or([eb('rc.customer_domain', 'in', [...domains]), eb('c.domain', 'in', [...domains])]))
      .select(['r.deal_id', 'r.partner_id', 'r.status', 'r.submitted_at', 'r.expires_on', 'rc.customer_domain', 'c.domain', 'rc.customer_name', 'c.normalised_name'])
      .execute();
    return rows.flatMap((row) => {
      // A registration whose submitted domain and company domain differ protects both.
      const rowDomains = [...new Set([row.customer_domain, row.domain].filter((domain): domain is string => domain !== null && domains.includes(domain)))];
      return rowDomains.map((customerDomain) => ({
        registrationId: row.deal_id,
        partnerId: row.partner_id,
        status: row.status,
        customerDomain,
        customerName: row.customer_name ?? row.normalised_name,
        submittedAt: row.submitted_at?.getTime() ?? 0,
        expiresOn: row.expires_on,
      }));
    });
  }

  /** The registrable domains of these companies, as the index holds them. */
  async domainsOfCompanies(portalId: string, companyIds: readonly string[]): Promise<Map<string, string>> {
    if (companyIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('index_companies').select(['company_id', 'domain'])
      .where('portal_id', '=', portalId).where('company_id', 'in', [...companyIds]).where('domain', 'is not', null).execute();
    return new Map(rows.map((row) => [row.company_id, row.domain!]));
  }

  /** Records the direct deals an approval marked (no note or task: the approver decided knowing them). */
  async recordApprovalMarks(portalId: string, registrationId: string, partnerId: string, dealIds: readonly string[], at: Date): Promise<void> {
    if (dealIds.length === 0) return;
    await this.db.insertInto('protected_deals')
      .values(dealIds.map((dealId) => ({ portal_id: portalId, deal_id: dealId, registration_id: registrationId, partner_id: partnerId, source: 'approval' as const, marked_at: at })))
      .onConflict((conflict) => conflict.columns(['portal_id', 'deal_id', 'registration_id']).doUpdateSet({ cleared_at: null, marked_at: at }))
      .execute();
  }

  /**
   * Claims the guard's work on these (deal, registration) pairs: a new pair, or one a guard run
   * started and did not finish (its claim released or lapsed). A pair already told, or marked at
   * approval, is not returned, so a redelivered event creates nothing twice.
   */
  async claimGuardMarks(portalId: string, marks: ReadonlyArray<{ dealId: string; registrationId: string; partnerId: string }>, at: Date): Promise<ClaimedMark[]> {
    if (marks.length === 0) return [];
    const until = new Date(at.getTime() + CLAIM_MS);
    const rows = await this.db.insertInto('protected_deals')
      .values(marks.map((mark) => ({
        portal_id: portalId, deal_id: mark.dealId, registration_id: mark.registrationId, partner_id: mark.partnerId,
        source: 'guard' as const, marked_at: at, claimed_until: until,
      })))
      .onConflict((conflict) => conflict.columns(['portal_id', 'deal_id', 'registration_id'])
        .doUpdateSet({ claimed_until: until })
        .where('protected_deals.source', '=', 'guard')
        .where('protected_deals.told_at', 'is', null)
        .where('protected_deals.cleared_at', 'is', null)
        .where((eb) => eb.or([eb('protected_deals.claimed_until', 'is', null), eb('protected_deals.claimed_until', '<', at)])))
      .returning(['deal_id', 'registration_id', 'partner_id', 'note_id', 'task_id'])
      .execute();
    return rows.map((row) => ({ dealId: row.deal_id, registrationId: row.registration_id, partnerId: row.partner_id, noteId: row.note_id, taskId: row.task_id }));
  }

  async recordNote(portalId: string, dealId: string, registrationId: string, noteId: string): Promise<void> {
    await this.db.updateTable('protected_deals').set({ note_id: noteId })
      .where('portal_id', '=', portalId).where('deal_id', '=', dealId).where('registration_id', '=', registrationId).execute();
  }

  async recordTold(portalId: string, dealId: string, registrationId: string, taskId: string, at: Date): Promise<void> {
    await this.db.updateTable('protected_deals').set({ task_id: taskId, told_at: at, claimed_until: null })
      .where('portal_id', '=', portalId).where('deal_id', '=', dealId).where('registration_id', '=', registrationId).execute();
  }

  /** Lets the next delivery finish what a failed guard run claimed. */
  async releaseClaims(portalId: string, marks: ReadonlyArray<{ dealId: string; registrationId: string }>): Promise<void> {
    for (const mark of marks) {
      await this.db.updateTable('protected_deals').set({ claimed_until: null })
        .where('portal_id', '=', portalId).where('deal_id', '=', mark.dealId).where('registration_id', '=', mark.registrationId)
        .where('told_at', 'is', null).execute();
    }
  }

  /**
   * The deals a registration marked and still marks: not cleared, and not also marked by another
   * registration that is still approved (that one's partner keeps the deal).
   */
  async marksToClear(portalId: string, registrationId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('protected_deals as p')
      .select('p.deal_id')
      .where('p.portal_id', '=', portalId)
      .where('p.registration_id', '=', registrationId)
      .where('p.cleared_at', 'is', null)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('protected_deals as o')
        .innerJoin('index_registrations as r', (join) => join.onRef('r.portal_id', '=', 'o.portal_id').onRef('r.deal_id', '=', 'o.registration_id'))
        .select('o.deal_id')
        .whereRef('o.portal_id', '=', 'p.portal_id')
        .whereRef('o.deal_id', '=', 'p.deal_id')
        .where('o.registration_id', '!=', registrationId)
        .where('o.cleared_at', 'is', null)
        .where('r.status', '=', 'approved'))))
      .orderBy('p.deal_id')
      .execute();
    return rows.map((row) => row.deal_id);
  }

  /** Marks every row of the registration cleared. */
  async recordCleared(portalId: string, registrationId: string, at: Date): Promise<void> {
    await this.db.updateTable('protected_deals').set({ cleared_at: at })
      .where('portal_id', '=', portalId).where('registration_id', '=', registrationId).where('cleared_at', 'is', null).execute();
  }
}
