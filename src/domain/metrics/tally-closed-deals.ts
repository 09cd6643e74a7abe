import type { DealFact } from '../governance/deal-fact.js';
import { dealAmount } from './deal-amount.js';
import type { DealTally } from './types.js';

/**
 * Closed deals tallied per partner, direct deals in one tally with no partner (docs/metrics.md
 * "Revenue and pipeline"); ordered by partner id, the direct tally first. Open deals are left out.
 */
export function tallyClosedDeals(deals: readonly DealFact[]): DealTally[] {
  const tallies = new Map<string | null, DealTally>();
  for (const deal of deals) {
    if (!deal.isClosed) continue;
    const tally = tallies.get(deal.partnerCompanyId) ?? { partnerId: deal.partnerCompanyId, wonDeals: 0, wonRevenue: 0, lostDeals: 0 };
    if (deal.isWon) {
      tally.wonDeals += 1;
      tally.wonRevenue += dealAmount(deal);
    } else {
      tally.lostDeals += 1;
    }
    tallies.set(deal.partnerCompanyId, tally);
  }
  return [...tallies.values()].sort((a, b) => (a.partnerId === null ? -1 : b.partnerId === null ? 1 : a.partnerId.localeCompare(b.partnerId)));
}
