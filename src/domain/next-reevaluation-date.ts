import type { Program } from '../program/program-schema.js';
import { addDays, dayNumberOf, isCalendarDate } from './calendar-date.js';
import { nextStatusChangeDate } from './next-status-change-date.js';
import type { CalendarDate, HeldCertification } from './types.js';

/** What can change a partner's evaluation with no input changing: time passing. */
export interface ReevaluationInput {
  asOf: CalendarDate;
  certifications: readonly HeldCertification[];
  lastEnablementActivity: CalendarDate | null;
  /** Earned dates after `asOf` (see `listFutureEarnedDates`): each certification counts from that day. */
  earnedLater?: readonly CalendarDate[];
}

/**
 * The first date after `asOf` on which the partner's evaluation can change by itself: a
 * certification changes status, a certification earned on a later date starts to count, or the last
 * activity leaves the recent-activity window. Null when
 * nothing will change until an input does.
 */
export function nextReevaluationDate(input: ReevaluationInput, program: Program): CalendarDate | null {
  const dates: CalendarDate[] = [];
  for (const held of input.certifications) {
    const date = nextStatusChangeDate(held.expiresOn, input.asOf, program);
    if (date !== null) dates.push(date);
  }
  for (const earnedOn of input.earnedLater ?? []) {
    if (isCalendarDate(earnedOn) && dayNumberOf(earnedOn) > dayNumberOf(input.asOf)) dates.push(earnedOn);
  }
  const last = input.lastEnablementActivity;
  if (last !== null && isCalendarDate(last)) {
    const activityLapses = addDays(last, program.activityWindowDays);
    if (dayNumberOf(activityLapses) > dayNumberOf(input.asOf)) dates.push(activityLapses);
  }
  return dates.length === 0 ? null : dates.reduce((earliest, date) => (date < earliest ? date : earliest));
}
