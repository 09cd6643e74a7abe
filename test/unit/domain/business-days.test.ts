import { describe, expect, it } from 'vitest';
import { addBusinessDays } from '../../../src/domain/add-business-days.js';
import { isAppError } from '../../../src/errors.js';

describe('addBusinessDays', () => {
  it('skips the weekend', () => {
    // Friday 4 December 2026 + 1 business day = Monday 7 December
    expect(addBusinessDays('2026-12-04', 1)).toBe('2026-12-07');
    // Monday + 5 = the next Monday
    expect(addBusinessDays('2026-12-07', 5)).toBe('2026-12-14');
  });

  it('skips program holidays across a weekend (claim verification, 5 business days)', () => {
    // Approved Wednesday 23 Dec; 24, 25 Dec holidays, 26–27 weekend, 31 Dec and 1 Jan holidays:
    // business days are 28, 29, 30 Dec, 4, 5 Jan.
    const holidays = ['2026-12-24', '2026-12-25', '2026-12-31', '2027-01-01'];
    expect(addBusinessDays('2026-12-23', 5, holidays)).toBe('2027-01-05');
    expect(addBusinessDays('2026-12-23', 5)).toBe('2026-12-30');
  });

  it('counts 15 business days for payment', () => {
    expect(addBusinessDays('2026-06-01', 15)).toBe('2026-06-22');
  });

  it('with 0 days, moves a weekend or holiday to the next business day', () => {
    expect(addBusinessDays('2026-12-05', 0)).toBe('2026-12-07');
    expect(addBusinessDays('2026-12-07', 0)).toBe('2026-12-07');
    expect(addBusinessDays('2026-12-25', 0, ['2026-12-25'])).toBe('2026-12-28');
  });

  it('refuses a bad date or a negative count with INVALID_INPUT', () => {
    for (const call of [() => addBusinessDays('2026-02-30', 1), () => addBusinessDays('2026-12-07', -1)]) {
      let caught: unknown;
      try {
        call();
      } catch (error) {
        caught = error;
      }
      expect(isAppError(caught, 'INVALID_INPUT')).toBe(true);
    }
  });
});
