import { TIER_IDS, type Program, type TierId, type TrackId } from '../../program/program-schema.js';

/** The counted requirements, in the order shortfalls list them. */
export const COUNTED_REQUIREMENTS = ['minCertifications', 'minCertifiedStaff', 'minRevenue12m', 'minNewLogos12m', 'minStrategicWins12m'] as const;
export type CountedRequirement = (typeof COUNTED_REQUIREMENTS)[number];

/** What a tier asks once the requirements of every tier below it are added in (docs/governance.md, "Requirements"). */
export interface CumulativeTierRequirements {
  /** Tracks in the order the tiers introduce them (bronze's first), without repeats. */
  tracks: readonly TrackId[];
  /** The highest minimum of each counted requirement over the tier and those below it (0 when none asks). */
  counted: ReadonlyArray<{ requirement: CountedRequirement; needed: number }>;
  agreementSigned: boolean;
  activePipeline: boolean;
}

export type CompiledTierRequirements = Readonly<Record<TierId, CumulativeTierRequirements>>;

// Keyed by the tier definitions: a program is a value once loaded (the recalculation stamps its
// version on every audit entry), and programs built from another (`{ ...program, governance }`)
// share the same tiers.
const compiled = new WeakMap<Program['tiers'], CompiledTierRequirements>();

function cumulative(program: Program, tier: TierId): CumulativeTierRequirements {
  const definitions = TIER_IDS.slice(0, TIER_IDS.indexOf(tier) + 1).map((id) => program.tiers[id]);
  const tracks: TrackId[] = [];
  for (const definition of definitions) for (const track of definition.requiredTracks) if (!tracks.includes(track)) tracks.push(track);
  return {
    tracks,
    counted: COUNTED_REQUIREMENTS.map((requirement) => ({
      requirement,
      needed: Math.max(0, ...definitions.map((definition) => definition[requirement] ?? 0)),
    })),
    agreementSigned: definitions.some((definition) => definition.agreementSigned === true),
    activePipeline: definitions.some((definition) => definition.activePipeline === true),
  };
}

/**
 * Every tier's cumulative requirements, worked out once per program: qualifying a partner and
 * naming its gaps asks them for several tiers, and a recalculation asks them for every partner.
 */
export function compileTierRequirements(program: Program): CompiledTierRequirements {
  const cached = compiled.get(program.tiers);
  if (cached) return cached;
  const requirements = Object.fromEntries(TIER_IDS.map((tier) => [tier, cumulative(program, tier)])) as Record<TierId, CumulativeTierRequirements>;
  compiled.set(program.tiers, requirements);
  return requirements;
}
