import { describe, expect, it } from 'vitest';
import { computeQuarterlyRebate } from '../../../../src/domain/incentives/compute-quarterly-rebate.js';
import type { RebateDeal } from '../../../../src/domain/incentives/types.js';
import { money } from '../../../../src/domain/money/money.js';
import { parseMoney } from '../../../../src/domain/money/parse-money.js';
import { DEFAULT_PROGRAM } from '../../../../src/program/default-program.js';
import type { IncentivesSettings } from '../../../../src/program/incentive-settings.js';

const Q2 = { start: '2026-04-01', end: '2026-06-30' };

function withMethod(method: 'slab' | 'stepped', cap: number | null = null): IncentivesSettings {
  return { ...DEFAULT_PROGRAM.incentives, rebate: { ...DEFAULT_PROGRAM.incentives.rebate, method, cap } };
}

function rebateOn(revenue: string, settings: IncentivesSettings) {
  const deals: RebateDeal[] = [{ amount: parseMoney(revenue, 'USD'), won: true, closedOn: '2026-05-15' }];
  return computeQuarterlyRebate({ deals, quarter: Q2, settings, currency: 'USD' });
}

describe('computeQuarterlyRebate, slab', () => {
  const slab = withMethod('slab');

  it('pays nothing at 99,999.99 and 2% of the whole from 100,000', () => {
    expect(rebateOn('99999.99', slab)).toMatchObject({ bracket: null, bracketPercent: 0, amount: money(0, 'USD') });
    expect(rebateOn('100000', slab)).toMatchObject({ bracket: 0, bracketPercent: 2, amount: parseMoney('2000', 'USD') });
  });

  it('applies the reached bracket rate to the whole quarter', () => {
    expect(rebateOn('249999.99', slab).amount).toEqual(parseMoney('5000.00', 'USD')); // 4999.9998 → 5000.00
    expect(rebateOn('250000', slab).amount).toEqual(parseMoney('8750', 'USD'));
    expect(rebateOn('2499999.99', slab)).toMatchObject({ bracketPercent: 6.5, setsFastTrack: false, amount: parseMoney('162500.00', 'USD') });
  });

  it('pays 8% and sets fast track from 2,500,000', () => {
    expect(rebateOn('2500000', slab)).toMatchObject({ bracket: 4, bracketPercent: 8, setsFastTrack: true, amount: parseMoney('200000', 'USD') });
  });
});

describe('computeQuarterlyRebate, stepped', () => {
  const stepped = withMethod('stepped');

  it('pays nothing at 99,999.99 nor at exactly 100,000 (an empty first slice)', () => {
    expect(rebateOn('99999.99', stepped).amount).toEqual(money(0, 'USD'));
    expect(rebateOn('100000', stepped)).toMatchObject({ bracket: 0, amount: money(0, 'USD') });
  });

  it('applies each rate to the slice inside its bracket', () => {
    // 150,000 × 2% + 50,000 × 3.5% = 3,000 + 1,750
    expect(rebateOn('300000', stepped).amount).toEqual(parseMoney('4750', 'USD'));
    // 3,000 + 8,750 + 25,000 + 97,500 + 0
    expect(rebateOn('2500000', stepped)).toMatchObject({ amount: parseMoney('134250', 'USD'), setsFastTrack: true });
    expect(rebateOn('2600000', stepped).amount).toEqual(parseMoney('142250', 'USD'));
  });

  it('rounds the exact total once, half up', () => {
    // 100,000.25 → 0.25 × 2% = 0.005 → 0.01
    expect(rebateOn('100000.25', stepped).amount).toEqual(money(1, 'USD'));
    // 3,000 + 8,750 + 25,000 + 97,499.9993… = 134,249.9993… → 134,250.00, not a sum of rounded slices
    expect(rebateOn('2499999.99', stepped).amount).toEqual(parseMoney('134250', 'USD'));
  });
});

describe('computeQuarterlyRebate, revenue and timing', () => {
  it('counts only won deals closed inside the quarter', () => {
    const deals: RebateDeal[] = [
      { amount: parseMoney('60000', 'USD'), won: true, closedOn: '2026-04-01' },
      { amount: parseMoney('40000', 'USD'), won: true, closedOn: '2026-06-30' },
      { amount: parseMoney('900000', 'USD'), won: false, closedOn: '2026-05-01' },
      { amount: parseMoney('900000', 'USD'), won: true, closedOn: '2026-07-01' },
      { amount: parseMoney('900000', 'USD'), won: true, closedOn: '2026-03-31' },
    ];
    const rebate = computeQuarterlyRebate({ deals, quarter: Q2, settings: withMethod('slab'), currency: 'USD' });
    expect(rebate.revenue).toEqual(parseMoney('100000', 'USD'));
    expect(rebate.amount).toEqual(parseMoney('2000', 'USD'));
  });

  it('is payable 30 days after the quarter', () => {
    expect(rebateOn('1', withMethod('slab')).payableOn).toBe('2026-07-30');
  });

  it('limits the rebate to the cap and says so', () => {
    expect(rebateOn('1000000', withMethod('slab', 50_000))).toMatchObject({ amount: parseMoney('50000', 'USD'), capped: true });
    expect(rebateOn('500000', withMethod('slab', 50_000))).toMatchObject({ amount: parseMoney('25000', 'USD'), capped: false });
  });
});
