import { DateTime } from 'luxon';
import { AppError } from '../errors.js';
import { addDays, isCalendarDate } from './calendar-date.js';
import type { CalendarDate } from './types.js';

const SATURDAY = 6;

function isBusinessDay(date: CalendarDate, holidays: ReadonlySet<CalendarDate>): boolean {
  return DateTime.fromISO(date, { zone: 'utc' }).weekday < SATURDAY && !holidays.has(date);
}

/**
 * The date `days` business days after `from` (Monday to Friday, `holidays` excluded; `from` itself
 * does not count). Dates are calendar days in the portal's time zone, so no zone is needed here.
 * With 0 days, `from` if it is a business day, else the next one.
 *
 * @throws AppError `INVALID_INPUT` for a date that is not `YYYY-MM-DD` or a negative count.
 */
export function addBusinessDays(from: CalendarDate, days: number, holidays: readonly CalendarDate[] = []): CalendarDate {
  if (!isCalendarDate(from) || !Number.isSafeInteger(days) || days < 0) {
    throw new AppError('INVALID_INPUT', `cannot add ${days} business days to "${from}"`);
  }
  const closed = new Set(holidays);
  let date = from;
  if (days === 0) {
    while (!isBusinessDay(date, closed)) date = addDays(date, 1);
    return date;
  }
  let left = days;
  while (left > 0) {
    date = addDays(date, 1);
    if (isBusinessDay(date, closed)) left -= 1;
  }
  return date;
}
