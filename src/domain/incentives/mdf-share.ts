import { AppError } from '../../errors.js';
import type { Ratio } from '../money/ratio.js';

/**
 * The part of an activity's cost that MDF reimburses for a match ratio `a:b` (the vendor pays a for
 * every b the partner pays): a/(a+b). 1:1 is one half, 2:1 two thirds, kept as an exact fraction.
 *
 * @throws AppError `INVALID_INPUT` for a ratio that is not two positive whole numbers.
 */
export function mdfShare(match: string): Ratio {
  const parsed = /^([1-9]\d*):([1-9]\d*)$/.exec(match);
  if (parsed === null) throw new AppError('INVALID_INPUT', `"${match}" is not a match ratio like 1:1 or 2:1`);
  const vendor = BigInt(parsed[1] ?? '0');
  const partner = BigInt(parsed[2] ?? '0');
  return { numerator: vendor, denominator: vendor + partner };
}
