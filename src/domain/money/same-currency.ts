import { AppError } from '../../errors.js';
import type { Money } from './money.js';

/**
 * The currency shared by every amount given. Amounts in different currencies never mix: there is no
 * exchange rate in the rules.
 *
 * @throws AppError `INVALID_INPUT` when the amounts name different currencies.
 */
export function sameCurrency(first: Money, ...others: readonly Money[]): string {
  for (const other of others) {
    if (other.currency !== first.currency) {
      throw new AppError('INVALID_INPUT', `cannot combine ${first.currency} and ${other.currency} amounts`);
    }
  }
  return first.currency;
}
