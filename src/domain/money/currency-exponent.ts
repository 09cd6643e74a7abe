import { AppError } from '../../errors.js';

/*
 * ISO 4217 minor-unit exponents: how many decimal places an amount in the currency has. The table
 * holds the currencies a HubSpot portal can use as its company currency in practice; any other code
 * is refused rather than guessed, because a wrong exponent scales every amount by a power of ten.
 */
const EXPONENTS: Readonly<Record<string, number>> = {
  AED: 2, ARS: 2, AUD: 2, BGN: 2, BHD: 3, BRL: 2, CAD: 2, CHF: 2, CLP: 0, CNY: 2, COP: 2, CZK: 2,
  DKK: 2, EGP: 2, EUR: 2, GBP: 2, HKD: 2, HUF: 2, IDR: 2, ILS: 2, INR: 2, ISK: 0, JOD: 3, JPY: 0,
  KRW: 0, KWD: 3, MXN: 2, MYR: 2, NOK: 2, NZD: 2, OMR: 3, PEN: 2, PHP: 2, PKR: 2, PLN: 2, QAR: 2,
  RON: 2, SAR: 2, SEK: 2, SGD: 2, THB: 2, TND: 3, TRY: 2, TWD: 2, UAH: 2, USD: 2, VND: 0, ZAR: 2,
};

/**
 * Decimal places of a currency's minor unit (USD 2, JPY 0, KWD 3).
 *
 * @throws AppError `INVALID_INPUT` for a code that is not a known ISO 4217 currency.
 */
export function currencyExponent(currency: string): number {
  const exponent = EXPONENTS[currency];
  if (exponent === undefined) {
    throw new AppError('INVALID_INPUT', `"${currency}" is not a supported ISO 4217 currency code (for example USD, EUR, JPY)`);
  }
  return exponent;
}
