import { currencyExponent } from '../domain/money/currency-exponent.js';

/**
 * Minor units as a HubSpot number in major units of `currency`, exactly and without trailing
 * zeros: 123450 USD is `1234.5`, 100 USD is `1`, 5000 JPY is `5000`. Built from the digits, never
 * through a float.
 */
export function formatMajorUnits(minorUnits: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const digits = Math.abs(minorUnits).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent).replace(/0+$/, '');
  const sign = minorUnits < 0 ? '-' : '';
  return fraction ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
}
