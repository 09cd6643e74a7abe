import { money, type Money } from './money.js';
import { sameCurrency } from './same-currency.js';

/** a + b, in their shared currency. */
export function addMoney(a: Money, b: Money): Money {
  return money(a.amountMinor + b.amountMinor, sameCurrency(a, b));
}
