import { applyRegistrationEvent } from '../domain/registrations/apply-registration-event.js';
import type { RegistrationEvent, RegistrationState, RegistrationStatus } from '../domain/registrations/types.js';
import { customerCompanyIds, readRegistrationDeal } from './read-registration-deal.js';
import { registrationStateOfDeal } from './registration-state-of-deal.js';
import type { CalendarDate } from '../domain/types.js';
import type { AuditActor, AuditTrail } from '../audit/audit-trail.js';
import { AppError } from '../errors.js';
import type { HubSpotClient } from '../hubspot/hubspot-client.js';
import type { RecalculationEnqueuer } from '../jobs/recalculation-queue.js';
import type { Logger } from '../logger.js';
import type { MailSender } from '../mail/mail-sender.js';
import { renderRegistrationDecisionEmail } from '../mail/render-registration-decision-email.js';
import type { RegistrationSettings } from '../program/registration-settings.js';
import type { ConflictIndexStore } from './conflict-index-store.js';
import type { ProtectedDealStore } from './protected-deal-store.js';
import type { RegistrationSlaQueue } from './registration-sla-queue.js';
import { planProtectionSteps } from '../domain/registrations/plan-protection-steps.js';

/** What an approver decides about a registration. */
export type RegistrationDecision = { type: 'approve' } | { type: 'reject'; reason: string } | { type: 'extend' };

/** What a decision left behind. */
export interface DecisionResult {
  registrationId: string;
  status: RegistrationStatus;
  decidedAt: string | null;
  expiresOn: CalendarDate | null;
  rejectionReason: string | null;
  /** Whether the submitter was emailed (false when the deal has no submitter with an address, or the mail was refused). */
  notified: boolean;
}

export interface RegistrationDecisionOptions {
  client: HubSpotClient;
  store: ConflictIndexStore;
  audit: AuditTrail;
  mail: MailSender;
  logger?: Logger;
  portalId: string;
  settings: RegistrationSettings;
  /** The portal's time zone: approval dates and "today" follow it. */
  timeZone: string;
  /** Where an approved protection's notice and expiry are scheduled; without it none are. */
  protection?: Pick<RegistrationSlaQueue, 'scheduleProtection'>;
  /** Where the direct deals an approval marks are recorded, so its expiry clears them. */
  marks?: Pick<ProtectedDealStore, 'recordApprovalMarks'>;
  /**
   * Where the registration's partner is queued for recalculation, so its registration counts
   * (docs/registrations.md, "Registration counts") follow; without it nothing is queued.
   */
  recalculation?: Pick<RecalculationEnqueuer, 'enqueueCompanies'>;
  now?: () => Date;
}

const STATUSES = new Set<RegistrationStatus>(['submitted', 'approved', 'rejected', 'expired', 'won', 'lost']);

/**
 * An approver's decision on a deal registration (docs/registrations.md, "States" and "Protection"):
 * approve (protection from today in the portal's zone), reject with a reason, or extend a running
 * protection. The state machine decides; a refused step is an `INVALID_INPUT` error whose details
 * say it was a refused transition (the route answers 409). The deal's registration properties are
 * written, the conflict-check index updated, the decision audited and the submitter emailed.
 *
 * HubSpot calls: one deal read (with its companies and contacts), one deal update, and one contact
 * read for the email.
 */
export class RegistrationDecisionService {
  private readonly now: () => Date;

