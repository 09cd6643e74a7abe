import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database-schema.js';
import type { ConflictOutcome, ConflictReason, CustomerIdentity, ExistingRegistration } from '../domain/registrations/types.js';
import type { PartnerRegistration } from './partner-registration.js';
import type { PendingRegistration } from './pending-registration.js';
import type { SubmittedRegistrationDetails } from './submitted-registration-details.js';

/** The `registration_steps` step whose lease a pending registration's holder keeps until its deal is made. */
const CREATE_DEAL_STEP = 'create-deal';

/** What a submission claims before it makes the deal (see `claimPending`). */
export interface NewPendingRegistration {
  /** A pending id (`pendingRegistrationId`). */
  registrationId: string;
  partnerId: string;
  customer: CustomerIdentity;
  submittedAt: Date;
  details: SubmittedRegistrationDetails & { conflict: ConflictOutcome; dueAt: Date; reasons: ConflictReason[] };
  claimedUntil: Date;
}

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
   * Claims a registration before its deal exists (docs/registrations.md, "Repeat submissions"): its
   * row under a pending id, which the checks of this customer read with `readPending`, and its lease
   * in `registration_steps` (step `create-deal`), taken at the submission time.
   */
  async claimPending(portalId: string, claim: NewPendingRegistration): Promise<void> {
    await this.record(portalId, claim.registrationId, claim.partnerId, claim.customer, claim.submittedAt, claim.details);
    await this.db.insertInto('registration_steps')
      .values({ portal_id: portalId, deal_id: claim.registrationId, step: CREATE_DEAL_STEP, claimed_at: claim.submittedAt, claimed_until: claim.claimedUntil })
      .execute();
  }

  /**
   * The pending registrations of this customer (matched as `readLive` matches), whether their
   * lease still runs or not.
   */
  async readPending(portalId: string, customer: CustomerIdentity): Promise<PendingRegistration[]> {
    const { domain, name } = customer;
    if (domain === null && name === null) return [];
    const rows = await this.db
      .selectFrom('registration_customers as c')
      .innerJoin('registration_steps as s', (join) => join.onRef('s.portal_id', '=', 'c.portal_id').onRef('s.deal_id', '=', 'c.deal_id').on('s.step', '=', CREATE_DEAL_STEP))
      .where('c.portal_id', '=', portalId)
      .where('s.done_at', 'is', null)
      .where((eb) => eb.or([
        ...(domain === null ? [] : [eb('c.customer_domain', '=', domain)]),
        ...(name === null ? [] : [eb.and([eb('c.customer_domain', 'is', null), eb('c.customer_name', '=', name)])]),
      ]))
      .select(['c.deal_id', 'c.partner_id', 'c.customer_domain', 'c.customer_name', 'c.submitted_at', 'c.deal_name', 'c.conflict', 'c.conflict_reasons', 'c.due_at', 's.claimed_at', 's.claimed_until'])
      .execute();
    return rows.map((row) => ({
      registrationId: row.deal_id,
      partnerId: row.partner_id,
      status: 'submitted',
      customerDomain: row.customer_domain,
      customerName: row.customer_name,
      submittedAt: row.submitted_at.getTime(),
      expiresOn: null,
      claimedAt: row.claimed_at,
      claimedUntil: row.claimed_until ?? row.claimed_at,
      dealName: row.deal_name,
      conflict: (row.conflict ?? 'none') as ConflictOutcome,
      reasons: Array.isArray(row.conflict_reasons) ? (row.conflict_reasons as ConflictReason[]) : [],
      dueAt: row.due_at ?? row.submitted_at,
    }));
  }

  /**
   * Takes over a pending registration whose lease ended by `at`, for `at` until `until`; false when
   * its lease still runs or it is no longer pending.
   */
  async takeOverPending(portalId: string, registrationId: string, at: Date, until: Date): Promise<boolean> {
    const taken = await this.db.updateTable('registration_steps').set({ claimed_at: at, claimed_until: until })
      .where('portal_id', '=', portalId).where('deal_id', '=', registrationId).where('step', '=', CREATE_DEAL_STEP)
      .where('done_at', 'is', null).where('claimed_until', '<=', at)
      .returning('deal_id')
      .executeTakeFirst();
    return taken !== undefined;
  }

  /**
   * Extends the lease of a pending registration this holder (the one that took it at `claimedAt`)
   * still holds; false when another submission took it over meanwhile, or it is no longer pending.
   */
  async renewPending(portalId: string, registrationId: string, claimedAt: Date, until: Date): Promise<boolean> {
    const renewed = await this.db.updateTable('registration_steps').set({ claimed_until: until })
      .where('portal_id', '=', portalId).where('deal_id', '=', registrationId).where('step', '=', CREATE_DEAL_STEP)
      .where('done_at', 'is', null).where('claimed_at', '=', claimedAt)
      .returning('deal_id')
      .executeTakeFirst();
    return renewed !== undefined;
  }

  /**
   * Ends the lease of a pending registration this holder still holds, at once: its submission
   * failed, and the partner's next one may take it over without waiting.
   */
  async releasePending(portalId: string, registrationId: string, claimedAt: Date): Promise<void> {
    await this.db.updateTable('registration_steps').set({ claimed_until: claimedAt })
      .where('portal_id', '=', portalId).where('deal_id', '=', registrationId).where('step', '=', CREATE_DEAL_STEP)
      .where('done_at', 'is', null).where('claimed_at', '=', claimedAt)
      .execute();
  }

  /**
   * Turns a pending registration into the registration of its deal: the row under the deal's id
   * (`record`), the pending row and its lease gone, and every other registration's conflict
   * reasons on this customer that named the pending id now naming the deal (the deal card links
   * them). Run it in the transaction that indexes the deal, so a check sees one or the other.
   */
  async completePending(portalId: string, registrationId: string, made: Omit<NewPendingRegistration, 'registrationId' | 'claimedUntil'> & { dealId: string }): Promise<void> {
    await this.record(portalId, made.dealId, made.partnerId, made.customer, made.submittedAt, made.details);
    await this.db.deleteFrom('registration_customers').where('portal_id', '=', portalId).where('deal_id', '=', registrationId).execute();
    await this.db.deleteFrom('registration_steps').where('portal_id', '=', portalId).where('deal_id', '=', registrationId).execute();
    if (made.customer.domain === null) return;
    // Other partners' checks only ever name it by domain (docs/registrations.md, "Conflict check").
    const named = JSON.stringify(registrationId);
    await this.db.updateTable('registration_customers')
      .set({ conflict_reasons: sql`replace(conflict_reasons::text, ${named}, ${JSON.stringify(made.dealId)})::jsonb` })
      .where('portal_id', '=', portalId)
      .where('customer_domain', '=', made.customer.domain)
      .where(sql<boolean>`strpos(conflict_reasons::text, ${named}) > 0`)
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
