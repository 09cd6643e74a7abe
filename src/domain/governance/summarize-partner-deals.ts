import { addDays, startOfDayIn } from '../calendar-date.js';
import type { CalendarDate } from '../types.js';
import type { DealFact } from './deal-fact.js';
import { trailingTwelveMonths } from './trailing-twelve-months.js';

/** A partner's business figures from its partner-sourced deals; money in minor units. */
export interface PartnerDealSummary {
  revenue12m: number;
  newLogos12m: number;
  strategicWins12m: number;
  wonDeals12m: number;
  lostDeals12m: number;
  /** Open partner-sourced deals with an amount above 0, and the sum of their amounts. */
  openPipelineDeals: number;
  openPipeline: number;
}

function amountOf(deal: DealFact): number {
  return deal.amountInHomeCurrency ?? deal.amount ?? 0;
}

/**
 * The figures the revenue-based requirements and partner health read, from the deals whose
 * `pe_partner_company_id` is `partnerCompanyId`, over the trailing 12 months up to `asOf`. A
 * deal's day is its close date in `timeZone`. A new logo is a won deal of this partner that is its
 * customer's first win by anyone (`firstWins`, from {@link firstWinsByCustomer} over every deal).
 */
export function summarizePartnerDeals(
  partnerCompanyId: string,
  deals: Iterable<DealFact>,
  firstWins: ReadonlyMap<string, string>,
  asOf: CalendarDate,
  timeZone: string,
): PartnerDealSummary {
  const window = trailingTwelveMonths(asOf);
  // The window as instants in the partner's zone, found at the first closed deal: a close is in
  // it when its day there is, without a date per deal.
  let bounds: { from: number; until: number } | undefined;
  const summary: PartnerDealSummary = {
    revenue12m: 0,
    newLogos12m: 0,
    strategicWins12m: 0,
    wonDeals12m: 0,
    lostDeals12m: 0,
    openPipelineDeals: 0,
    openPipeline: 0,
  };
  for (const deal of deals) {
    if (deal.partnerCompanyId !== partnerCompanyId) continue;
    if (!deal.isClosed && !deal.isWon) {
      const amount = amountOf(deal);
      if (amount > 0) {
        summary.openPipelineDeals += 1;
        summary.openPipeline += amount;
      }
      continue;
    }
    if (deal.closedAt === null) continue;
    bounds ??= { from: startOfDayIn(timeZone, window.from), until: startOfDayIn(timeZone, addDays(window.to, 1)) };
    if (deal.closedAt < bounds.from || deal.closedAt >= bounds.until) continue;
    if (!deal.isWon) {
      summary.lostDeals12m += 1;
      continue;
    }
    summary.wonDeals12m += 1;
    summary.revenue12m += amountOf(deal);
    if (deal.strategic) summary.strategicWins12m += 1;
    if (deal.customerCompanyId !== null && firstWins.get(deal.customerCompanyId) === deal.dealId) summary.newLogos12m += 1;
  }
  return summary;
}
