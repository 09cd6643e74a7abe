import { TIER_IDS, type Program, type TierId, type TierOrNone } from '../program/program-schema.js';
import { tierRank } from './tier-requirements.js';

/** The tier above `tier` (`none` → bronze); null above platinum. */
export function nextTier(tier: TierOrNone): TierId | null {
  return TIER_IDS[tierRank(tier) + 1] ?? null;
}

/** `max(0, next tier's target score − score)`; 0 when there is no next tier. */
export function pointsToNextTier(tier: TierOrNone, score: number, program: Program): number {
  const next = nextTier(tier);
  if (next === null) return 0;
  return Math.max(0, program.tiers[next].targetScore - score);
}
