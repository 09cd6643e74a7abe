import type { TierId, TierOrNone } from '../program/program-schema.js';
import { nextTier } from './next-tier.js';
import { tierRank } from './tier-requirements.js';

/**
 * The tier gaps are measured against: the partner's chosen target when it is above the current tier,
 * else the next tier. Null at platinum with no higher target (only renewal gaps remain).
 */
export function selectTargetTier(current: TierOrNone, chosen: TierId | null): TierId | null {
  if (chosen !== null && tierRank(chosen) > tierRank(current)) return chosen;
  return nextTier(current);
}
