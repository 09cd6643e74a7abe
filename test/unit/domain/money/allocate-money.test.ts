import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateMoney } from '../../../../src/domain/money/allocate-money.js';
import { money } from '../../../../src/domain/money/money.js';

describe('allocateMoney', () => {
  it('gives the leftover minor units to the largest remainders', () => {
    expect(allocateMoney(money(100, 'USD'), [1, 1, 1]).map((part) => part.amountMinor)).toEqual([34, 33, 33]);
    expect(allocateMoney(money(5, 'USD'), [3, 7]).map((part) => part.amountMinor)).toEqual([2, 3]); // 1.5 and 3.5: the tie goes to the first
    expect(allocateMoney(money(10, 'USD'), [1, 3, 6]).map((part) => part.amountMinor)).toEqual([1, 3, 6]);
    expect(allocateMoney(money(7, 'USD'), [1, 3, 6]).map((part) => part.amountMinor)).toEqual([1, 2, 4]);
    expect(allocateMoney(money(-100, 'USD'), [1, 1, 1]).map((part) => part.amountMinor)).toEqual([-34, -33, -33]);
    expect(allocateMoney(money(10, 'USD'), [0, 1]).map((part) => part.amountMinor)).toEqual([0, 10]);
  });

  it('always sums to the amount exactly, each part within one minor unit of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 12 }).filter((w) => w.some((x) => x > 0)),
        (amountMinor, weights) => {
          const parts = allocateMoney(money(amountMinor, 'USD'), weights);
          expect(parts.reduce((sum, part) => sum + part.amountMinor, 0)).toBe(amountMinor);
          const total = weights.reduce((sum, weight) => sum + weight, 0);
          parts.forEach((part, index) => {
            const exact = (amountMinor * (weights[index] ?? 0)) / total;
            expect(Math.abs(part.amountMinor - exact)).toBeLessThan(1 + 1e-6);
          });
        },
      ),
    );
  });
});
