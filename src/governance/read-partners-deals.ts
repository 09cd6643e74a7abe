import { DateTime } from 'luxon';
import type { PartnerDeals } from '../domain/governance/evaluate-business.js';
import type { DealFactsStore } from './deal-facts-store.js';

/**
 * The deals of a batch of partners as the evaluation reads them, from `deal_facts` in one query
 * whatever the batch's size: the partners' deals, each won one marked when it is its customer's
 * first win by anyone, since that is what a new logo is (docs/governance.md, "Partner-sourced
 * deals"). `firstWins` holds those of the returned deals only: the rules ask no other.
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
  const { dealsByPartner, firstWins } = await store.readDealsOfPartners(portalId, partnerCompanyIds, closedSince);
  return new Map([...dealsByPartner].map(([partnerId, deals]) => [partnerId, { deals, firstWins, currency }]));
}
