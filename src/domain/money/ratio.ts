import { AppError } from '../../errors.js';

/**
 * An exact non-negative rational number, used for rates (3.5% = 35/1000) and MDF shares
 * (2:1 = 2/3). Floats never touch money: a rate is turned into a ratio once, from its decimal text.
 */
export interface Ratio {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * The ratio of a percentage written in decimal (`3.5` → 35/1000). The number is read from its
 * shortest decimal text, so `3.5` is exactly three and a half percent, not the nearest binary float.
 *
 * @throws AppError `INVALID_INPUT` for a negative, non-finite or exponent-notation percentage.
 */
export function percentRatio(percent: number): Ratio {
  const match = DECIMAL.exec(String(percent));
  if (!Number.isFinite(percent) || match === null) {
    throw new AppError('INVALID_INPUT', `a percentage must be a non-negative decimal number, got ${percent}`);
  }
  const [, whole = '', fraction = ''] = match;
  return {
    numerator: BigInt(whole + fraction),
    denominator: 100n * 10n ** BigInt(fraction.length),
  };
}
