import { TIER_IDS, type TierOrNone } from '../../program/program-schema.js';

/**
 * A company's `pe_tier` as the official tier MDF follows (docs/incentives.md, "MDF"): an empty or
 * unknown value is `none`, so an odd property value allocates nothing instead of failing.
 */
export function officialTierOf(value: string | null | undefined): TierOrNone {
  return (TIER_IDS as readonly string[]).includes(value ?? '') ? (value as TierOrNone) : 'none';
}
