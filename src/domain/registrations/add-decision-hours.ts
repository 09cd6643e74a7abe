import { DateTime, IANAZone } from 'luxon';
import type { RegistrationSettings } from '../../program/registration-settings.js';
import { WEEKDAYS } from '../../program/registration-settings.js';
import { AppError } from '../../errors.js';
import type { Instant } from './types.js';

const MS_PER_HOUR = 3_600_000;
/** A clock that finds no working time in ten years is misconfigured, not slow. */
const MAX_DAYS = 3_660;

function atLocalTime(day: DateTime, clock: string): DateTime {
  const [hour, minute] = clock.split(':').map(Number);
  return day.set({ hour: hour!, minute: minute!, second: 0, millisecond: 0 });
}

function addBusinessHours(start: Instant, hours: number, settings: RegistrationSettings, timeZone: string): Instant {
  const { days, start: opens, end: closes, holidays } = settings.businessHours;
  let remaining = hours * MS_PER_HOUR;
  let day = DateTime.fromMillis(start, { zone: timeZone }).startOf('day');
  for (let i = 0; i < MAX_DAYS; i += 1, day = day.plus({ days: 1 }).startOf('day')) {
    const working = days.includes(WEEKDAYS[day.weekday - 1]!) && !holidays.includes(day.toISODate()!);
    if (!working) continue;
    // Wall-clock opening and closing in the zone, so a DST change moves them with the clock.
    const from = Math.max(start, atLocalTime(day, opens).toMillis());
    const until = atLocalTime(day, closes).toMillis();
    if (from >= until) continue;
    if (remaining <= until - from) return from + remaining;
    remaining -= until - from;
  }
  throw new AppError('INVALID_PROGRAM', `registrations.businessHours leaves no working time within ${MAX_DAYS} days`);
}

/**
 * The instant `hours` decision hours after `start` (docs/registrations.md, "Decision deadline").
 * By default every hour counts (48 hours is 48 elapsed hours, whatever the clocks do); with
 * `businessHoursOnly`, only the business hours of `timeZone` count, skipping other days and
 * holidays, and a clock started outside them starts at the next opening. Zero hours is `start`.
 */
export function addDecisionHours(start: Instant, hours: number, settings: RegistrationSettings, timeZone: string): Instant {
  if (!settings.businessHoursOnly) return start + hours * MS_PER_HOUR;
  if (!IANAZone.isValidZone(timeZone)) {
    throw new AppError('INVALID_INPUT', `unknown time zone "${timeZone}": use an IANA name such as Europe/Berlin`);
  }
  // No hours is no time, wherever the clock stands (so a hours then b more is always a + b).
  if (hours <= 0) return start;
  return addBusinessHours(start, hours, settings, timeZone);
}
