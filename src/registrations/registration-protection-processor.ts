import type { AuditTrail } from '../audit/audit-trail.js';
import { applyRegistrationEvent } from '../domain/registrations/apply-registration-event.js';
import type { CalendarDate } from '../domain/types.js';
import { BATCH_LIMITS } from '../hubspot/batch-limits.js';
import type { HubSpotClient } from '../hubspot/hubspot-client.js';
import type { RecalculationEnqueuer } from '../jobs/recalculation-queue.js';
import type { Logger } from '../logger.js';
import type { MailSender } from '../mail/mail-sender.js';
import { renderProtectionNoticeEmail } from '../mail/render-protection-notice-email.js';
import type { RegistrationSettings } from '../program/registration-settings.js';
import type { ConflictIndexStore } from './conflict-index-store.js';
import type { ProtectedDealStore } from './protected-deal-store.js';
import { RegistrationStepStore } from './registration-step-store.js';
import { customerCompanyIds, readRegistrationDeal } from './read-registration-deal.js';
import { registrationStateOfDeal } from './registration-state-of-deal.js';

export interface RegistrationProtectionProcessorOptions {
  client: HubSpotClient;
  store: ConflictIndexStore;
  audit: AuditTrail;
  mail: MailSender;
  logger?: Logger;
  portalId: string;
  settings: RegistrationSettings;
  /** The portal's time zone: "today" follows it. */
  timeZone: string;
  /** The direct deals the registration marked, cleared at its expiry. */
  marks?: Pick<ProtectedDealStore, 'marksToClear' | 'recordCleared'>;
  /** Where the notice is recorded as sent, so a notice planned again after a Redis loss is not sent twice. */
  steps?: RegistrationStepStore;
  /**
   * Where the registration's partner is queued for recalculation, so its registration counts
   * (docs/registrations.md, "Registration counts") follow; without it nothing is queued.
   */
  recalculation?: Pick<RecalculationEnqueuer, 'enqueueCompanies'>;
  now?: () => Date;
}

/** What one protection step did: `skipped` when the registration is no longer approved with that expiry. */
export type ProtectionStepResult = { step: 'notice' | 'expire'; outcome: 'skipped' | 'done' };


/**
 * Runs the end of an approved registration's protection when its delayed job comes due
 * (docs/registrations.md, "Protection"): the notice emails the partner who submitted it; the
 * expiry takes the `expire` step (status expired, the index updated, audited). A registration won,
 * lost or extended since the job was planned is left alone.
 */
export class RegistrationProtectionProcessor {
  private readonly now: () => Date;

