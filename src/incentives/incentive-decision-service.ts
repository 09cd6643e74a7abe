import type { AuditActor, AuditTrail } from '../audit/audit-trail.js';
import { evaluateLoadedPartner } from '../cards/load-evaluated-partner.js';
import type { HubSpotRecord } from '../hubspot/hubspot-record.js';
import { AppError } from '../errors.js';
import { todayIn } from '../domain/calendar-date.js';
import { formatMoney } from '../domain/money/format-money.js';
import type { PartnerRepository } from '../hubspot/partner-repository.js';
import type { Logger } from '../logger.js';
import type { MailSender } from '../mail/mail-sender.js';
import { renderIncentiveDecisionEmail } from '../mail/render-incentive-decision-email.js';
import { TIER_IDS, type Program, type TierOrNone } from '../program/program-schema.js';
import { decideIncentiveRequest, type DecisionOutcome, type IncentiveDecision } from './decide-incentive-request.js';
import { requestTitle } from './describe-incentives-for-page.js';
import type { IncentiveRequest, IncentiveRequestStore } from './incentive-request-store.js';
import type { IncentiveDeadlineQueue } from './incentive-deadline-queue.js';
import { incentiveDueDate } from '../domain/incentives/incentive-due-date.js';
import { requestStatus, type IncentiveRequestStatus } from './request-ledger-line.js';

export interface IncentiveDecisionServiceOptions {
  store: IncentiveRequestStore;
  repository: Pick<PartnerRepository, 'loadPartners'>;
  program: Program;
  audit: AuditTrail;
  mail: MailSender;
  logger?: Logger;
  portalId: string;
  currency: string;
  /** Where an approval's payment deadline is scheduled; without it none is. */
  deadlines?: Pick<IncentiveDeadlineQueue, 'schedule'>;
  now?: () => number;
}

/** A request as the partner card lists it. */
export interface PendingIncentiveRequest {
  requestId: string;
  type: IncentiveRequest['type'];
  title: string;
  amount: string | null;
  status: IncentiveRequestStatus;
  submittedAt: string;
}

/** What a decision left behind. */
export type IncentiveDecisionResult = DecisionOutcome & { notified?: boolean };

/**
 * A person's decisions on incentive requests (docs/incentives.md, "Decisions"), from the partner
 * card or the *Decide partner incentive* action: the ledger rows are appended, the decision is
 * audited and the contact who submitted the request is emailed.
 */
export class IncentiveDecisionService {
  private readonly now: () => number;

  constructor(private readonly options: IncentiveDecisionServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The partner's requests still waiting for a person: pending ones, and approved ones not yet paid. */
  async openRequests(companyId: string): Promise<PendingIncentiveRequest[]> {
    const { store, portalId } = this.options;
    const [requests, rows] = await Promise.all([store.requestsOf(portalId, companyId, 200), store.ledgerOf(portalId, companyId)]);
    return requests
      .map((request) => ({ request, status: requestStatus(request, rows) }))
      .filter(({ request, status }) => status === 'pending' || (status === 'approved' && request.type !== 'mdf_request'))
      .map(({ request, status }) => ({
        requestId: request.id,
        type: request.type,
        title: requestTitle(request.type, request.details),
        amount: request.amount ? formatMoney(request.amount) : null,
        status,
        submittedAt: new Date(request.submittedAt).toISOString(),
      }));
  }

  async decide(requestId: string, decision: IncentiveDecision, reason: string | null, actor: AuditActor, companyId?: string): Promise<IncentiveDecisionResult> {
    const { store, portalId, program, audit } = this.options;
    const request = await store.request(portalId, requestId);
    // From a card, the request must be the card's company's.
    if (!request || (companyId !== undefined && request.partnerId !== companyId)) return { outcome: 'not_found' };
    const { partners } = await this.options.repository.loadPartners([request.partnerId]);
    const loaded = partners[0];
    if (!loaded) throw new AppError('NOT_FOUND', `Company ${request.partnerId} does not exist in this HubSpot portal.`);
    const { company, snapshot } = evaluateLoadedPartner(loaded.company, loaded.contacts, program, this.now());
    const tier = company.properties.pe_tier ?? '';
    const officialTier: TierOrNone = (TIER_IDS as readonly string[]).includes(tier) ? (tier as TierOrNone) : 'none';
    const today = todayIn(snapshot.timeZone, this.now());
    const result = await decideIncentiveRequest(
      { store, program },
      {
        portalId,
        requestId,
        decision,
        reason,
        actor: { type: actor.type === 'hubspot-user' ? 'user' : actor.type === 'workflow' ? 'workflow' : 'operator', id: actor.id ?? actor.type },
        today,
        officialTier,
        currency: this.options.currency,
      },
    );
    if (result.outcome === 'not_found') return result;
    await audit.record({
      portalId,
      companyId: request.partnerId,
      ...(request.contactId ? { contactId: request.contactId } : {}),
      actor,
      action: result.outcome === 'decided' ? 'incentive.decided' : 'incentive.decision-refused',
      after: result.outcome === 'decided'
        ? { requestId, type: request.type, decision, status: result.status, amountMinor: result.amount.amountMinor, currency: result.amount.currency, added: result.added, ...(decision === 'reject' ? { reason } : {}) }
        : { requestId, type: request.type, decision, message: result.message },
    });
    // An approval starts the payment clock; an MDF request is paid through its claim.
    if (result.outcome === 'decided' && result.added > 0 && decision === 'approve' && request.type !== 'mdf_request' && this.options.deadlines) {
      await this.options.deadlines.schedule(portalId, requestId, 'payment', incentiveDueDate('payment', today, program.incentives), snapshot.timeZone, this.now());
    }
    if (result.outcome !== 'decided' || result.added === 0 || !request.contactId) return result;
    const contact = loaded.contacts.find((candidate) => candidate.id === request.contactId);
    const notified = await this.notify(contact, request, decision, reason, result.amount.amountMinor === 0 ? null : formatMoney(result.amount));
    return { ...result, notified };
  }

  private async notify(record: HubSpotRecord | undefined, request: IncentiveRequest, decision: IncentiveDecision, reason: string | null, amount: string | null): Promise<boolean> {
    const { portalId, mail, logger } = this.options;
    const email = record?.properties.email?.trim();
    if (!record || !email) {
      logger?.warn({ portalId, requestId: request.id, contactId: request.contactId }, 'incentive decision not emailed: the submitter has no email address');
      return false;
    }
    try {
      await mail.send(renderIncentiveDecisionEmail({
        to: email,
        contactId: record.id,
        firstName: record.properties.firstname ?? null,
        lastName: record.properties.lastname ?? null,
        title: requestTitle(request.type, request.details),
        decision,
        amount,
        reason,
        reference: `${request.id}:${decision}`,
      }));
      return true;
    } catch (error) {
      // The decision stands: a mail server that refuses the message does not undo it.
      logger?.warn({ portalId, requestId: request.id, err: { message: (error as Error).message } }, 'incentive decision not emailed');
      return false;
    }
  }
}
