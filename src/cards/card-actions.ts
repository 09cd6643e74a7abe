import type { AssignTrainingResponse, DecideIncentiveResponse, DecideTierChangeRequest, IncentiveDecision } from '../../extensions/app/cards/card-data.js';
import type { IncentiveDecisionService } from '../incentives/incentive-decision-service.js';
import { AppError } from '../errors.js';
import type { TierChangeDecisionResult, TierChangeDecisionService } from '../governance/tier-change-decision-service.js';
import type { TrackId } from '../program/program-schema.js';
import type { PartnerRecalculator } from '../recalculation/recalculate-partners.js';
import type { Training } from '../training/create-training.js';

/** A card's request to offer a track, as the route hands it to the service. */
export interface CardTrainingRequest {
  portalId: string;
  companyId: string;
  contactId: string;
  track: TrackId;
}

/** What the card actions need from the services that write. */
export interface CardActions {
  /**
   * Evaluates the partner now and writes the outputs that changed (the same path as a
   * webhook-triggered evaluation). Resolves whether anything changed; throws `NOT_FOUND` for a
   * company the portal does not have.
   */
  recalculatePartner(companyId: string): Promise<{ changed: boolean }>;
  /**
   * Offers a track to a contact of the company: marks it pending and asks for consent. Throws
   * `TRACK_LIMIT` when the contact already has the maximum number of active tracks, `FORBIDDEN`
   * when the contact is not associated with the company, `NOT_FOUND` for an unknown record.
   */
  assignTraining(request: CardTrainingRequest): Promise<AssignTrainingResponse>;
  /**
   * Approves or rejects the partner's proposed tier (docs/governance.md, "Approval"). Throws
   * `INVALID_INPUT` when nothing is proposed or another tier is proposed than the card showed.
   */
  decideTierChange(companyId: string, request: DecideTierChangeRequest): Promise<TierChangeDecisionResult>;

  /**
   * Approves, rejects or marks paid one of the company's incentive requests, and answers with the
   * requests still open. Absent when the installation keeps no incentive requests.
   */
  decideIncentive?(request: CardIncentiveDecision): Promise<DecideIncentiveResponse>;
}

/** A card's decision on an incentive request. */
export interface CardIncentiveDecision {
  companyId: string;
  requestId: string;
  decision: IncentiveDecision;
  reason: string | null;
}

export interface CardActionsDependencies {
  portalId: string;
  recalculator: Pick<PartnerRecalculator, 'recalculatePartners'>;
  /** Training offers with consent (the product's `assignTraining`). */
  training: Pick<Training, 'assignTraining'>;
  /** Decisions on proposed tier changes. */
  tierDecisions: Pick<TierChangeDecisionService, 'decideTierChange'>;
  /** Decisions on incentive requests; without it the card cannot decide them. */
  incentives?: Pick<IncentiveDecisionService, 'decide' | 'openRequests'>;
}

/**
 * Decides an incentive request from the card (docs/incentives.md, "Decisions"): only a request of
 * the card's company; a refused step is an answer, not an error.
 */
export function decideIncentiveFromCard(incentives: Pick<IncentiveDecisionService, 'decide' | 'openRequests'>): NonNullable<CardActions['decideIncentive']> {
  return async (request) => {
    const result = await incentives.decide(request.requestId, request.decision, request.reason, { type: 'hubspot-user' }, request.companyId);
    if (result.outcome === 'not_found') throw new AppError('NOT_FOUND', `Request ${request.requestId} is not one of this company's incentive requests.`);
    const open = await incentives.openRequests(request.companyId);
    if (result.outcome === 'refused') return { outcome: 'refused', status: null, message: result.message, open };
    const done = { approve: 'Approved', reject: 'Rejected', pay: 'Marked paid' }[request.decision];
    const mailed = result.notified === false ? ' The contact who asked has no email address.' : result.notified ? ' The contact who asked was emailed.' : '';
    return { outcome: 'decided', status: result.status, message: `${done}.${mailed}`, open };
  };
}

/**
 * Offers a track from the card: the contact must be associated with the card's company
 * (`FORBIDDEN` otherwise). Cards do not say which HubSpot user clicked, so the audit trail names a
 * HubSpot user without an id.
 */
export function assignTrainingFromCard(training: Pick<Training, 'assignTraining'>): CardActions['assignTraining'] {
  return async (request) => {
    const result = await training.assignTraining({
      portalId: request.portalId,
      companyId: request.companyId,
      contactId: request.contactId,
      track: request.track,
      actor: { type: 'hubspot-user' },
    });
    return { outcome: result.outcome, contactId: result.contactId, track: result.track, consentRequestedFrom: result.consentRequestedFrom };
  };
}

/** The card actions over the product's recalculation and training assignment. */
export function createCardActions(deps: CardActionsDependencies): CardActions {
  return {
    async recalculatePartner(companyId) {
      const report = await deps.recalculator.recalculatePartners(deps.portalId, [companyId]);
      if (report.missing.includes(companyId)) throw new AppError('NOT_FOUND', `Company ${companyId} does not exist in this HubSpot portal.`);
      const failure = report.failed.find((failed) => failed.companyId === companyId);
      if (failure) throw new AppError('HUBSPOT_REJECTED', `HubSpot refused the partner's outputs: ${failure.reason}`);
      return { changed: report.written.includes(companyId) || report.contactsWritten > 0 };
    },
    assignTraining: assignTrainingFromCard(deps.training),
    // Cards do not say which HubSpot user clicked: the audit trail names a HubSpot user without an id.
    decideTierChange: (companyId, request) =>
      deps.tierDecisions.decideTierChange(
        companyId,
        { decision: request.decision, expectedTier: request.expectedTier, ...(request.reason ? { reason: request.reason } : {}) },
        { type: 'hubspot-user' },
      ),
    ...(deps.incentives ? { decideIncentive: decideIncentiveFromCard(deps.incentives) } : {}),
  };
}
