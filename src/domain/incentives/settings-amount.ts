import { parseMoney } from '../money/parse-money.js';
import type { Money } from '../money/money.js';

/**
 * A program amount (major units, as written in the program file) as exact Money in the portal's
 * currency. Read from its decimal text, so 99999.99 is exactly 9,999,999 cents.
 *
 * @throws AppError `INVALID_INPUT` when the amount has more decimals than the currency allows.
 */
export function settingsAmount(amount: number, currency: string): Money {
  return parseMoney(String(amount), currency);
}
