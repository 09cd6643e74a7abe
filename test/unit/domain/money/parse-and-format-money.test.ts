import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../../../src/domain/money/format-money.js';
import { money } from '../../../../src/domain/money/money.js';
import { parseMoney } from '../../../../src/domain/money/parse-money.js';
import { isAppError } from '../../../../src/errors.js';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return isAppError(error) ? error.code : 'not an AppError';
  }
  return undefined;
}

describe('parseMoney', () => {
  it('reads major units into exact minor units', () => {
    expect(parseMoney('99999.99', 'USD')).toEqual(money(9_999_999, 'USD'));
    expect(parseMoney('1,234.5', 'USD')).toEqual(money(123_450, 'USD'));
    expect(parseMoney('-12', 'EUR')).toEqual(money(-1200, 'EUR'));
    expect(parseMoney('1500', 'JPY')).toEqual(money(1500, 'JPY'));
    expect(parseMoney('1.234', 'KWD')).toEqual(money(1234, 'KWD'));
  });

  it('refuses more decimals than the currency has, and text that is not an amount', () => {
    expect(codeOf(() => parseMoney('0.001', 'USD'))).toBe('INVALID_INPUT');
    expect(codeOf(() => parseMoney('1.5', 'JPY'))).toBe('INVALID_INPUT');
    expect(codeOf(() => parseMoney('1,23.00', 'USD'))).toBe('INVALID_INPUT');
    expect(codeOf(() => parseMoney('1e3', 'USD'))).toBe('INVALID_INPUT');
    expect(codeOf(() => parseMoney('', 'USD'))).toBe('INVALID_INPUT');
    expect(codeOf(() => parseMoney('99999999999999999', 'USD'))).toBe('INVALID_INPUT');
  });
});

describe('formatMoney', () => {
  it('names the currency and shows its minor units', () => {
    expect(formatMoney(money(123_456, 'USD'))).toBe('USD 1,234.56');
    expect(formatMoney(money(5, 'USD'))).toBe('USD 0.05');
    expect(formatMoney(money(-500, 'EUR'))).toBe('EUR -5.00');
    expect(formatMoney(money(1_234_567, 'JPY'))).toBe('JPY 1,234,567');
    expect(formatMoney(money(1, 'KWD'))).toBe('KWD 0.001');
  });

  it('reads back what it wrote', () => {
    for (const amountMinor of [0, 1, 99, 100, 123_456_789, -42]) {
      const formatted = formatMoney(money(amountMinor, 'USD')).slice(4);
      expect(parseMoney(formatted, 'USD').amountMinor).toBe(amountMinor);
    }
  });
});
