import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../../../src/domain/calendar-date.js';
import { nextQuarter } from '../../../../src/domain/governance/next-quarter.js';
import { parseQuarterLabel } from '../../../../src/domain/governance/parse-quarter-label.js';
import { quarterCloseInstant } from '../../../../src/domain/governance/quarter-close-instant.js';
import { quarterContaining } from '../../../../src/domain/governance/quarter-containing.js';
import { trailingTwelveMonths } from '../../../../src/domain/governance/trailing-twelve-months.js';
import { isAppError } from '../../../../src/errors.js';

const anyDate = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));
const anyStartMonth = fc.integer({ min: 1, max: 12 });

describe('quarterContaining', () => {
  it('uses calendar quarters when the fiscal year starts in January', () => {
    expect(quarterContaining('2027-03-31', 1)).toEqual({
      label: '2027Q1',
      fiscalYear: 2027,
      number: 1,
      firstDay: '2027-01-01',
      lastDay: '2027-03-31',
    });
    expect(quarterContaining('2027-04-01', 1).label).toBe('2027Q2');
    expect(quarterContaining('2026-12-31', 1).label).toBe('2026Q4');
  });

  it('names a fiscal year starting in July after the calendar year it ends in', () => {
    expect(quarterContaining('2026-07-01', 7)).toMatchObject({ label: '2027Q1', firstDay: '2026-07-01', lastDay: '2026-09-30' });
    expect(quarterContaining('2027-06-30', 7)).toMatchObject({ label: '2027Q4', firstDay: '2027-04-01', lastDay: '2027-06-30' });
  });

  it('ends a February quarter on the leap day in a leap year', () => {
    expect(quarterContaining('2028-02-29', 12)).toMatchObject({ label: '2028Q1', firstDay: '2027-12-01', lastDay: '2028-02-29' });
    expect(quarterContaining('2027-02-10', 12).lastDay).toBe('2027-02-28');
  });

  it('refuses a date that does not exist and a month that is not one', () => {
    expect(() => quarterContaining('2027-02-29', 1)).toThrow(/not a YYYY-MM-DD date/);
    try {
      quarterContaining('2027-01-01', 13);
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error, 'INVALID_INPUT')).toBe(true);
    }
  });

  it('every date lies inside its quarter, which spans three whole months', () => {
    fc.assert(
      fc.property(anyDate, anyStartMonth, (date, startMonth) => {
        const quarter = quarterContaining(date, startMonth);
        expect(daysBetween(quarter.firstDay, date)).toBeGreaterThanOrEqual(0);
        expect(daysBetween(date, quarter.lastDay)).toBeGreaterThanOrEqual(0);
        expect(quarter.firstDay.slice(8)).toBe('01');
        expect(quarterContaining(addDays(quarter.lastDay, 1), startMonth).firstDay).toBe(addDays(quarter.lastDay, 1));
        expect(daysBetween(quarter.firstDay, quarter.lastDay)).toBeGreaterThanOrEqual(88);
        expect(daysBetween(quarter.firstDay, quarter.lastDay)).toBeLessThanOrEqual(91);
      }),
    );
  });
});

describe('nextQuarter', () => {
  it('goes from Q4 to Q1 of the next fiscal year', () => {
    expect(nextQuarter(quarterContaining('2026-11-15', 1), 1).label).toBe('2027Q1');
    expect(nextQuarter(quarterContaining('2027-05-15', 7), 7).label).toBe('2028Q1');
  });

  it('starts the day after the quarter ends, and four steps make a year', () => {
    fc.assert(
      fc.property(anyDate, anyStartMonth, (date, startMonth) => {
        const quarter = quarterContaining(date, startMonth);
        const next = nextQuarter(quarter, startMonth);
        expect(next.firstDay).toBe(addDays(quarter.lastDay, 1));
        let later = quarter;
        for (let i = 0; i < 4; i += 1) later = nextQuarter(later, startMonth);
        expect(later).toMatchObject({ number: quarter.number, fiscalYear: quarter.fiscalYear + 1 });
      }),
    );
  });
});

describe('parseQuarterLabel', () => {
  it('reads YYYYQn in calendar and fiscal calendars', () => {
    expect(parseQuarterLabel('2027Q1', 1)).toMatchObject({ firstDay: '2027-01-01', lastDay: '2027-03-31' });
    expect(parseQuarterLabel('2027q4', 7)).toMatchObject({ label: '2027Q4', firstDay: '2027-04-01', lastDay: '2027-06-30' });
  });

  it('refuses anything else with a hint', () => {
    for (const label of ['2027Q5', '27Q1', '2027-Q1', '']) {
      expect(() => parseQuarterLabel(label, 1)).toThrow(/write it as YYYYQn/);
    }
  });

  it('is the inverse of the label of a quarter', () => {
    fc.assert(
      fc.property(anyDate, anyStartMonth, (date, startMonth) => {
        const quarter = quarterContaining(date, startMonth);
        expect(parseQuarterLabel(quarter.label, startMonth)).toEqual(quarter);
      }),
    );
  });
});

describe('quarterCloseInstant', () => {
  it('closes at midnight starting the next quarter in the portal time zone', () => {
    const q1 = parseQuarterLabel('2027Q1', 1);
    expect(new Date(quarterCloseInstant(q1, 'UTC')).toISOString()).toBe('2027-04-01T00:00:00.000Z');
    expect(new Date(quarterCloseInstant(q1, 'America/New_York')).toISOString()).toBe('2027-04-01T04:00:00.000Z');
    expect(new Date(quarterCloseInstant(q1, 'Asia/Tokyo')).toISOString()).toBe('2027-03-31T15:00:00.000Z');
  });

  it('refuses an unknown time zone', () => {
    expect(() => quarterCloseInstant(parseQuarterLabel('2027Q1', 1), 'Mars/Base')).toThrow(/IANA/);
  });
});

describe('trailingTwelveMonths', () => {
  it('runs from the day after the same date a year earlier', () => {
    expect(trailingTwelveMonths('2027-03-31')).toEqual({ from: '2026-04-01', to: '2027-03-31' });
  });

  it('across a leap day: 29 February 2028 looks back to 1 March 2027, and the leap day counts a year later', () => {
    expect(trailingTwelveMonths('2028-02-29')).toEqual({ from: '2027-03-01', to: '2028-02-29' });
    expect(trailingTwelveMonths('2029-02-28')).toEqual({ from: '2028-02-29', to: '2029-02-28' });
  });

  it('covers 365 or 366 days ending on the day asked', () => {
    fc.assert(
      fc.property(anyDate, (date) => {
        const window = trailingTwelveMonths(date);
        expect(window.to).toBe(date);
        expect([364, 365]).toContain(daysBetween(window.from, window.to));
      }),
    );
  });
});
