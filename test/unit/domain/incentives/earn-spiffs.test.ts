import { describe, expect, it } from 'vitest';
import { earnSpiffs } from '../../../../src/domain/incentives/earn-spiffs.js';
import type { WonDeal } from '../../../../src/domain/incentives/types.js';
import { money } from '../../../../src/domain/money/money.js';
import { DEFAULT_PROGRAM } from '../../../../src/program/default-program.js';

const settings = { ...DEFAULT_PROGRAM.incentives, strategicProducts: ['prod-ai', 'analytics'] };

function aWonDeal(overrides: Partial<WonDeal> = {}): WonDeal {
  return {
    dealId: 'd1',
    partnerId: 'p1',
    amount: money(5_000_000, 'USD'), // 50,000.00
    closedOn: '2026-05-31',
    registeredOn: null,
    newLogo: false,
    productIds: [],
    productLine: null,
    firstWinForPartner: false,
    ...overrides,
  };
}

function kindsAndAmounts(deal: WonDeal): [string, number][] {
  return earnSpiffs(deal, settings).map((spiff) => [spiff.kind, spiff.amount.amountMinor]);
}

describe('earnSpiffs', () => {
  it('earns nothing for an ordinary deal', () => {
    expect(earnSpiffs(aWonDeal(), settings)).toEqual([]);
  });

  it('pays 500 for a new logo closed within 60 days of its registration, not on day 61', () => {
    expect(kindsAndAmounts(aWonDeal({ newLogo: true, registeredOn: '2026-04-01' }))).toEqual([['new_logo', 50_000]]); // 60 days
    expect(kindsAndAmounts(aWonDeal({ newLogo: true, registeredOn: '2026-03-31' }))).toEqual([]); // 61 days
    expect(kindsAndAmounts(aWonDeal({ newLogo: true, registeredOn: null }))).toEqual([]);
    expect(kindsAndAmounts(aWonDeal({ newLogo: false, registeredOn: '2026-05-01' }))).toEqual([]);
  });

  it('pays 750 for a strategic product, by line item product id or by product line', () => {
    expect(kindsAndAmounts(aWonDeal({ productIds: ['basic', 'prod-ai'] }))).toEqual([['strategic_product', 75_000]]);
    expect(kindsAndAmounts(aWonDeal({ productLine: 'analytics' }))).toEqual([['strategic_product', 75_000]]);
    expect(kindsAndAmounts(aWonDeal({ productIds: ['basic'], productLine: 'other' }))).toEqual([]);
  });

  it('pays 1,000 for the partner first won deal ever', () => {
    expect(kindsAndAmounts(aWonDeal({ firstWinForPartner: true }))).toEqual([['first_win', 100_000]]);
  });

  it('adds 2% of the whole amount for deals strictly over 100,000', () => {
    expect(kindsAndAmounts(aWonDeal({ amount: money(10_000_000, 'USD') }))).toEqual([]);
    expect(kindsAndAmounts(aWonDeal({ amount: money(10_000_001, 'USD') }))).toEqual([['large_deal', 200_000]]);
    expect(kindsAndAmounts(aWonDeal({ amount: money(25_000_050, 'USD') }))).toEqual([['large_deal', 500_001]]); // 5000.001 → half up
  });

  it('adds up every kind a deal earns and gives each the 30-day claim deadline', () => {
    const earned = earnSpiffs(
      aWonDeal({ newLogo: true, registeredOn: '2026-05-01', productIds: ['prod-ai'], firstWinForPartner: true, amount: money(20_000_000, 'USD') }),
      settings,
    );
    expect(earned.map((spiff) => spiff.kind)).toEqual(['new_logo', 'strategic_product', 'first_win', 'large_deal']);
    expect(earned.reduce((sum, spiff) => sum + spiff.amount.amountMinor, 0)).toBe(50_000 + 75_000 + 100_000 + 400_000);
    expect(new Set(earned.map((spiff) => spiff.claimBy))).toEqual(new Set(['2026-06-30']));
  });

  it('keeps the deal currency and its minor units', () => {
    const earned = earnSpiffs(aWonDeal({ amount: money(20_000_000, 'JPY'), firstWinForPartner: true }), settings);
    expect(earned).toEqual([
      { kind: 'first_win', amount: money(1000, 'JPY'), claimBy: '2026-06-30' },
      { kind: 'large_deal', amount: money(400_000, 'JPY'), claimBy: '2026-06-30' },
    ]);
  });
});
