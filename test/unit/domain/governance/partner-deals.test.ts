import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DealFact } from '../../../../src/domain/governance/deal-fact.js';
import { firstWinsByCustomer } from '../../../../src/domain/governance/first-wins-by-customer.js';
import { summarizePartnerDeals } from '../../../../src/domain/governance/summarize-partner-deals.js';

const PARTNER = '501';
const ASOF = '2027-03-31';

let nextId = 1;
function aDeal(overrides: Partial<DealFact> = {}): DealFact {
  nextId += 1;
  return {
    dealId: String(nextId),
    partnerCompanyId: PARTNER,
    customerCompanyId: `c${nextId}`,
    amountInHomeCurrency: 1_000_000,
    amount: null,
    isClosed: true,
    isWon: true,
    closedAt: Date.parse('2027-01-15T12:00:00Z'),
    strategic: false,
    ...overrides,
  };
}

function summarize(deals: DealFact[], asOf = ASOF, timeZone = 'UTC') {
  return summarizePartnerDeals(PARTNER, deals, firstWinsByCustomer(deals), asOf, timeZone);
}

describe('summarizePartnerDeals', () => {
  it('sums won revenue in the home currency, else the amount, in minor units', () => {
    const deals = [aDeal({ amountInHomeCurrency: 2_500_000, amount: 9 }), aDeal({ amountInHomeCurrency: null, amount: 1_234 }), aDeal({ amountInHomeCurrency: null })];
    expect(summarize(deals)).toMatchObject({ revenue12m: 2_501_234, wonDeals12m: 3 });
  });

  it("ignores deals of other partners and of direct sales", () => {
    expect(summarize([aDeal({ partnerCompanyId: '777' }), aDeal({ partnerCompanyId: null })])).toMatchObject({ revenue12m: 0, wonDeals12m: 0 });
  });

  it('counts lost deals, strategic wins, and open pipeline with an amount above 0', () => {
    const deals = [
      aDeal({ isWon: false }),
      aDeal({ strategic: true }),
      aDeal({ isClosed: false, isWon: false, amountInHomeCurrency: 3_000_000 }),
      aDeal({ isClosed: false, isWon: false, amountInHomeCurrency: 0 }),
      aDeal({ isClosed: false, isWon: false, amountInHomeCurrency: null }),
    ];
    expect(summarize(deals)).toEqual({
      revenue12m: 1_000_000,
      newLogos12m: 1,
      strategicWins12m: 1,
      wonDeals12m: 1,
      lostDeals12m: 1,
      openPipelineDeals: 1,
      openPipeline: 3_000_000,
    });
  });

  it("places the window's edges on the partner's calendar days", () => {
    // 1 April 2026 03:00 UTC is still 31 March 2026 in New York, a day before the window opens there.
    const edge = [aDeal({ closedAt: Date.parse('2026-04-01T03:00:00Z') })];
    expect(summarize(edge, ASOF, 'UTC').wonDeals12m).toBe(1);
    expect(summarize(edge, ASOF, 'America/New_York').wonDeals12m).toBe(0);
    // 31 March 2027 23:30 New York time is 1 April in UTC: inside the window in New York only.
    const lateClose = [aDeal({ closedAt: Date.parse('2027-04-01T03:30:00Z') })];
    expect(summarize(lateClose, ASOF, 'UTC').wonDeals12m).toBe(0);
    expect(summarize(lateClose, ASOF, 'America/New_York').wonDeals12m).toBe(1);
  });

  it('on a leap day looks back to 1 March of the year before', () => {
    const deals = [aDeal({ closedAt: Date.parse('2027-02-28T12:00:00Z') }), aDeal({ closedAt: Date.parse('2027-03-01T12:00:00Z') })];
    expect(summarize(deals, '2028-02-29').wonDeals12m).toBe(1);
  });

  it('leaves out closed deals without a close date', () => {
    expect(summarize([aDeal({ closedAt: null }), aDeal({ closedAt: null, isWon: false })])).toMatchObject({ wonDeals12m: 0, lostDeals12m: 0 });
  });
});

