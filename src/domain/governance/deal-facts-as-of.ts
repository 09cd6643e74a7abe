import type { DealFact } from './deal-fact.js';

/**
 * The deals as they stood at `instant`, for a close evaluated after the fact (the demo portal's
 * past quarters, docs/governance.md "The demo portal"): a deal that closed at or after that
 * instant was still open then, so it counts in the pipeline and not yet in revenue or logos.
 * The mirror keeps no history of a deal, so the others are taken as they are now: an open deal
 * is taken to have been open then too.
 */
export function dealFactsAsOf(deals: readonly DealFact[], instant: number): DealFact[] {
  return deals.map((deal) => (deal.isClosed && deal.closedAt !== null && deal.closedAt >= instant ? { ...deal, isClosed: false, isWon: false } : deal));
}
