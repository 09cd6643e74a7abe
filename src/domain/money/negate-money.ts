import { money, type Money } from './money.js';

/** −a: the amount that cancels `a` exactly. */
export function negateMoney(a: Money): Money {
  return money(-a.amountMinor, a.currency);
}
