import type { Money } from './money.js';
import { sameCurrency } from './same-currency.js';

/** The smallest of the amounts (all in one currency). */
export function minMoney(first: Money, ...others: readonly Money[]): Money {
  sameCurrency(first, ...others);
  return others.reduce((smallest, amount) => (amount.amountMinor < smallest.amountMinor ? amount : smallest), first);
}
