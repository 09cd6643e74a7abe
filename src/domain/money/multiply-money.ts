import { AppError } from '../../errors.js';
import { money, type Money } from './money.js';
import type { Ratio } from './ratio.js';

/**
 * amount × ratio, rounded to a whole minor unit **half up**: a result exactly half-way between two
 * minor units goes away from zero (0.5 → 1, −0.5 → −1). This is the only place where the rules
 * round, so a clawback (the negated accrual) always cancels its accrual to the minor unit.
 * See docs/incentives.md, "Money".
 */
export function multiplyMoney(amount: Money, ratio: Ratio): Money {
  if (ratio.denominator <= 0n || ratio.numerator < 0n) {
    throw new AppError('INVALID_INPUT', 'a ratio must have a positive denominator and a non-negative numerator');
  }
  const product = BigInt(amount.amountMinor) * ratio.numerator;
  const magnitude = product < 0n ? -product : product;
  const rounded = (2n * magnitude + ratio.denominator) / (2n * ratio.denominator);
  return money(Number(product < 0n ? -rounded : rounded), amount.currency);
}
