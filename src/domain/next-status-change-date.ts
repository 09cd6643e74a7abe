import type { Program } from '../program/program-schema.js';
import { addDays, dayNumberOf, isCalendarDate } from './calendar-date.js';
import { certificationStatus } from './certification-status.js';
import type { CalendarDate } from './types.js';

/**
 * The first calendar date after `asOf` on which a certification expiring on `expiresOn` changes
 * status: the first `expiring` day (expiresOn − (expiringWindowDays − 1)), the first `grace` day
 * (expiresOn + 1) or the first `expired` day (expiresOn + gracePeriodDays + 1). A stage the program
 * makes empty (a 0-day window or grace) is passed over. Null once expired for good, or for a
 * date that is not a date. A scheduler wakes the partner up on that day to re-evaluate it.
 */
export function nextStatusChangeDate(expiresOn: CalendarDate, asOf: CalendarDate, program: Program): CalendarDate | null {
  if (!isCalendarDate(expiresOn) || !isCalendarDate(asOf)) return null;
  const today = dayNumberOf(asOf);
  const expiry = dayNumberOf(expiresOn);
  const statusOn = (day: number) => certificationStatus(expiry - day, program);
  const current = statusOn(today);
  const candidates = [
    expiry - (program.expiringWindowDays - 1),
    expiry + 1,
    expiry + program.gracePeriodDays + 1,
  ].sort((a, b) => a - b);
  for (const day of candidates) {
    if (day > today && statusOn(day) !== current) return addDays(asOf, day - today);
  }
  return null;
}
