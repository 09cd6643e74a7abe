import { DateTime } from 'luxon';
import { AppError } from '../errors.js';
import type { CalendarDate } from './types.js';

/** When a training track accepted at some moment must be finished. */
export interface TrainingDeadline {
  /** The last day, in the partner's time zone. */
  date: CalendarDate;
  /** The end of that day (23:59:59.999 local), epoch milliseconds. */
  at: number;
}

/**
 * The deadline of a track accepted at `acceptedAt`: `durationWeeks` calendar weeks later in
 * `timeZone`, to the end of that day. Weeks are added to the local date, so a DST change in between
 * does not shift the deadline by an hour.
 */
export function trainingDeadline(acceptedAt: Date | number, durationWeeks: number, timeZone: string): TrainingDeadline {
  const accepted = DateTime.fromMillis(typeof acceptedAt === 'number' ? acceptedAt : acceptedAt.getTime(), { zone: timeZone });
  if (!accepted.isValid) throw new AppError('INVALID_INPUT', `cannot place ${String(acceptedAt)} in time zone "${timeZone}"`);
  const end = accepted.plus({ weeks: durationWeeks }).endOf('day');
  return { date: end.toISODate() as CalendarDate, at: end.toMillis() };
}
