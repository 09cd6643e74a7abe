import { TIER_IDS, type Program, type TierOrNone } from '../../program/program-schema.js';
import type { CalendarDate } from '../types.js';
import { requirementShortfalls } from './requirement-shortfalls.js';
import type { PartnerMetrics } from './types.js';

/**
 * The highest tier whose cumulative requirements (enablement and business) the partner meets on
 * `asOf`; `none` if not even the lowest tier's. In quarterly governance this is the qualified
 * tier of a quarter when `asOf` is the quarter's last day.
 */
export function qualifyTier(program: Program, metrics: PartnerMetrics, asOf: CalendarDate): TierOrNone {
  let reached: TierOrNone = 'none';
  for (const tier of TIER_IDS) {
    // Requirements are cumulative, so the first tier that fails caps every tier above it.
    if (requirementShortfalls(tier, program, metrics, asOf).length > 0) break;
    reached = tier;
  }
  return reached;
}