  constructor(private readonly options: RegistrationDecisionOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async decideRegistration(dealId: string, decision: RegistrationDecision, actor: AuditActor): Promise<DecisionResult> {
    const { client, portalId, settings, timeZone, store, audit } = this.options;
    if (!/^\d+$/.test(dealId)) throw new AppError('INVALID_INPUT', `deal id "${dealId}" is not a record id`);
    const deal = await readRegistrationDeal(client, portalId, dealId);
    const properties = deal.properties;
    const status = properties.pe_registration_status?.trim() as RegistrationStatus | undefined;
    const partnerId = properties.pe_partner_company_id?.trim() || null;
    if (status === undefined || !STATUSES.has(status) || partnerId === null) {
      throw new AppError('NOT_FOUND', `deal ${dealId} is not a partner registration`);
    }
    const before = registrationStateOfDeal(properties, status, settings, timeZone);
    const at = this.now();
    const event: RegistrationEvent = decision.type === 'reject'
      ? { type: 'reject', at: at.getTime(), reason: decision.reason }
      : { type: decision.type, at: at.getTime() };
    const after = applyRegistrationEvent(before, event, { settings, timeZone });

    const update: Record<string, string> = { pe_registration_status: after.status };
    if (decision.type !== 'extend') update.pe_registration_decided_at = new Date(after.decidedAt!).toISOString();
    if (after.expiresOn !== null) update.pe_registration_expires_on = after.expiresOn;
    if (after.rejectionReason !== null) update.pe_registration_rejection_reason = after.rejectionReason;
    // Decided after the deadline: breached, even if the breach job has not run (docs/registrations.md, "Decision deadline").
    const dueAt = properties.pe_registration_due_at ? new Date(properties.pe_registration_due_at).getTime() : Number.NaN;
    if (decision.type !== 'extend' && at.getTime() > dueAt) update.pe_registration_sla_breached = 'true';
    await client.call({ portalId, operation: 'deals.update' }, (sdk) => sdk.crm.deals.basicApi.update(dealId, { properties: update }));

    const companyIds = customerCompanyIds(deal, partnerId);
    await store.replaceDeals(portalId, [{
      dealId,
      deals: companyIds.map((companyId) => ({ dealId, companyId, isRegistration: true, state: 'open' as const, closedOn: null })),
      registration: {
        dealId,
        partnerId,
        companyId: companyIds[0] ?? null,
        status: after.status,
        submittedAt: new Date(before.submittedAt),
        expiresOn: after.expiresOn,
        decidedAt: after.decidedAt === null ? null : new Date(after.decidedAt),
      },
    }], at);
    if (decision.type === 'approve' && companyIds.length > 0) await this.protectDirectDeals(dealId, partnerId, companyIds, at);
    await this.options.recalculation?.enqueueCompanies(portalId, [partnerId]);
    if (after.status === 'approved' && after.expiresOn !== null) {
      await this.options.protection?.scheduleProtection(portalId, dealId, after.expiresOn, planProtectionSteps(after.expiresOn, settings, timeZone), at.getTime());
    }

    await audit.record({
      portalId,
      companyId: partnerId,
      actor,
      action: `registration.${after.status === before.status ? 'extended' : after.status}`,
      before: { registrationId: dealId, status: before.status, expiresOn: before.expiresOn },
      after: { registrationId: dealId, status: after.status, expiresOn: after.expiresOn, rejectionReason: after.rejectionReason },
      at: at.getTime(),
    });

    const contactId = deal.contactIds[0];
    const notified = contactId === undefined ? false : await this.notify(contactId, dealId, properties.dealname ?? `Registration ${dealId}`, decision, after);
    return {
      registrationId: dealId,
      status: after.status,
      decidedAt: after.decidedAt === null ? null : new Date(after.decidedAt).toISOString(),
      expiresOn: after.expiresOn,
      rejectionReason: after.rejectionReason,
      notified,
    };
  }

  /** Marks the customer's open direct deals with the partner now protecting it (docs/registrations.md, "Direct deals"). */
  private async protectDirectDeals(dealId: string, partnerId: string, companyIds: string[], at: Date): Promise<void> {
    const { client, portalId, store } = this.options;
    const direct = (await store.openDirectDeals(portalId, companyIds)).filter((id) => id !== dealId);
    if (direct.length === 0) return;
    await client.call({ portalId, operation: 'deals.batch.update' }, (sdk) =>
      sdk.crm.deals.batchApi.update({ inputs: direct.map((id) => ({ id, properties: { pe_protected_by_partner_id: partnerId } })) }),
    );
    await this.options.marks?.recordApprovalMarks(portalId, dealId, partnerId, direct, at);
  }

  private async notify(contactId: string, dealId: string, dealName: string, decision: RegistrationDecision, after: RegistrationState): Promise<boolean> {
    const { client, portalId, mail } = this.options;
    const contact = await client.call({ portalId, operation: 'contacts.read' }, (sdk) =>
      sdk.crm.contacts.basicApi.getById(contactId, ['email', 'firstname', 'lastname']),
    );
    const email = contact.properties.email?.trim();
    if (!email) {
      this.options.logger?.warn({ dealId, contactId }, 'registration decision not emailed: the submitter has no email address');
      return false;
    }
    const message = renderRegistrationDecisionEmail({
      to: email,
      contactId,
      firstName: contact.properties.firstname ?? null,
      lastName: contact.properties.lastname ?? null,
      dealName,
      decision: decision.type,
      expiresOn: after.expiresOn,
      reason: after.rejectionReason,
      reference: `registration-${dealId}-${decision.type}-${after.expiresOn ?? after.status}`,
    });
    try {
      await mail.send(message);
      return true;
    } catch (error) {
      // The decision stands: a mail server that refuses the message does not undo it.
      this.options.logger?.warn({ dealId, contactId, template: message.template, err: { message: (error as Error).message } }, 'registration decision not emailed');
      return false;
    }
  }
}
