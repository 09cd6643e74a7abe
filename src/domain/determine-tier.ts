import { TIER_IDS, type Program, type TierOrNone, type TrackId } from '../program/program-schema.js';
import { tierRequirements } from './tier-requirements.js';

/** What the tier depends on. */
export interface TierInput {
  completeTracks: ReadonlySet<TrackId>;
  validCertifications: number;
}

/** The highest tier whose cumulative requirements hold; `none` if not even bronze's do. */
export function determineTier(input: TierInput, program: Program): TierOrNone {
  let reached: TierOrNone = 'none';
  for (const tier of TIER_IDS) {
    const needs = tierRequirements(tier, program);
    const holds =
      needs.tracks.every((track) => input.completeTracks.has(track)) &&
      input.validCertifications >= needs.minCertifications;
    // Requirements are cumulative, so the first tier that fails caps every tier above it.
    if (!holds) break;
    reached = tier;
  }
  return reached;
}
