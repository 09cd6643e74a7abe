import { describe, expect, it } from 'vitest';
import type { DealFact } from '../../../../src/domain/governance/deal-fact.js';
import { dealFactsAsOf } from '../../../../src/domain/governance/deal-facts-as-of.js';
import { firstWinsByCustomer } from '../../../../src/domain/governance/first-wins-by-customer.js';
import { summarizePartnerDeals } from '../../../../src/domain/governance/summarize-partner-deals.js';

const PARTNER = '501';
/** The close of 2026Q2 in UTC. */
const CLOSE = Date.parse('2026-07-01T00:00:00Z');

function aDeal(dealId: string, overrides: Partial<DealFact> = {}): DealFact {
  return {
    dealId,
    partnerCompanyId: PARTNER,
    customerCompanyId: `c${dealId}`,
    amountInHomeCurrency: 10_000_000,
    amount: null,
    isClosed: true,
    isWon: true,
    closedAt: Date.parse('2026-05-15T12:00:00Z'),
    strategic: false,
    ...overrides,
  };
}

describe('deal facts as of an instant', () => {
  it('turns a deal closed at or after the instant back into an open deal, and leaves the others as they are', () => {
    const wonBefore = aDeal('1');
    const wonAfter = aDeal('2', { closedAt: Date.parse('2026-08-20T12:00:00Z') });
    const lostAtTheClose = aDeal('3', { isWon: false, closedAt: CLOSE });
    const open = aDeal('4', { isClosed: false, isWon: false, closedAt: Date.parse('2026-05-01T12:00:00Z') });
    const undated = aDeal('5', { closedAt: null });
    const asOf = dealFactsAsOf([wonBefore, wonAfter, lostAtTheClose, open, undated], CLOSE);
    expect(asOf).toEqual([
      wonBefore,
      { ...wonAfter, isClosed: false, isWon: false },
      { ...lostAtTheClose, isClosed: false, isWon: false },
      open,
      undated,
    ]);
  });

  it('makes a later win count as pipeline, not revenue nor a new logo, on the quarter\'s last day', () => {
    const deals = [aDeal('1'), aDeal('2', { closedAt: Date.parse('2026-08-20T12:00:00Z') })];
    const asOf = dealFactsAsOf(deals, CLOSE);
    const summary = summarizePartnerDeals(PARTNER, asOf, firstWinsByCustomer(asOf), '2026-06-30', 'UTC');
    expect(summary).toMatchObject({ revenue12m: 10_000_000, newLogos12m: 1, wonDeals12m: 1, openPipelineDeals: 1, openPipeline: 10_000_000 });
  });
});
