import { describe, expect, it } from 'vitest';
import { computeStrategicBonus } from '../../../../src/domain/incentives/compute-strategic-bonus.js';
import { money } from '../../../../src/domain/money/money.js';
import { parseMoney } from '../../../../src/domain/money/parse-money.js';
import { isAppError } from '../../../../src/errors.js';
import { DEFAULT_PROGRAM } from '../../../../src/program/default-program.js';

const settings = DEFAULT_PROGRAM.incentives;
const usd = (text: string) => parseMoney(text, 'USD');

describe('computeStrategicBonus', () => {
  it('pays 3% of incremental revenue for a cross-sell and 2% for an upsell on a one-year contract', () => {
    expect(computeStrategicBonus({ kind: 'cross_sell', incrementalRevenue: usd('40000'), contractYears: 1 }, settings)).toEqual(usd('1200'));
    expect(computeStrategicBonus({ kind: 'upsell', incrementalRevenue: usd('40000'), contractYears: 1 }, settings)).toEqual(usd('800'));
  });

  it('adds 1% per contract year beyond the first', () => {
    // 3% + 2 × 1% = 5% of 40,000
    expect(computeStrategicBonus({ kind: 'cross_sell', incrementalRevenue: usd('40000'), contractYears: 3 }, settings)).toEqual(usd('2000'));
    // 2% + 1% = 3% of 333.35 = 10.0005 → 10.00; of 333.50 = 10.005 → 10.01 (half up)
    expect(computeStrategicBonus({ kind: 'upsell', incrementalRevenue: usd('333.35'), contractYears: 2 }, settings)).toEqual(usd('10.00'));
    expect(computeStrategicBonus({ kind: 'upsell', incrementalRevenue: usd('333.50'), contractYears: 2 }, settings)).toEqual(usd('10.01'));
  });

  it('pays 250 per reference and 100 per community contribution', () => {
    expect(computeStrategicBonus({ kind: 'reference', count: 2, currency: 'USD' }, settings)).toEqual(usd('500'));
    expect(computeStrategicBonus({ kind: 'community_contribution', count: 3, currency: 'EUR' }, settings)).toEqual(money(30_000, 'EUR'));
  });

  it('refuses a contract under a year and a negative count', () => {
    for (const call of [
      () => computeStrategicBonus({ kind: 'upsell', incrementalRevenue: usd('1'), contractYears: 0 }, settings),
      () => computeStrategicBonus({ kind: 'reference', count: -1, currency: 'USD' }, settings),
    ]) {
      let caught: unknown;
      try {
        call();
      } catch (error) {
        caught = error;
      }
      expect(isAppError(caught, 'INVALID_INPUT')).toBe(true);
    }
  });
});
