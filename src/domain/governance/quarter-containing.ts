import { DateTime } from 'luxon';
import { AppError } from '../../errors.js';
import type { CalendarDate } from '../types.js';
import type { Quarter } from './types.js';

/**
 * The fiscal quarter a calendar date falls in, quarters counted from `fiscalYearStartMonth`
 * (1 = calendar quarters). The fiscal year is named after the calendar year in which it ends.
 */
export function quarterContaining(date: CalendarDate, fiscalYearStartMonth: number): Quarter {
  const day = DateTime.fromISO(date, { zone: 'utc' });
  if (!day.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw new AppError('INVALID_INPUT', `"${date}" is not a YYYY-MM-DD date`);
  }
  if (!Number.isInteger(fiscalYearStartMonth) || fiscalYearStartMonth < 1 || fiscalYearStartMonth > 12) {
    throw new AppError('INVALID_INPUT', `fiscal year start month ${fiscalYearStartMonth} is not a month from 1 to 12`);
  }
  const monthsIntoYear = (day.month - fiscalYearStartMonth + 12) % 12;
  const yearStart = day.startOf('month').minus({ months: monthsIntoYear });
  const index = Math.floor(monthsIntoYear / 3);
  const firstDay = yearStart.plus({ months: index * 3 });
  const fiscalYear = yearStart.plus({ months: 11 }).year;
  const number = (index + 1) as Quarter['number'];
  return {
    label: `${fiscalYear}Q${number}`,
    fiscalYear,
    number,
    firstDay: firstDay.toISODate()!,
    lastDay: firstDay.plus({ months: 3 }).minus({ days: 1 }).toISODate()!,
  };
}
