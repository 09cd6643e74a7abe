import type { Kysely } from 'kysely';
import type { Database } from '../db/database-schema.js';
import type { ConflictReason, CustomerIdentity, ExistingRegistration } from '../domain/registrations/types.js';
import type { PartnerRegistration } from './partner-registration.js';
import type { SubmittedRegistrationDetails } from './submitted-registration-details.js';

/**
 * The customer each registration named at submission (docs/data.md, "Registration customers"),
 * beside the conflict-check index: the index knows a registration's customer only through a
 * HubSpot company, which a new customer does not have yet. Read together with the registration's
 * current status from `index_registrations`, so a rejected or deleted registration claims nothing.
 */
export class RegistrationCustomerStore {
  constructor(private readonly db: Kysely<Database>) {}

  async record(portalId: string, dealId: string, partnerId: string, customer: CustomerIdentity, submittedAt: Date, details?: SubmittedRegistrationDetails): Promise<void> {
    await this.db
      .insertInto('registration_customers')
      .values({
        portal_id: portalId,
        deal_id: dealId,
        partner_id: partnerId,
        customer_domain: customer.domain,
        customer_name: customer.name,
        submitted_at: submittedAt,
        ...(details
          ? { deal_name: details.dealName, customer_label: details.customerLabel, conflict: details.conflict, due_at: details.dueAt, conflict_reasons: JSON.stringify(details.reasons ?? []) }
          : {}),
      })
      .onConflict((conflict) => conflict.columns(['portal_id', 'deal_id']).doNothing())
      .execute();
  }

  /**
   * Live registrations (submitted or approved) whose submitted customer has this domain, or, for
   * those submitted without a domain, this normalised name.
   */
  async readLive(portalId: string, customer: CustomerIdentity): Promise<ExistingRegistration[]> {
    const { domain, name } = customer;
    if (domain === null && name === null) return [];
    const rows = await this.db
      .selectFrom('registration_customers as c')
      .innerJoin('index_registrations as r', (join) => join.onRef('r.portal_id', '=', 'c.portal_id').onRef('r.deal_id', '=', 'c.deal_id'))
      .where('c.portal_id', '=', portalId)
      .where('r.status', 'in', ['submitted', 'approved'])
      .where((eb) => eb.or([
        ...(domain === null ? [] : [eb('c.customer_domain', '=', domain)]),
        ...(name === null ? [] : [eb.and([eb('c.customer_domain', 'is', null), eb('c.customer_name', '=', name)])]),
      ]))
      .select(['c.deal_id', 'r.partner_id', 'r.status', 'c.submitted_at', 'r.expires_on', 'c.customer_domain', 'c.customer_name'])
      .execute();
    return rows.map((row) => ({
      registrationId: row.deal_id,
      partnerId: row.partner_id,
      status: row.status,
      customerDomain: row.customer_domain,
      customerName: row.customer_name,
      submittedAt: row.submitted_at.getTime(),
      expiresOn: row.expires_on,
    }));
  }

  /**
   * A partner's registrations, newest first (at most `limit`), with their current status from the
   * index; one the index no longer holds (deleted in HubSpot) is left out.
   */
  async readForPartner(portalId: string, partnerId: string, limit: number): Promise<PartnerRegistration[]> {
    const rows = await this.db
      .selectFrom('registration_customers as c')
      .innerJoin('index_registrations as r', (join) => join.onRef('r.portal_id', '=', 'c.portal_id').onRef('r.deal_id', '=', 'c.deal_id'))
      .where('c.portal_id', '=', portalId)
      .where('c.partner_id', '=', partnerId)
      .orderBy('c.submitted_at', 'desc')
      .orderBy('c.deal_id', 'desc')
      .limit(limit)
      .select(['c.deal_id', 'c.deal_name', 'c.customer_label', 'c.customer_domain', 'c.customer_name', 'c.conflict', 'c.due_at', 'c.submitted_at', 'r.status', 'r.expires_on'])
      .execute();
    return rows.map((row) => ({
      registrationId: row.deal_id,
      dealName: row.deal_name,
      customer: row.customer_label ?? row.customer_domain ?? row.customer_name,
      status: row.status,
      conflict: row.conflict,
      submittedAt: row.submitted_at.getTime(),
      dueAt: row.due_at ? row.due_at.getTime() : null,
      expiresOn: row.expires_on,
    }));
  }

  /** How many of a partner's registrations the index holds in each status. */
  async countForPartner(portalId: string, partnerId: string): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('index_registrations')
      .where('portal_id', '=', portalId)
      .where('partner_id', '=', partnerId)
      .groupBy('status')
      .select((eb) => ['status', eb.fn.countAll<string>().as('count')])
      .execute();
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  }

  /** The conflict check's reasons recorded for a registration at submission; empty when none are known. */
  async conflictReasons(portalId: string, dealId: string): Promise<ConflictReason[]> {
    const row = await this.db
      .selectFrom('registration_customers')
      .where('portal_id', '=', portalId)
      .where('deal_id', '=', dealId)
      .select('conflict_reasons')
      .executeTakeFirst();
    return Array.isArray(row?.conflict_reasons) ? (row.conflict_reasons as ConflictReason[]) : [];
  }
}
