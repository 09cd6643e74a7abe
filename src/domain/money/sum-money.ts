import { money, type Money } from './money.js';
import { sameCurrency } from './same-currency.js';

/** The sum of the amounts; zero in `currency` when there are none. */
export function sumMoney(currency: string, amounts: Iterable<Money>): Money {
  let total = money(0, currency);
  for (const amount of amounts) {
    total = money(total.amountMinor + amount.amountMinor, sameCurrency(total, amount));
  }
  return total;
}
