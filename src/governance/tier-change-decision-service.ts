import type { AuditActor, AuditTrail } from '../audit/audit-trail.js';
import { AppError } from '../errors.js';
import type { HubSpotClient } from '../hubspot/hubspot-client.js';
import { createRecordReader, type ReadHubSpotRecord } from '../hubspot/read-hubspot-record.js';
import { noteRecord } from '../hubspot/create-activities-in-batches.js';
import type { RecalculationEnqueuer } from '../jobs/recalculation-queue.js';
import type { Logger } from '../logger.js';
import { TIER_IDS, type Program, type TierOrNone } from '../program/program-schema.js';
import type { TierReviewReplanner } from './tier-review-queue.js';

/** What a person decides about a proposed tier change. */
export type TierChangeVerdict = 'approve' | 'reject';

export interface TierChangeDecisionRequest {
  decision: TierChangeVerdict;
  /** Why, in the person's words; kept on the note and in the audit trail. */
  reason?: string;
  /**
   * The proposed tier the person saw (the card's button says "Approve Gold"). When given and
   * HubSpot now holds another proposal, or none, the decision is refused rather than applied to
   * something the person did not see.
   */
  expectedTier?: TierOrNone;
}

/** What a decision left behind. */
export interface TierChangeDecisionResult {
  companyId: string;
  decision: TierChangeVerdict;
  /** `pe_tier` before and after. */
  tierBefore: TierOrNone;
  tierAfter: TierOrNone;
  /** The proposal that was decided. */
  proposedTier: TierOrNone;
  /** The note written on the company. */
  noteId: string;
}

/** Why a decision was refused (the `details` of its `INVALID_INPUT` error). */
export interface TierChangeRefusal {
  refused: 'tier_proposal';
  reason: 'nothing_proposed' | 'proposal_changed';
  /** The proposal HubSpot holds now (null when none). */
  proposed: TierOrNone | null;
}

export interface TierChangeDecisionOptions {
  client: HubSpotClient;
  portalId: string;
  program: Program;
  audit: AuditTrail;
  /** Re-evaluates the partner after an approval, so permissions follow the new tier at once. */
  recalculation?: Pick<RecalculationEnqueuer, 'enqueueCompanies'>;
  /**
   * The review job, asked after an approval to plan the partner's reviews by its new tier: it
   * alone writes `pe_next_tier_review` (docs/governance.md, "Review cadence").
   */
  reviews?: TierReviewReplanner;
  logger?: Logger;
  now?: () => Date;
}

const TIERS: readonly TierOrNone[] = ['none', ...TIER_IDS];
const READ_PROPERTIES = ['name', 'pe_is_partner', 'pe_tier', 'pe_tier_proposed'];

function tierOf(value: string | null | undefined): TierOrNone | null {
  const trimmed = value?.trim() ?? '';
  return TIERS.find((tier) => tier === trimmed) ?? null;
}

function refuse(message: string, refusal: TierChangeRefusal): never {
  throw new AppError('INVALID_INPUT', message, { details: refusal });
}

/** Whether an error is a refused tier decision (nothing proposed, or not what the caller saw). */
export function tierChangeRefusalOf(error: unknown): TierChangeRefusal | null {
  if (!(error instanceof AppError) || error.code !== 'INVALID_INPUT') return null;
  const details = error.details as Partial<TierChangeRefusal> | undefined;
  return details?.refused === 'tier_proposal' ? (details as TierChangeRefusal) : null;
}

/**
 * A person's decision on the tier a quarter close proposed (docs/governance.md, "Approval").
 * Approve: `pe_tier` becomes the proposed tier and `pe_tier_proposed` is cleared. Reject: only the
 * proposal is cleared. Either way a note on the company says who decided what and why, and the
 * audit trail keeps the tier and proposal before and after. A company with nothing proposed, or a
 * proposal other than `expectedTier`, is refused (`INVALID_INPUT` with a `TierChangeRefusal`).
 *
 * HubSpot calls: one company read, one company update, one note create.
 */
export class TierChangeDecisionService {
  private readonly now: () => Date;
  private readonly readCompany: ReadHubSpotRecord;

