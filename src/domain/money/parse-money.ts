import { AppError } from '../../errors.js';
import { currencyExponent } from './currency-exponent.js';
import { money, type Money } from './money.js';

const AMOUNT = /^(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/**
 * Reads an amount written in major units (`1234.56`, `1,234.56`, `-12.5`) as exact minor units.
 * Thousands separators must be commas in groups of three; the decimal point is a dot.
 *
 * @throws AppError `INVALID_INPUT` for text that is not such an amount, or that has more decimal
 *   places than the currency has (0.001 USD, 1.5 JPY).
 */
export function parseMoney(text: string, currency: string): Money {
  const exponent = currencyExponent(currency);
  const match = AMOUNT.exec(text.trim());
  if (match === null) {
    throw new AppError('INVALID_INPUT', `"${text}" is not an amount; write it like 1234.56 or 1,234.56`);
  }
  const [, minus, whole = '', fraction = ''] = match;
  if (fraction.length > exponent) {
    throw new AppError('INVALID_INPUT', `"${text}" has more decimal places than ${currency} allows (${exponent})`);
  }
  const minor = BigInt(whole.replaceAll(',', '') + fraction.padEnd(exponent, '0'));
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new AppError('INVALID_INPUT', `"${text}" is too large an amount`);
  }
  return money(Number(minus === undefined ? minor : -minor), currency);
}
