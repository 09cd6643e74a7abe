import { dayNumberOf, isCalendarDate } from './calendar-date.js';
import type { CalendarDate, ContactSnapshot } from './types.js';

/**
 * The earned dates after `asOf` of the program's certifications (`certificationIds`), one per
 * (contact, certification), unsorted. Such a certification counts for nothing until that day and
 * from that day on counts (docs/rules.md, "Certification expiry"), so each is a day the partner's
 * evaluation changes by itself.
 */
export function listFutureEarnedDates(contacts: readonly ContactSnapshot[], certificationIds: readonly string[], asOf: CalendarDate): CalendarDate[] {
  const today = dayNumberOf(asOf);
  const dates: CalendarDate[] = [];
  for (const contact of contacts) {
    for (const certificationId of certificationIds) {
      const earnedOn = contact.certificationsEarnedOn[certificationId];
      if (earnedOn === undefined || earnedOn === null || !isCalendarDate(earnedOn)) continue;
      if (dayNumberOf(earnedOn) > today) dates.push(earnedOn);
    }
  }
  return dates;
}
