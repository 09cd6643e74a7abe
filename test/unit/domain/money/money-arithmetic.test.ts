import { describe, expect, it } from 'vitest';
import { addMoney } from '../../../../src/domain/money/add-money.js';
import { currencyExponent } from '../../../../src/domain/money/currency-exponent.js';
import { minMoney } from '../../../../src/domain/money/min-money.js';
import { money } from '../../../../src/domain/money/money.js';
import { multiplyMoney } from '../../../../src/domain/money/multiply-money.js';
import { negateMoney } from '../../../../src/domain/money/negate-money.js';
import { percentRatio } from '../../../../src/domain/money/ratio.js';
import { subtractMoney } from '../../../../src/domain/money/subtract-money.js';
import { sumMoney } from '../../../../src/domain/money/sum-money.js';
import { isAppError } from '../../../../src/errors.js';

function errorCodeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return isAppError(error) ? error.code : 'not an AppError';
  }
  return undefined;
}

describe('money', () => {
  it('knows the ISO 4217 minor units of the currencies in use', () => {
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
  });

  it('refuses an unknown currency and a fractional amount with INVALID_INPUT', () => {
    expect(errorCodeOf(() => money(100, 'XYZ'))).toBe('INVALID_INPUT');
    expect(errorCodeOf(() => money(1.5, 'USD'))).toBe('INVALID_INPUT');
    expect(errorCodeOf(() => money(Number.MAX_SAFE_INTEGER + 1, 'USD'))).toBe('INVALID_INPUT');
  });

  it('adds, subtracts, negates and sums exactly in minor units', () => {
    expect(addMoney(money(10, 'USD'), money(20, 'USD'))).toEqual(money(30, 'USD'));
    expect(subtractMoney(money(10, 'USD'), money(25, 'USD'))).toEqual(money(-15, 'USD'));
    expect(negateMoney(money(0, 'USD')).amountMinor).toBe(0);
    expect(Object.is(negateMoney(money(0, 'USD')).amountMinor, -0)).toBe(false);
    expect(sumMoney('EUR', [money(1, 'EUR'), money(2, 'EUR'), money(-4, 'EUR')])).toEqual(money(-1, 'EUR'));
    expect(sumMoney('EUR', [])).toEqual(money(0, 'EUR'));
    expect(minMoney(money(5, 'USD'), money(3, 'USD'), money(4, 'USD'))).toEqual(money(3, 'USD'));
  });

  it('never mixes currencies', () => {
    expect(errorCodeOf(() => addMoney(money(1, 'USD'), money(1, 'EUR')))).toBe('INVALID_INPUT');
    expect(errorCodeOf(() => sumMoney('USD', [money(1, 'EUR')]))).toBe('INVALID_INPUT');
  });
});

describe('percentRatio and multiplyMoney', () => {
  it('reads a percentage from its decimal text, exactly', () => {
    expect(percentRatio(3.5)).toEqual({ numerator: 35n, denominator: 1000n });
    expect(percentRatio(2)).toEqual({ numerator: 2n, denominator: 100n });
    expect(percentRatio(6.5)).toEqual({ numerator: 65n, denominator: 1000n });
    expect(errorCodeOf(() => percentRatio(-1))).toBe('INVALID_INPUT');
    expect(errorCodeOf(() => percentRatio(Number.NaN))).toBe('INVALID_INPUT');
  });

  it('rounds a half minor unit up, away from zero', () => {
    // 3.5% of 0.10 USD is 0.35 cent: rounds down; of 0.30 USD it is 1.05 → 1; of 1.00 USD 3.5 → 4.
    expect(multiplyMoney(money(10, 'USD'), percentRatio(3.5)).amountMinor).toBe(0);
    expect(multiplyMoney(money(30, 'USD'), percentRatio(3.5)).amountMinor).toBe(1);
    expect(multiplyMoney(money(100, 'USD'), percentRatio(3.5)).amountMinor).toBe(4);
    expect(multiplyMoney(money(-100, 'USD'), percentRatio(3.5)).amountMinor).toBe(-4);
    expect(multiplyMoney(money(25, 'USD'), percentRatio(2)).amountMinor).toBe(1); // 0.5 → 1
  });

  it('is exact where a float would not be', () => {
    // 0.07 × 1,000,000.00 in floats is 70000.00000000001; in minor units it is exact.
    expect(multiplyMoney(money(100_000_000, 'USD'), percentRatio(7)).amountMinor).toBe(7_000_000);
    expect(multiplyMoney(money(Number.MAX_SAFE_INTEGER, 'USD'), percentRatio(100)).amountMinor).toBe(Number.MAX_SAFE_INTEGER);
    expect(multiplyMoney(money(300, 'USD'), { numerator: 2n, denominator: 3n }).amountMinor).toBe(200);
  });
});
