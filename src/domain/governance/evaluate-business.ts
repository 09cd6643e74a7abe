import type { Program, TierOrNone, TrackId } from '../../program/program-schema.js';
import { isValidStatus } from '../certification-status.js';
import type { BusinessFigures, CalendarDate, HeldCertification, PartnerSnapshot } from '../types.js';
import { calculatePartnerHealth } from './calculate-partner-health.js';
import type { DealFact } from './deal-fact.js';
import { summarizePartnerDeals } from './summarize-partner-deals.js';
import type { PartnerMetrics } from './types.js';

/** A partner's deals as the evaluation reads them (from the deal-facts mirror, never HubSpot). */
export interface PartnerDeals {
  /** The partner's own deals (others are skipped). */
  deals: Iterable<DealFact>;
  /** Customer company id → the deal id of its first win by anyone (see `firstWinsByCustomer`). */
  firstWins: ReadonlyMap<string, string>;
  /** The company currency (ISO 4217) of the amounts. */
  currency: string;
}

/** Associated contacts holding at least one valid certification. */
function countCertifiedStaff(certifications: readonly HeldCertification[]): number {
  const staff = new Set<string>();
  for (const held of certifications) if (isValidStatus(held.status)) staff.add(held.contactId);
  return staff.size;
}

/**
 * The metrics the tier requirements read (docs/governance.md, "Requirements"), from the
 * enablement figures the evaluation already has and one pass over the partner's deals.
 */
export function partnerMetricsOf(
  snapshot: PartnerSnapshot,
  enablement: { certifications: readonly HeldCertification[]; completeTracks: ReadonlySet<TrackId>; validCertifications: number },
  deals: PartnerDeals,
  asOf: CalendarDate,
): { metrics: PartnerMetrics; summary: ReturnType<typeof summarizePartnerDeals> } {
  const summary = summarizePartnerDeals(snapshot.companyId, deals.deals, deals.firstWins, asOf, snapshot.timeZone);
  const metrics: PartnerMetrics = {
    completeTracks: enablement.completeTracks,
    validCertifications: enablement.validCertifications,
    certifiedStaff: countCertifiedStaff(enablement.certifications),
    agreementSignedOn: snapshot.agreementSignedOn ?? null,
    revenue12m: summary.revenue12m,
    newLogos12m: summary.newLogos12m,
    openPipelineDeals: summary.openPipelineDeals,
    strategicWins12m: summary.strategicWins12m,
  };
  return { metrics, summary };
}

/**
 * The tier a partner holds after an evaluation with its deals: in `instant` governance the tier
 * it qualifies for; in `quarterly` governance the official tier HubSpot holds (it moves only at a
 * quarter close), or the qualified tier for a partner that has none yet.
 */
export function tierHeld(qualified: TierOrNone, snapshot: PartnerSnapshot, program: Program): TierOrNone {
  if (program.governance.mode === 'quarterly' && snapshot.officialTier) return snapshot.officialTier;
  return qualified;
}

/** The business figures of an evaluation: qualification, the written figures and partner health. */
export function businessFiguresOf(
  input: { snapshot: PartnerSnapshot; metrics: PartnerMetrics; summary: ReturnType<typeof summarizePartnerDeals>; qualifiedTier: TierOrNone; tier: TierOrNone; score: number; currency: string; asOf: CalendarDate },
  program: Program,
): BusinessFigures {
  const { metrics, summary } = input;
  const health = calculatePartnerHealth(
    {
      officialTier: input.tier,
      revenue12m: summary.revenue12m,
      openPipeline: summary.openPipeline,
      wonDeals12m: summary.wonDeals12m,
      lostDeals12m: summary.lostDeals12m,
      readinessScore: input.score,
      lastEnablementActivity: input.snapshot.lastEnablementActivity,
      asOf: input.asOf,
    },
    program.governance.health,
  );
  return {
    qualifiedTier: input.qualifiedTier,
    certifiedStaff: metrics.certifiedStaff,
    revenue12m: summary.revenue12m,
    newLogos12m: summary.newLogos12m,
    strategicWins12m: summary.strategicWins12m,
    wonDeals12m: summary.wonDeals12m,
    lostDeals12m: summary.lostDeals12m,
    openPipelineDeals: summary.openPipelineDeals,
    openPipeline: summary.openPipeline,
    currency: input.currency,
    health,
  };
}
