import { TIER_IDS, type Program, type TierId } from '../../program/program-schema.js';
import { dayNumberOf } from '../calendar-date.js';
import { tierRank } from '../tier-requirements.js';
import type { CalendarDate } from '../types.js';
import type { PartnerMetrics, Shortfall } from './types.js';

const COUNTED = ['minCertifications', 'minCertifiedStaff', 'minRevenue12m', 'minNewLogos12m', 'minStrategicWins12m'] as const;
type Counted = (typeof COUNTED)[number];

const HAVE: Record<Counted, (metrics: PartnerMetrics) => number> = {
  minCertifications: (metrics) => metrics.validCertifications,
  minCertifiedStaff: (metrics) => metrics.certifiedStaff,
  minRevenue12m: (metrics) => metrics.revenue12m,
  minNewLogos12m: (metrics) => metrics.newLogos12m,
  minStrategicWins12m: (metrics) => metrics.strategicWins12m,
};

function agreementHolds(signedOn: CalendarDate | null, asOf: CalendarDate): boolean {
  if (signedOn === null) return false;
  const signed = dayNumberOf(signedOn);
  return !Number.isNaN(signed) && signed <= dayNumberOf(asOf);
}

/**
 * Every requirement of `tier` (its own and those of every tier below it: docs/governance.md,
 * "Requirements") that the partner's metrics do not meet on `asOf`, with the amount missing.
 * Empty when the partner qualifies for the tier. Tracks come first in the order tiers introduce
 * them, then the counted requirements, then agreement and pipeline.
 */
export function requirementShortfalls(tier: TierId, program: Program, metrics: PartnerMetrics, asOf: CalendarDate): Shortfall[] {
  const tiers = TIER_IDS.slice(0, tierRank(tier) + 1).map((id) => program.tiers[id]);
  const shortfalls: Shortfall[] = [];
  const tracks = [...new Set(tiers.flatMap((definition) => definition.requiredTracks))];
  for (const track of tracks) if (!metrics.completeTracks.has(track)) shortfalls.push({ requirement: 'tracks', track });
  for (const requirement of COUNTED) {
    const needed = Math.max(0, ...tiers.map((definition) => definition[requirement] ?? 0));
    const missing = needed - HAVE[requirement](metrics);
    if (missing > 0) shortfalls.push({ requirement, missing });
  }
  if (tiers.some((definition) => definition.agreementSigned === true) && !agreementHolds(metrics.agreementSignedOn, asOf)) {
    shortfalls.push({ requirement: 'agreementSigned' });
  }
  if (tiers.some((definition) => definition.activePipeline === true) && metrics.openPipelineDeals < 1) {
    shortfalls.push({ requirement: 'activePipeline' });
  }
  return shortfalls;
}
