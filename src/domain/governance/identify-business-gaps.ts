import type { Program, TierId, TierOrNone } from '../../program/program-schema.js';
import { nextTier } from '../next-tier.js';
import type { BusinessShortfall, CalendarDate, Gap } from '../types.js';
import { requirementShortfalls } from './requirement-shortfalls.js';
import type { PartnerMetrics, Shortfall } from './types.js';

function isBusiness(shortfall: Shortfall): shortfall is Shortfall & BusinessShortfall {
  return shortfall.requirement !== 'tracks' && shortfall.requirement !== 'minCertifications';
}

/**
 * The business requirements of the target tier the partner does not meet (docs/governance.md,
 * "Requirements"), as gaps naming what is missing. Tracks and certifications are left to the
 * enablement gaps. `high` when the tier right above the current one needs it too, else `medium`.
 */
export function identifyBusinessGaps(
  input: { tier: TierOrNone; targetTier: TierId | null; metrics: PartnerMetrics; asOf: CalendarDate; currency: string },
  program: Program,
): Gap[] {
  if (input.targetTier === null) return [];
  const next = nextTier(input.tier);
  const targetShortfalls = requirementShortfalls(input.targetTier, program, input.metrics, input.asOf);
  // Without a chosen target the target is the next tier: its shortfalls are those just found.
  const nextShortfalls = next === input.targetTier ? targetShortfalls : next ? requirementShortfalls(next, program, input.metrics, input.asOf) : [];
  const nextNeeds = new Set(nextShortfalls.map((s) => s.requirement));
  return targetShortfalls
    .filter(isBusiness)
    .map((shortfall) => ({
      type: 'requirement' as const,
      priority: nextNeeds.has(shortfall.requirement) ? ('high' as const) : ('medium' as const),
      shortfall,
      currency: input.currency,
    }));
}
