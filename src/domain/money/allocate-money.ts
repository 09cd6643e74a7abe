import { AppError } from '../../errors.js';
import { money, type Money } from './money.js';

/**
 * Splits an amount in proportion to whole-number weights without losing or inventing a minor unit:
 * the parts always add up to the amount exactly. Each part is first rounded toward zero; the minor
 * units left over go one each to the parts with the largest remainders (ties: the earlier part).
 *
 * @throws AppError `INVALID_INPUT` for no weights, a negative or fractional weight, or all zero.
 */
export function allocateMoney(amount: Money, weights: readonly number[]): Money[] {
  if (weights.length === 0 || weights.some((weight) => !Number.isSafeInteger(weight) || weight < 0)) {
    throw new AppError('INVALID_INPUT', 'allocation weights must be one or more non-negative whole numbers');
  }
  const total = weights.reduce((sum, weight) => sum + BigInt(weight), 0n);
  if (total === 0n) throw new AppError('INVALID_INPUT', 'allocation weights must not all be zero');

  const sign = amount.amountMinor < 0 ? -1n : 1n;
  const magnitude = BigInt(Math.abs(amount.amountMinor));
  const parts = weights.map((weight) => (magnitude * BigInt(weight)) / total);
  const remainders = weights.map((weight, index) => ({ index, remainder: (magnitude * BigInt(weight)) % total }));
  let leftOver = magnitude - parts.reduce((sum, part) => sum + part, 0n);
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (leftOver === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    leftOver -= 1n;
  }
  return parts.map((part) => money(Number(sign * part), amount.currency));
}
