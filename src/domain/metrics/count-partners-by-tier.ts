import { TIER_IDS, type TierOrNone } from '../../program/program-schema.js';
import { partnersInProgram } from './partners-in-program.js';
import type { QuarterEndState } from './types.js';

/** Partners in the program at quarter end by official tier, every tier present (docs/metrics.md "Partners"). */
export function countPartnersByTier(states: readonly QuarterEndState[]): Record<TierOrNone, number> {
  const counts = Object.fromEntries(['none', ...TIER_IDS].map((tier) => [tier, 0])) as Record<TierOrNone, number>;
  for (const state of partnersInProgram(states)) counts[state.tier] += 1;
  return counts;
}
