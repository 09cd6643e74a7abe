import { DateTime } from 'luxon';
import { firstWinsByCustomer } from '../domain/governance/first-wins-by-customer.js';
import type { PartnerDeals } from '../domain/governance/evaluate-business.js';
import type { DealFactsStore } from './deal-facts-store.js';

/**
 * The deals of a batch of partners as the evaluation reads them, from `deal_facts` in two queries
 * whatever the batch's size: the partners' deals, then the first win (by anyone) of each customer
 * they won, since a new logo is a customer's first win by anyone (docs/governance.md,
 * "Partner-sourced deals").
 */
export async function readPartnersDeals(
  store: DealFactsStore,
  portalId: string,
  partnerCompanyIds: readonly string[],
  currency: string,
  asOf: Date | number,
): Promise<Map<string, PartnerDeals>> {
  // The rules look 12 months back from the partner's today; 400 days cover every time zone.
  const closedSince = DateTime.fromMillis(new Date(asOf).getTime()).minus({ days: 400 }).toJSDate();
  const byPartner = await store.readDealsOfPartners(portalId, partnerCompanyIds, closedSince);
  const customers = new Set<string>();
  for (const deals of byPartner.values()) for (const deal of deals) if (deal.isWon && deal.customerCompanyId) customers.add(deal.customerCompanyId);
  const firstWins = firstWinsByCustomer(await store.readFirstWinsOfCustomers(portalId, [...customers]));
  return new Map([...byPartner].map(([partnerId, deals]) => [partnerId, { deals, firstWins, currency }]));
}
