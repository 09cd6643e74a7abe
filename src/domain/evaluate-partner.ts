import type { Program, TrackId } from '../program/program-schema.js';
import { AppError } from '../errors.js';
import { assessTrackProgress } from './assess-track-progress.js';
import { calculateReadinessScore } from './calculate-readiness-score.js';
import { isCalendarDate } from './calendar-date.js';
import { isValidStatus } from './certification-status.js';
import { describeFutureCertifications } from './describe-future-certifications.js';
import { determineTier } from './determine-tier.js';
import { businessFiguresOf, partnerMetricsOf, tierHeld, type PartnerDeals } from './governance/evaluate-business.js';
import { identifyBusinessGaps } from './governance/identify-business-gaps.js';
import { qualifyTier } from './governance/qualify-tier.js';
import { orderGaps } from './order-gaps.js';
import { evaluateContacts } from './evaluate-contacts.js';
import { grantPermissions } from './grant-permissions.js';
import { hasRecentActivity } from './has-recent-activity.js';
import { identifyEnablementGaps } from './identify-enablement-gaps.js';
import { listHeldCertifications } from './list-held-certifications.js';
import { nextTier, pointsToNextTier } from './next-tier.js';
import { selectTargetTier } from './select-target-tier.js';
import type { BusinessFigures, CalendarDate, Gap, PartnerEvaluation, PartnerSnapshot, HeldCertification } from './types.js';

/**
 * Everything the rules of docs/rules.md derive for one partner on the calendar date `asOf` (today in
 * the partner's time zone: see {@link todayIn}). Pure: the same snapshot, program and date always
 * give the same evaluation. Throws `INVALID_INPUT` when `asOf` is not a `YYYY-MM-DD` date.
 *
 * With the partner's `deals`, the tier is qualified with the business requirements as well
 * (docs/governance.md, "Requirements"), gaps name what the target tier still misses, and the
 * evaluation carries the business figures and partner health. A program without business
 * requirements qualifies exactly the tier the enablement rules give.
 */
export function evaluatePartner(snapshot: PartnerSnapshot, program: Program, asOf: CalendarDate, deals?: PartnerDeals): PartnerEvaluation {
  if (!isCalendarDate(asOf)) throw new AppError('INVALID_INPUT', `asOf "${asOf}" is not a YYYY-MM-DD date`);
  const contacts = snapshot.contacts ?? [];
  const certifications = listHeldCertifications(contacts, program, asOf);
  let validCertifications = 0;
  let certificationsExpiring30d = 0;
  for (const held of certifications) {
    if (isValidStatus(held.status)) validCertifications += 1;
    if (held.status === 'expiring') certificationsExpiring30d += 1;
  }
  const tracks = assessTrackProgress(snapshot, program);
  const completeTracks = new Set<TrackId>(tracks.filter((t) => t.complete).map((t) => t.track));
  const recentActivity = hasRecentActivity(snapshot.lastEnablementActivity, asOf, program);
  const score = calculateReadinessScore({ tracks, validCertifications, recentActivity }, program);
  const business = deals ? businessOf(snapshot, { certifications, completeTracks, validCertifications }, deals, asOf, program) : undefined;
  const tier = business ? business.tier : determineTier({ completeTracks, validCertifications }, program);
  const targetTier = selectTargetTier(tier, snapshot.targetTier);
  let gaps: Gap[] = identifyEnablementGaps({ tier, targetTier, tracks, certifications, validCertifications }, program);
  let figures: BusinessFigures | undefined;
  if (business) {
    const { metrics, summary, qualified } = business;
    gaps = orderGaps([...gaps, ...identifyBusinessGaps({ tier, targetTier, metrics, asOf, currency: deals!.currency }, program)]);
    figures = businessFiguresOf({ snapshot, metrics, summary, qualifiedTier: qualified, tier, score, currency: deals!.currency, asOf }, program);
  }
  return {
    companyId: snapshot.companyId,
    asOf,
    score,
    tier,
    nextTier: nextTier(tier),
    pointsToNextTier: pointsToNextTier(tier, score, program),
    permissions: grantPermissions(tier, program),
    targetTier,
    validCertifications,
    certificationsExpiring30d,
    certifications,
    tracks,
    gaps,
    contacts: evaluateContacts(contacts, certifications),
    warnings: describeFutureCertifications(contacts, Object.keys(program.certifications), asOf),
    ...(figures ? { business: figures } : {}),
  };
}

function businessOf(
  snapshot: PartnerSnapshot,
  enablement: { certifications: readonly HeldCertification[]; completeTracks: ReadonlySet<TrackId>; validCertifications: number },
  deals: PartnerDeals,
  asOf: CalendarDate,
  program: Program,
) {
  const { metrics, summary } = partnerMetricsOf(snapshot, enablement, deals, asOf);
  const qualified = qualifyTier(program, metrics, asOf);
  return { metrics, summary, qualified, tier: tierHeld(qualified, snapshot, program) };
}