describe('new logos', () => {
  it("counts the customer's first win when this partner sourced it", () => {
    const first = aDeal({ customerCompanyId: 'acme', closedAt: Date.parse('2026-06-01T00:00:00Z') });
    const repeat = aDeal({ customerCompanyId: 'acme', closedAt: Date.parse('2027-01-01T00:00:00Z') });
    expect(summarize([first, repeat])).toMatchObject({ newLogos12m: 1, wonDeals12m: 2 });
  });

  it('does not count a customer that direct sales or another partner won first', () => {
    const direct = aDeal({ partnerCompanyId: null, customerCompanyId: 'acme', closedAt: Date.parse('2026-05-01T00:00:00Z') });
    const rival = aDeal({ partnerCompanyId: '777', customerCompanyId: 'globex', closedAt: Date.parse('2026-05-01T00:00:00Z') });
    const ours = [
      aDeal({ customerCompanyId: 'acme', closedAt: Date.parse('2026-09-01T00:00:00Z') }),
      aDeal({ customerCompanyId: 'globex', closedAt: Date.parse('2026-09-01T00:00:00Z') }),
    ];
    expect(summarize([direct, rival, ...ours])).toMatchObject({ newLogos12m: 0, wonDeals12m: 2 });
  });

  it('does not count a customer first won more than 12 months ago, nor a lost deal', () => {
    const old = aDeal({ customerCompanyId: 'acme', closedAt: Date.parse('2025-01-01T00:00:00Z') });
    const again = aDeal({ customerCompanyId: 'acme' });
    const lostFirst = aDeal({ customerCompanyId: 'initech', isWon: false, closedAt: Date.parse('2026-05-01T00:00:00Z') });
    const wonLater = aDeal({ customerCompanyId: 'initech' });
    expect(summarize([old, again, lostFirst, wonLater]).newLogos12m).toBe(1);
  });

  it('breaks a tie on the same close instant by the lower deal id', () => {
    const at = Date.parse('2026-09-01T00:00:00Z');
    const rival = aDeal({ dealId: '9', partnerCompanyId: '777', customerCompanyId: 'acme', closedAt: at });
    const ours = aDeal({ dealId: '10', customerCompanyId: 'acme', closedAt: at });
    expect(firstWinsByCustomer([ours, rival]).get('acme')).toBe('9');
    expect(summarize([ours, rival]).newLogos12m).toBe(0);
  });

  const anyDeal = fc.record({
    dealId: fc.integer({ min: 1, max: 60 }).map(String),
    partnerCompanyId: fc.constantFrom(PARTNER, '777', null),
    customerCompanyId: fc.constantFrom('a', 'b', 'c', 'd', null),
    amountInHomeCurrency: fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: null }),
    amount: fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: null }),
    isClosed: fc.boolean(),
    isWon: fc.boolean(),
    closedAt: fc.option(fc.integer({ min: Date.parse('2025-06-01T00:00:00Z'), max: Date.parse('2027-06-01T00:00:00Z') }), { nil: null }),
    strategic: fc.boolean(),
  }).map((deal): DealFact => ({ ...deal, isClosed: deal.isClosed || deal.isWon }));
  const anyDeals = fc.uniqueArray(anyDeal, { selector: (deal) => deal.dealId, maxLength: 30 });

  it('does not depend on the order deals arrive in', () => {
    fc.assert(
      fc.property(anyDeals, fc.func(fc.integer()), (deals, key) => {
        const shuffled = [...deals].sort((a, b) => key(a.dealId) - key(b.dealId));
        expect(summarize(shuffled)).toEqual(summarize(deals));
      }),
    );
  });

  it('a customer is a new logo of at most one partner, and a partner has no more logos than wins', () => {
    fc.assert(
      fc.property(anyDeals, (deals) => {
        const firstWins = firstWinsByCustomer(deals);
        const ours = summarizePartnerDeals(PARTNER, deals, firstWins, ASOF, 'UTC');
        const theirs = summarizePartnerDeals('777', deals, firstWins, ASOF, 'UTC');
        expect(ours.newLogos12m + theirs.newLogos12m).toBeLessThanOrEqual(4);
        expect(ours.newLogos12m).toBeLessThanOrEqual(ours.wonDeals12m);
        expect(ours.strategicWins12m).toBeLessThanOrEqual(ours.wonDeals12m);
      }),
    );
  });
});
