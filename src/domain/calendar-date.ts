import { DateTime } from 'luxon';
import { AppError } from '../errors.js';
import type { CalendarDate } from './types.js';

/*
 * Calendar dates are `YYYY-MM-DD` strings: a day in some zone, not an instant. Every conversion goes
 * through luxon. Evaluating a large population asks the same few thousand dates over and over, so
 * the conversions are memoised; the caches are bounded so a long-running server cannot grow them
 * without limit (a cleared cache only costs a recomputation).
 */

const CACHE_LIMIT = 50_000;
const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const dayNumbers = new Map<string, number>();
const datesByDayNumber = new Map<number, CalendarDate>();
/** validity years → earned date → date plus that many years. */
const yearsLater = new Map<number, Map<CalendarDate, CalendarDate | null>>();
/** time zone → calendar date → the first instant of that date there. */
const dayStarts = new Map<string, Map<CalendarDate, number>>();

function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

function parseDate(date: CalendarDate): DateTime | null {
  if (!ISO_DATE.test(date)) return null;
  const parsed = DateTime.fromISO(date, { zone: 'utc' });
  return parsed.isValid ? parsed : null;
}

/** True for a real `YYYY-MM-DD` date (2025-02-29 is not one). */
export function isCalendarDate(value: unknown): value is CalendarDate {
  return typeof value === 'string' && !Number.isNaN(dayNumberOf(value));
}

/**
 * Days since 1970-01-01 for a calendar date, NaN for anything that is not a real `YYYY-MM-DD`
 * date. Differences of day numbers are whole calendar days whatever the zone, because the date
 * is read at midnight UTC, where no day is 23 or 25 hours long.
 */
export function dayNumberOf(date: CalendarDate): number {
  const cached = dayNumbers.get(date);
  if (cached !== undefined) return cached;
  const parsed = parseDate(date);
  return remember(dayNumbers, date, parsed ? Math.round(parsed.toMillis() / MS_PER_DAY) : Number.NaN);
}

/** The calendar date of a day number (inverse of {@link dayNumberOf}). */
export function dateOfDayNumber(dayNumber: number): CalendarDate {
  const cached = datesByDayNumber.get(dayNumber);
  if (cached !== undefined) return cached;
  const date = DateTime.fromMillis(dayNumber * MS_PER_DAY, { zone: 'utc' }).toISODate();
  if (date === null) throw new AppError('INVALID_INPUT', `day number ${dayNumber} is not a date`);
  return remember(datesByDayNumber, dayNumber, date);
}

/** The calendar date it is at `instant` (a Date or epoch milliseconds) in `timeZone`. */
export function todayIn(timeZone: string, instant: Date | number): CalendarDate {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const date = DateTime.fromMillis(ms, { zone: timeZone }).toISODate();
  if (date === null) {
    throw new AppError('INVALID_INPUT', `cannot tell the date at ${ms} in time zone "${timeZone}": use an IANA name such as Europe/Berlin`);
  }
  return date;
}

/**
 * The first instant (epoch milliseconds) of calendar date `date` in `timeZone`: an instant is on
 * or after `date` there exactly when it is at or after this one, so a window of days is compared
 * as two instants rather than a date per instant.
 */
export function startOfDayIn(timeZone: string, date: CalendarDate): number {
  // Every partner of a zone evaluated on the same day asks the same two instants: finding them
  // asks the zone's offsets several times, which costs more than the rest of a deal summary.
  const cached = dayStarts.get(timeZone)?.get(date);
  if (cached !== undefined) return cached;
  const start = findStartOfDay(timeZone, date);
  let byDate = dayStarts.get(timeZone);
  if (!byDate) byDate = remember(dayStarts, timeZone, new Map<CalendarDate, number>());
  return remember(byDate, date, start);
}

function findStartOfDay(timeZone: string, date: CalendarDate): number {
  const start = DateTime.fromISO(date, { zone: timeZone }).startOf('day');
  if (!start.isValid) {
    throw new AppError('INVALID_INPUT', `cannot tell when ${date} starts in time zone "${timeZone}": use an IANA name such as Europe/Berlin`);
  }
  // A midnight that happens twice (clocks going back over it, as in Havana): luxon answers the
  // later one, the day began at the earlier.
  const later = start.toMillis();
  const before = DateTime.fromMillis(later - 1, { zone: timeZone });
  const earlier = later - (before.offset - start.offset) * 60_000;
  return earlier < later && DateTime.fromMillis(earlier, { zone: timeZone }).toISODate() === date ? earlier : later;
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier); NaN if either is not a date. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return dayNumberOf(to) - dayNumberOf(from);
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const start = dayNumberOf(date);
  if (Number.isNaN(start)) throw new AppError('INVALID_INPUT', `"${date}" is not a YYYY-MM-DD date`);
  return dateOfDayNumber(start + days);
}

/**
 * `date` plus `years` calendar years. 29 February plus a year is 28 February (luxon clamps to the
 * end of the month); plus four years it is 29 February again.
 */
export function addYears(date: CalendarDate, years: number): CalendarDate {
  let byDate = yearsLater.get(years);
  if (!byDate) {
    byDate = new Map();
    yearsLater.set(years, byDate);
  }
  let later = byDate.get(date);
  if (later === undefined) {
    const parsed = parseDate(date);
    later = remember(byDate, date, parsed ? parsed.plus({ years }).toISODate() : null);
  }
  if (later === null) throw new AppError('INVALID_INPUT', `"${date}" is not a YYYY-MM-DD date`);
  return later;
}
