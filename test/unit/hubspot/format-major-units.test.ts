import { describe, expect, it } from 'vitest';
import { formatMajorUnits } from '../../../src/hubspot/format-major-units.js';

describe('formatMajorUnits', () => {
  it('writes minor units as an exact HubSpot number in major units, without trailing zeros', () => {
    expect(formatMajorUnits(123_450, 'USD')).toBe('1234.5');
    expect(formatMajorUnits(100, 'USD')).toBe('1');
    expect(formatMajorUnits(5, 'USD')).toBe('0.05');
    expect(formatMajorUnits(0, 'USD')).toBe('0');
    expect(formatMajorUnits(-250, 'EUR')).toBe('-2.5');
  });

  it('follows the currency exponent (JPY has none, KWD three) and never rounds through a float', () => {
    expect(formatMajorUnits(5000, 'JPY')).toBe('5000');
    expect(formatMajorUnits(1_234_567, 'KWD')).toBe('1234.567');
    expect(formatMajorUnits(900_719_925_474_099, 'USD')).toBe('9007199254740.99');
  });
});
