import { TIER_IDS, type Program, type TierOrNone } from '../program/program-schema.js';
import { tierRank } from './tier-requirements.js';

/** Permissions of `tier` and every tier below it, in table order, each once. */
export function grantPermissions(tier: TierOrNone, program: Program): string[] {
  const granted: string[] = [];
  for (const id of TIER_IDS.slice(0, tierRank(tier) + 1)) {
    for (const permission of program.tiers[id].permissions) {
      if (!granted.includes(permission)) granted.push(permission);
    }
  }
  return granted;
}
