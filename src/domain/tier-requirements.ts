import { TIER_IDS, type Program, type TierId, type TierOrNone, type TrackId } from '../program/program-schema.js';

/** What a tier asks for once the requirements of every tier below it are added in. */
export interface CumulativeRequirements {
  /** Tracks in the order the tiers introduce them (bronze's first), without repeats. */
  tracks: TrackId[];
  minCertifications: number;
}

/** Position of a tier in ascending order; `none` is -1. */
export function tierRank(tier: TierOrNone): number {
  return tier === 'none' ? -1 : TIER_IDS.indexOf(tier);
}

/** The cumulative requirements of `tier` (tiers are cumulative: docs/rules.md, "Tiers"). */
export function tierRequirements(tier: TierId, program: Program): CumulativeRequirements {
  const tracks: TrackId[] = [];
  let minCertifications = 0;
  for (const id of TIER_IDS.slice(0, tierRank(tier) + 1)) {
    const definition = program.tiers[id];
    for (const track of definition.requiredTracks) if (!tracks.includes(track)) tracks.push(track);
    minCertifications = Math.max(minCertifications, definition.minCertifications);
  }
  return { tracks, minCertifications };
}
