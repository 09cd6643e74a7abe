import type { TierOrNone } from '../../program/program-schema.js';
import type { TierChangeDecision } from './decide-tier-change.js';

/** A tier change waiting for the owner's approval (`pe_tier_proposed`). */
export interface TierProposal {
  tier: TierOrNone;
  /** The close that proposed it. */
  quarter: string;
}

/** What a close does to the official tier and the proposal. */
export interface AppliedTierDecision {
  /** `pe_tier` after the close. */
  officialTier: TierOrNone;
  /** The proposal open after the close (`pe_tier_proposed`), or null. */
  proposal: TierProposal | null;
  /** A proposal nobody decided before this close: it lapses and is not applied. */
  lapsed: TierProposal | null;
}

/**
 * Applies a close's decision (docs/governance.md, "Approval"). Without approval a change takes
 * effect at once. With approval the official tier stays, the change becomes a proposal for the
 * owner, and a proposal still undecided at the next close lapses; that close proposes again if
 * the quarters still justify a change.
 */
export function applyTierDecision(decision: TierChangeDecision, approval: boolean, pending: TierProposal | null): AppliedTierDecision {
  const lapsed = approval ? pending : null;
  if (!approval || decision.action === 'hold' || decision.quarter === null) {
    return { officialTier: approval ? decision.from : decision.to, proposal: null, lapsed };
  }
  return { officialTier: decision.from, proposal: { tier: decision.to, quarter: decision.quarter }, lapsed };
}
