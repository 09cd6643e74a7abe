import type { Program, TierId } from '../../program/program-schema.js';
import { dayNumberOf } from '../calendar-date.js';
import type { CalendarDate } from '../types.js';
import { compileTierRequirements, type CountedRequirement } from './compile-tier-requirements.js';
import type { PartnerMetrics, Shortfall } from './types.js';

function have(requirement: CountedRequirement, metrics: PartnerMetrics): number {
  switch (requirement) {
    case 'minCertifications':
      return metrics.validCertifications;
    case 'minCertifiedStaff':
      return metrics.certifiedStaff;
    case 'minRevenue12m':
      return metrics.revenue12m;
    case 'minNewLogos12m':
      return metrics.newLogos12m;
    case 'minStrategicWins12m':
      return metrics.strategicWins12m;
  }
}

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
  const requirements = compileTierRequirements(program)[tier];
  const shortfalls: Shortfall[] = [];
  for (const track of requirements.tracks) if (!metrics.completeTracks.has(track)) shortfalls.push({ requirement: 'tracks', track });
  for (const { requirement, needed } of requirements.counted) {
    const missing = needed - have(requirement, metrics);
    if (missing > 0) shortfalls.push({ requirement, missing });
  }
  if (requirements.agreementSigned && !agreementHolds(metrics.agreementSignedOn, asOf)) shortfalls.push({ requirement: 'agreementSigned' });
  if (requirements.activePipeline && metrics.openPipelineDeals < 1) shortfalls.push({ requirement: 'activePipeline' });
  return shortfalls;
}
