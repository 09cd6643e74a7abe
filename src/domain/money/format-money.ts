import { currencyExponent } from './currency-exponent.js';
import type { Money } from './money.js';

/**
 * An amount for people to read, always naming its currency: `USD 1,234.56`, `JPY 1,235`,
 * `USD -5.00`. Built from the integer digits, never through a float.
 */
export function formatMoney(amount: Money): string {
  const exponent = currencyExponent(amount.currency);
  const digits = Math.abs(amount.amountMinor).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent).replace(/\B(?=(\d{3})+$)/g, ',');
  const fraction = exponent === 0 ? '' : `.${digits.slice(digits.length - exponent)}`;
  return `${amount.currency} ${amount.amountMinor < 0 ? '-' : ''}${whole}${fraction}`;
}
