import type { DealFact } from './deal-fact.js';

/**
 * For every customer company, the deal id of its first closed-won deal, whoever sourced it (a
 * partner, another partner or direct sales). The earliest close wins; on the same instant the
 * lower deal id, so the answer does not depend on the order deals arrive in. Won deals without a
 * close date or a customer are ignored.
 */
export function firstWinsByCustomer(deals: Iterable<DealFact>): Map<string, string> {
  const first = new Map<string, DealFact>();
  for (const deal of deals) {
    if (!deal.isWon || deal.closedAt === null || deal.customerCompanyId === null) continue;
    const current = first.get(deal.customerCompanyId);
    const earlier =
      !current ||
      deal.closedAt < current.closedAt! ||
      (deal.closedAt === current.closedAt && deal.dealId.localeCompare(current.dealId, 'en', { numeric: true }) < 0);
    if (earlier) first.set(deal.customerCompanyId, deal);
  }
  return new Map([...first].map(([customer, deal]) => [customer, deal.dealId]));
}
