import { percentOf } from './percent-of.js';
import type { QuarterData } from './types.js';

/** Won / (won + lost) of deals closed in the quarter, partner-sourced and direct apart, in percent (docs/metrics.md "Revenue and pipeline"). */
export function measureWinRates(data: Pick<QuarterData, 'dealTallies'>): { partner: number | null; direct: number | null } {
  const tally = { partner: { won: 0, closed: 0 }, direct: { won: 0, closed: 0 } };
  for (const deals of data.dealTallies) {
    const side = deals.partnerId === null ? tally.direct : tally.partner;
    side.closed += deals.wonDeals + deals.lostDeals;
    side.won += deals.wonDeals;
  }
  return { partner: percentOf(tally.partner.won, tally.partner.closed), direct: percentOf(tally.direct.won, tally.direct.closed) };
}
