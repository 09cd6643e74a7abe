import { DateTime } from 'luxon';
import type { CalendarDate } from '../domain/types.js';

/** `2026-05-14` → `Thursday 14 May 2026`, for people rather than machines. */
export function formatLongDate(date: CalendarDate): string {
  const parsed = DateTime.fromISO(date, { zone: 'utc', locale: 'en-GB' });
  return parsed.isValid ? parsed.toFormat('cccc d LLLL yyyy') : date;
}
