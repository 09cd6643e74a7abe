import { percentOf } from './percent-of.js';
import type { QuarterData } from './types.js';

/** Won / (won + lost) of deals closed in the quarter, partner-sourced and direct apart, in percent (docs/metrics.md "Revenue and pipeline"). */
export function measureWinRates(data: QuarterData): { partner: number | null; direct: number | null } {
  const tally = { partner: { won: 0, closed: 0 }, direct: { won: 0, closed: 0 } };
  for (const deal of data.closedDeals) {
    const side = deal.partnerCompanyId === null ? tally.direct : tally.partner;
    side.closed += 1;
    if (deal.isWon) side.won += 1;
  }
  return { partner: percentOf(tally.partner.won, tally.partner.closed), direct: percentOf(tally.direct.won, tally.direct.closed) };
}
