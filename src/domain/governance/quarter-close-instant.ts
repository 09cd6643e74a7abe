import { DateTime } from 'luxon';
import { AppError } from '../../errors.js';
import type { Quarter } from './types.js';

/**
 * The instant (epoch milliseconds) a quarter closes: midnight at the start of the day after its
 * last day, in the portal's time zone. A quarter ending 31 March closes at 1 April 00:00 there.
 */
export function quarterCloseInstant(quarter: Quarter, timeZone: string): number {
  const close = DateTime.fromISO(quarter.lastDay, { zone: timeZone }).plus({ days: 1 }).startOf('day');
  if (!close.isValid) {
    throw new AppError('INVALID_INPUT', `cannot place the close of ${quarter.label} in time zone "${timeZone}": use an IANA name such as Europe/Berlin`);
  }
  return close.toMillis();
}
