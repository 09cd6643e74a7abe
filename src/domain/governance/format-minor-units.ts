import { AppError } from '../../errors.js';

/**
 * An amount in minor units as people read it in `currency` (ISO 4217): 3800000 USD is `$38,000`,
 * 3800050 USD is `$38,000.50`, 5000 JPY is `¥5,000`. Cents are shown only when there are some.
 */
export function formatMinorUnits(minorUnits: number, currency: string): string {
  if (!Number.isSafeInteger(minorUnits)) throw new AppError('INVALID_INPUT', `${minorUnits} is not a whole number of minor units`);
  let digits: number;
  try {
    digits = new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    throw new AppError('INVALID_INPUT', `"${currency}" is not an ISO 4217 currency code such as USD or EUR`);
  }
  const scale = 10 ** digits;
  const whole = minorUnits % scale === 0;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: whole ? 0 : digits,
    maximumFractionDigits: digits,
  }).format(minorUnits / scale);
}