  constructor(private readonly options: RegistrationProtectionProcessorOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async runStep(dealId: string, step: 'notice' | 'expire', expiresOn: CalendarDate): Promise<ProtectionStepResult> {
    const { client, portalId, settings, timeZone } = this.options;
    const deal = await readRegistrationDeal(client, portalId, dealId);
    const partnerId = deal.properties.pe_partner_company_id?.trim() || null;
    if (deal.properties.pe_registration_status?.trim() !== 'approved' || partnerId === null) return { step, outcome: 'skipped' };
    const state = registrationStateOfDeal(deal.properties, 'approved', settings, timeZone);
    if (state.expiresOn !== expiresOn) return { step, outcome: 'skipped' };
    const name = deal.properties.dealname ?? `Registration ${dealId}`;
    if (step === 'notice') {
      const contactId = deal.contactIds[0];
      const canExtend = state.extensionsUsed < settings.maxExtensions;
      const steps = this.options.steps;
      if (!steps) {
        if (contactId !== undefined) await this.notify(contactId, dealId, name, expiresOn, canExtend);
        return { step, outcome: 'done' };
      }
      // Recorded in PostgreSQL before the email (docs/registrations.md, "Clocks after a Redis loss"):
      // a run killed after claiming leaves the notice unsent rather than sent twice.
      const key = RegistrationStepStore.noticeStep(expiresOn);
      const claim = await steps.claim(portalId, dealId, key, this.now());
      if (claim.state === 'done' || claim.state === 'taken-over') {
        if (claim.state === 'taken-over') await steps.finish(portalId, dealId, key, null, this.now());
        return { step, outcome: 'skipped' };
      }
      if (claim.state === 'busy') throw new Error(`registration ${dealId} notice: another run holds the step`);
      try {
        if (contactId !== undefined) await this.notify(contactId, dealId, name, expiresOn, canExtend);
      } catch (error) {
        await steps.release(portalId, dealId, key);
        throw error;
      }
      await steps.finish(portalId, dealId, key, null, this.now());
      return { step, outcome: 'done' };
    }
    const at = this.now();
    const after = applyRegistrationEvent(state, { type: 'expire', at: at.getTime() }, { settings, timeZone });
    await client.call({ portalId, operation: 'deals.update' }, (sdk) => sdk.crm.deals.basicApi.update(dealId, { properties: { pe_registration_status: after.status } }));
    const companyIds = customerCompanyIds(deal, partnerId);
    await this.options.store.replaceDeals(portalId, [{
      dealId,
      deals: companyIds.map((companyId) => ({ dealId, companyId, isRegistration: true, state: 'open' as const, closedOn: null })),
      registration: { dealId, partnerId, companyId: companyIds[0] ?? null, status: after.status, submittedAt: new Date(state.submittedAt), expiresOn, decidedAt: state.decidedAt === null ? null : new Date(state.decidedAt) },
    }], at);
    const cleared = await this.clearMarks(dealId, at);
    await this.options.recalculation?.enqueueCompanies(portalId, [partnerId]);
    await this.options.audit.record({
      portalId,
      companyId: partnerId,
      actor: { type: 'system' },
      action: 'registration.expired',
      before: { registrationId: dealId, status: 'approved', expiresOn },
      after: { registrationId: dealId, status: after.status, expiresOn, ...(cleared.length > 0 ? { unprotectedDeals: cleared } : {}) },
      at: at.getTime(),
    });
    return { step, outcome: 'done' };
  }

  /**
   * The direct deals this registration marked lose `pe_protected_by_partner_id` (emptied, in one
   * batch update per 100), except those another still approved registration also marked
   * (docs/registrations.md, "Direct deals").
   */
  private async clearMarks(registrationId: string, at: Date): Promise<string[]> {
    const { client, portalId, marks } = this.options;
    if (!marks) return [];
    const dealIds = await marks.marksToClear(portalId, registrationId);
    for (let start = 0; start < dealIds.length; start += BATCH_LIMITS.objects) {
      const inputs = dealIds.slice(start, start + BATCH_LIMITS.objects).map((id) => ({ id, properties: { pe_protected_by_partner_id: '' } }));
      await client.call({ portalId, operation: 'deals.batch.update' }, (sdk) => sdk.crm.deals.batchApi.update({ inputs }));
    }
    await marks.recordCleared(portalId, registrationId, at);
    return dealIds;
  }

  private async notify(contactId: string, dealId: string, dealName: string, expiresOn: CalendarDate, canExtend: boolean): Promise<void> {
    const { client, portalId, mail } = this.options;
    const contact = await client.call({ portalId, operation: 'contacts.read' }, (sdk) =>
      sdk.crm.contacts.basicApi.getById(contactId, ['email', 'firstname', 'lastname']),
    );
    const email = contact.properties.email?.trim();
    if (!email) {
      this.options.logger?.warn({ dealId, contactId }, 'protection notice not emailed: the submitter has no email address');
      return;
    }
    await mail.send(renderProtectionNoticeEmail({
      to: email,
      contactId,
      firstName: contact.properties.firstname ?? null,
      lastName: contact.properties.lastname ?? null,
      dealName,
      expiresOn,
      canExtend,
      reference: `registration-${dealId}-notice-${expiresOn}`,
    }));
  }
}