  constructor(private readonly options: TierChangeDecisionOptions) {
    this.now = options.now ?? (() => new Date());
    this.readCompany = createRecordReader({ client: options.client, portalId: options.portalId, objectType: 'companies', properties: READ_PROPERTIES });
  }

  async decideTierChange(companyId: string, request: TierChangeDecisionRequest, actor: AuditActor): Promise<TierChangeDecisionResult> {
    const { client, portalId, audit } = this.options;
    if (!/^\d+$/.test(companyId)) throw new AppError('INVALID_INPUT', `company id "${companyId}" is not a record id`);
    const company = await this.readCompany(companyId);
    if (!company) throw new AppError('NOT_FOUND', `Company ${companyId} does not exist in this HubSpot portal.`);
    const tierBefore = tierOf(company.properties.pe_tier) ?? 'none';
    const proposed = tierOf(company.properties.pe_tier_proposed);
    if (proposed === null) {
      refuse(`Nothing is proposed for ${company.properties.name ?? `company ${companyId}`}: there is no tier change to ${request.decision}.`, {
        refused: 'tier_proposal',
        reason: 'nothing_proposed',
        proposed: null,
      });
    }
    if (request.expectedTier !== undefined && request.expectedTier !== proposed) {
      refuse(`The proposal changed: ${this.tierName(proposed)} is proposed now, not ${this.tierName(request.expectedTier)}. Look at the partner again before deciding.`, {
        refused: 'tier_proposal',
        reason: 'proposal_changed',
        proposed,
      });
    }

    const tierAfter = request.decision === 'approve' ? proposed : tierBefore;
    const update: Record<string, string> = { pe_tier_proposed: '' };
    if (request.decision === 'approve') update.pe_tier = proposed;
    await client.call({ portalId, operation: 'companies.update' }, (sdk) => sdk.crm.companies.basicApi.update(companyId, { properties: update }));

    const at = this.now().getTime();
    const reason = request.reason?.trim() || null;
    const noteId = await this.writeNote(companyId, request.decision, tierBefore, proposed, reason, actor, at);
    await audit.record({
      portalId,
      companyId,
      actor,
      action: request.decision === 'approve' ? 'tier.proposal-approved' : 'tier.proposal-rejected',
      before: { tier: tierBefore, proposedTier: proposed },
      after: { tier: tierAfter, proposedTier: null, reason },
      at,
    });
    if (request.decision === 'approve' && tierAfter !== tierBefore) {
      await this.options.recalculation?.enqueueCompanies(portalId, [companyId]);
      await this.options.reviews?.replan(portalId, [companyId]);
    }
    this.options.logger?.info({ portalId, companyId, decision: request.decision, tierBefore, tierAfter }, 'tier change decided');
    return { companyId, decision: request.decision, tierBefore, tierAfter, proposedTier: proposed, noteId };
  }

  private tierName(tier: TierOrNone | null): string {
    if (tier === null) return 'nothing';
    return tier === 'none' ? 'no tier' : this.options.program.tiers[tier].name;
  }

  private async writeNote(
    companyId: string,
    decision: TierChangeVerdict,
    before: TierOrNone,
    proposed: TierOrNone,
    reason: string | null,
    actor: AuditActor,
    at: number,
  ): Promise<string> {
    const { client, portalId } = this.options;
    const by = actor.type === 'workflow' ? `a workflow${actor.id ? ` (${actor.id})` : ''}` : actor.type === 'hubspot-user' ? 'a HubSpot user' : actor.type;
    const headline = decision === 'approve'
      ? `Tier change approved: ${this.tierName(before)} → ${this.tierName(proposed)}.`
      : `Tier change rejected: the partner stays ${this.tierName(before)} (${this.tierName(proposed)} was proposed).`;
    const body = [headline, reason ? `Reason: ${reason}` : null, `Decided by ${by}.`].filter(Boolean).join('\n');
    const created = await client.call({ portalId, operation: 'notes.create' }, (sdk) =>
      sdk.crm.objects.notes.basicApi.create(noteRecord({ body, at, companyId }) as Parameters<typeof sdk.crm.objects.notes.basicApi.create>[0]),
    );
    return String(created.id);
  }
}
