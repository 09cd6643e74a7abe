import { describe, expect, it } from 'vitest';
import { addDays, addYears, daysBetween, isCalendarDate, startOfDayIn, todayIn } from '../../../src/domain/calendar-date.js';
import { isAppError } from '../../../src/errors.js';

describe('todayIn', () => {
  it('gives the local date of an instant in the partner zone', () => {
    const instant = Date.parse('2026-03-29T22:30:00Z'); // 00:30 on 30 March in Berlin (summer time)
    expect(todayIn('Europe/Berlin', instant)).toBe('2026-03-30');
    expect(todayIn('UTC', instant)).toBe('2026-03-29');
  });

  it('gives the previous day west of UTC', () => {
    expect(todayIn('America/New_York', new Date('2026-01-01T03:00:00Z'))).toBe('2025-12-31');
  });

  it('rejects an unknown time zone with INVALID_INPUT', () => {
    let caught: unknown;
    try {
      todayIn('Mars/Olympus', 0);
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught, 'INVALID_INPUT')).toBe(true);
  });
});

describe('daysBetween', () => {
  it('counts whole calendar days across a DST change', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
  });

  it('is negative when the second date is earlier', () => {
    expect(daysBetween('2026-01-10', '2025-12-31')).toBe(-10);
  });

  it('counts 366 days across a leap year', () => {
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('is NaN when a date is not a date', () => {
    expect(daysBetween('2026-02-30', '2026-03-01')).toBeNaN();
  });
});

describe('addYears', () => {
  it('turns 29 February plus one year into 28 February', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
  });

  it('turns 29 February plus two years into 28 February', () => {
    expect(addYears('2024-02-29', 2)).toBe('2026-02-28');
  });

  it('keeps 29 February four years later', () => {
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });

  it('keeps an ordinary date', () => {
    expect(addYears('2025-03-01', 3)).toBe('2028-03-01');
  });
});

describe('addDays', () => {
  it('moves across months and years', () => {
    expect(addDays('2025-12-25', 10)).toBe('2026-01-04');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('isCalendarDate', () => {
  it('accepts only real YYYY-MM-DD dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2026-1-5')).toBe(false);
    expect(isCalendarDate('')).toBe(false);
    expect(isCalendarDate(null)).toBe(false);
  });
});

describe('startOfDayIn', () => {
  it('is the first instant whose date in the zone is the given day', () => {
    expect(startOfDayIn('Europe/Berlin', '2026-07-01')).toBe(Date.parse('2026-06-30T22:00:00Z'));
    expect(startOfDayIn('UTC', '2026-07-01')).toBe(Date.parse('2026-07-01T00:00:00Z'));
    // Santiago skips midnight on 6 September 2026: the day begins at 01:00.
    expect(startOfDayIn('America/Santiago', '2026-09-06')).toBe(Date.parse('2026-09-06T04:00:00Z'));
  });

  it('takes the earlier of a midnight that happens twice', () => {
    // Havana's clocks go back from 01:00 to 00:00 on 3 November 2024.
    const start = startOfDayIn('America/Havana', '2024-11-03');
    expect(start).toBe(Date.parse('2024-11-03T04:00:00Z'));
    expect(todayIn('America/Havana', start)).toBe('2024-11-03');
    expect(todayIn('America/Havana', start - 1)).toBe('2024-11-02');
  });

  it('refuses a zone that is not one', () => {
    let error: unknown;
    try {
      startOfDayIn('Mars/Olympus', '2026-07-01');
    } catch (caught) {
      error = caught;
    }
    expect(isAppError(error) && error.code).toBe('INVALID_INPUT');
  });

  it('answers a day asked again as the first time, in each zone, and refuses a bad zone every time', () => {
    for (let ask = 0; ask < 2; ask++) {
      expect(startOfDayIn('Asia/Tokyo', '2026-03-08')).toBe(Date.parse('2026-03-07T15:00:00Z'));
      expect(startOfDayIn('America/New_York', '2026-03-08')).toBe(Date.parse('2026-03-08T05:00:00Z'));
      expect(startOfDayIn('America/New_York', '2026-03-09')).toBe(Date.parse('2026-03-09T04:00:00Z'));
      expect(() => startOfDayIn('Mars/Olympus', '2026-03-08')).toThrow(/time zone "Mars\/Olympus"/);
    }
  });
});
