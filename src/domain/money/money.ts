import { AppError } from '../../errors.js';
import { currencyExponent } from './currency-exponent.js';

/** An exact amount: a whole number of the currency's minor units (cents for USD), never a float. */
export interface Money {
  readonly amountMinor: number;
  /** ISO 4217 code, upper case. */
  readonly currency: string;
}

/**
 * Builds a Money value, checking that the amount is a safe integer and the currency is known.
 *
 * @throws AppError `INVALID_INPUT` for a fractional or unsafe amount or an unknown currency.
 */
export function money(amountMinor: number, currency: string): Money {
  currencyExponent(currency);
  if (!Number.isSafeInteger(amountMinor)) {
    throw new AppError('INVALID_INPUT', `an amount must be a whole number of minor units, got ${amountMinor} ${currency}`);
  }
  // -0 and 0 are the same amount; keep one so that equality checks never see a difference.
  return { amountMinor: amountMinor === 0 ? 0 : amountMinor, currency };
}
